/** The configuration a command acts on: the tree item it was invoked on, an id, or one the user picks. */
import vscode = require('vscode');
import type { Webhook } from '../../core/api/schemas';
import { isEnabled } from '../../core/api/schemas';
import { envLabel } from '../../core/model';
import type { CommandContext } from '../platform/commandRegistry';
import { COMMANDS } from '../platform/constants';
import { offer } from '../platform/errors';
import type { Services } from '../services';
import { shortUrl } from '../../shared/display';

export async function resolveWebhook(
  s: Services,
  c: CommandContext,
  o: { title: string; filter?: (w: Webhook) => boolean; none?: () => string } = { title: vscode.l10n.t('Choose a configuration') },
): Promise<Webhook | undefined> {
  if (c.webhook) return c.webhook;
  if (c.text !== undefined) return s.catalog.find(c.text) ?? notFoundMessage(c.text);
  if (!s.connection.mode) {
    void offer(
      'warning',
      vscode.l10n.t('Connect to Transcrypts or use the local sandbox first.'),
      { title: vscode.l10n.t('Use Local Sandbox'), run: () => vscode.commands.executeCommand(COMMANDS.useSandbox) },
      { title: vscode.l10n.t('Connect…'), run: () => vscode.commands.executeCommand(COMMANDS.connect) },
    );
    return undefined;
  }
  if (s.catalog.all().length === 0) await s.catalog.refresh();
  const candidates = s.catalog.all().filter(o.filter ?? (() => true));
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(o.none?.() ?? vscode.l10n.t('There is no configuration to choose from here.'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    candidates.map((w) => ({
      label: w.name,
      description: `${envLabel(w.env_type)} · ${shortUrl(w.webhook_url)}`,
      detail: isEnabled(w) ? undefined : 'disabled',
      iconPath: new vscode.ThemeIcon(w.enabled === undefined ? 'radio-tower' : isEnabled(w) ? 'pass' : 'circle-slash'),
      webhook: w,
    })),
    { title: o.title, placeHolder: vscode.l10n.t('Type to filter by name, environment or URL'), matchOnDescription: true },
  );
  return picked?.webhook;
}

function notFoundMessage(id: string): undefined {
  void vscode.window.showWarningMessage(vscode.l10n.t('No configuration with id {0} is loaded. Refresh the view and try again.', id.slice(0, 40)));
  return undefined;
}
