/** Copy ID, Copy URL, Copy as JSON. */
import * as vscode from 'vscode';
import type { Webhook } from '../../core/api/schemas';
import { COMMANDS } from '../constants';
import { resolveWebhook, type Target } from '../input/target';
import type { Services } from '../services';

export function registerClipboardCommands(s: Services): vscode.Disposable[] {
  const copy = (what: string, pick: (w: Webhook) => string) => async (arg?: Target) => {
    const w = await resolveWebhook(s, arg, { title: `Copy the ${what} of…` });
    if (!w) return undefined;
    const text = pick(w);
    await vscode.env.clipboard.writeText(text);
    void vscode.window.setStatusBarMessage(`$(copy) Copied the ${what} of "${w.name}"`, 3000);
    return text;
  };
  return [
    vscode.commands.registerCommand(COMMANDS.copyId, copy('id', (w) => w.id)),
    vscode.commands.registerCommand(COMMANDS.copyUrl, copy('URL', (w) => w.webhook_url)),
    vscode.commands.registerCommand(COMMANDS.copyJson, copy('JSON', (w) => JSON.stringify(w, null, 2))),
  ];
}
