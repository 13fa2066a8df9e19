/** Copy ID, Copy URL, Copy as JSON. */
import vscode = require('vscode');
import type { Webhook } from '../../core/api/schemas';
import { COMMANDS } from '../constants';
import { resolveWebhook } from '../input/target';
import type { Services } from '../services';
import type { CommandContext, CommandRegistry } from './register';

export function registerClipboardCommands(s: Services, r: CommandRegistry): void {
  const copy = (what: string, pick: (w: Webhook) => string) => async (c: CommandContext) => {
    const w = await resolveWebhook(s, c, { title: vscode.l10n.t('Copy the {0} of…', what) });
    if (!w) return undefined;
    const text = pick(w);
    await vscode.env.clipboard.writeText(text);
    void vscode.window.setStatusBarMessage(vscode.l10n.t('$(copy) Copied the {0} of "{1}"', what, w.name), 3000);
    return text;
  };
  r.register(COMMANDS.copyId, copy('id', (w) => w.id));
  r.register(COMMANDS.copyUrl, copy('URL', (w) => w.webhook_url));
  r.register(COMMANDS.copyJson, copy('JSON', (w) => JSON.stringify(w, null, 2)));
}
