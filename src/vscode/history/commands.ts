/** Open Request History: for a configuration, for an environment, or from the palette (asks the scope). */
import vscode = require('vscode');
import { envLabel } from '../../core/model';
import type { HistoryScope } from '../../shared/protocol';
import { COMMANDS } from '../platform/constants';
import type { HistoryPanel, HistoryPanels } from './panel';
import { webhookScope } from './state';
import type { Services } from '../services';
import { shortUrl } from '../../shared/display';
import type { CommandContext, CommandRegistry } from '../platform/commandRegistry';
import { DELIVERY_ACTIONS, type ActionName } from './actions';
import { pickDelivery, tellAnswer } from './palette';
import type { PanelDeps } from './session';

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

/** The delivery actions from the palette: the environment, then the delivery from a searchable pick; the panel's table runs. */
export function registerDeliveryCommands(s: Services, r: CommandRegistry, deps: PanelDeps): void {
  const on = (title: () => string, action: ActionName) => async (c: CommandContext) => {
    const picked = await pickDelivery(s, deps, c, title());
    if (!picked) return;
    await DELIVERY_ACTIONS[action](picked.session, [picked.row.key], { onAnswer: (a) => tellAnswer(picked.row, a) });
  };
  r.register(COMMANDS.replayDelivery, on(() => vscode.l10n.t('Replay a Delivery'), 'replay'));
  r.register(COMMANDS.copyDeliveryCurl, on(() => vscode.l10n.t('Copy a Delivery as cURL'), 'copyCurl'));
  r.register(COMMANDS.compareDelivery, on(() => vscode.l10n.t('Compare a Delivery With…'), 'compare'));
  r.register(COMMANDS.saveDeliveryFixture, on(() => vscode.l10n.t('Save a Delivery as Fixture'), 'saveFixtures'));
  r.register(COMMANDS.openDeliveryPayload, on(() => vscode.l10n.t('Open a Delivery\'s Payload in Editor'), 'openPayload'));
}
