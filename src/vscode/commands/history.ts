/** Open Request History: for a configuration, for an environment, or from the palette (asks the scope). */
import vscode = require('vscode');
import { envLabel } from '../../core/model';
import type { HistoryScope } from '../../shared/protocol';
import { COMMANDS } from '../constants';
import type { HistoryPanel, HistoryPanels } from '../history/panel';
import { webhookScope } from '../history/state';
import type { Services } from '../services';
import { shortUrl } from '../tree/webhookNode';
import type { CommandContext, CommandRegistry } from './register';

export function registerHistoryCommands(s: Services, r: CommandRegistry, panels: HistoryPanels): void {
  const open = async (c: CommandContext): Promise<HistoryPanel | undefined> => {
    const scope = await scopeOf(c);
    const panel = scope ? panels.open(scope) : undefined;
    // A link to one delivery (the receiver tests' Replay History): it is selected once loaded.
    const deliveryId = c.args?.['deliveryId'];
    if (panel && typeof deliveryId === 'string' && deliveryId !== '') panel.revealDelivery(deliveryId);
    return panel;
  };

  const scopeOf = async (c: CommandContext): Promise<HistoryScope | undefined> => {
    const w = c.webhook ?? (c.text !== undefined ? s.catalog.find(c.text) : undefined);
    if (w) return webhookScope(w);
    // An environment node, or `{ env }` from another command: that environment's deliveries.
    const env = c.node?.kind === 'environment' || c.args ? c.env : undefined;
    if (env !== undefined) return { env, title: envLabel(env) };
    if (!s.connection.mode) {
      await vscode.commands.executeCommand(COMMANDS.connectionActions);
      return undefined;
    }
    // From the palette: an environment's deliveries, or one configuration's.
    if (s.catalog.all().length === 0) await s.catalog.refresh();
    type Item = vscode.QuickPickItem & { scope?: HistoryScope };
    const items: Item[] = [];
    const groups = s.catalog.groups();
    for (const env of groups.length > 0 ? groups : s.connection.environments) {
      items.push({ label: envLabel(env), kind: vscode.QuickPickItemKind.Separator });
      items.push({ label: vscode.l10n.t('$(history) All {0} deliveries', envLabel(env)), scope: { env, title: envLabel(env) } });
      for (const w of s.catalog.all().filter((x) => x.env_type === env)) {
        items.push({ label: w.name, description: shortUrl(w.webhook_url), scope: webhookScope(w) });
      }
    }
    const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Open Request History'), placeHolder: vscode.l10n.t('An environment, or one configuration'), matchOnDescription: true });
    return picked?.scope;
  };

  r.register(COMMANDS.openHistory, open);
}
