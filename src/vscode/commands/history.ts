/** Open Request History: for a configuration, for an environment, or from the palette (asks the scope). */
import * as vscode from 'vscode';
import { envLabel } from '../../core/model';
import type { HistoryScope } from '../../shared/protocol';
import { COMMANDS } from '../constants';
import type { HistoryPanel, HistoryPanels } from '../history/panel';
import { resolveEnvironment, type Target } from '../input/target';
import type { Services } from '../services';
import { shortUrl } from '../tree/webhookNode';

export function registerHistoryCommands(s: Services, panels: HistoryPanels): vscode.Disposable[] {
  const open = async (arg?: Target): Promise<HistoryPanel | undefined> => {
    const scope = await scopeOf(arg);
    return scope ? panels.open(scope) : undefined;
  };

  const scopeOf = async (arg: Target): Promise<HistoryScope | undefined> => {
    if (arg && typeof arg !== 'string') {
      const w = arg.kind === 'webhook' ? arg.webhook : arg.kind === 'event' ? arg.parent.webhook : undefined;
      if (w) return { env: w.env_type, webhookId: w.id, webhookUrl: w.webhook_url, title: w.name };
      if (arg.kind === 'environment') return { env: arg.env, title: envLabel(arg.env) };
    }
    if (typeof arg === 'string') {
      const w = s.catalog.find(arg);
      if (w) return { env: w.env_type, webhookId: w.id, webhookUrl: w.webhook_url, title: w.name };
    }
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
      items.push({ label: `$(history) All ${envLabel(env)} deliveries`, scope: { env, title: envLabel(env) } });
      for (const w of s.catalog.all().filter((x) => x.env_type === env)) {
        items.push({ label: w.name, description: shortUrl(w.webhook_url), scope: { env, webhookId: w.id, webhookUrl: w.webhook_url, title: w.name } });
      }
    }
    const picked = await vscode.window.showQuickPick(items, { title: 'Open Request History', placeHolder: 'An environment, or one configuration', matchOnDescription: true });
    return picked?.scope;
  };

  return [
    vscode.commands.registerCommand(COMMANDS.openHistory, open),
    vscode.commands.registerCommand(COMMANDS.openEnvironmentHistory, async (arg?: Target) => {
      const env = await resolveEnvironment(s, arg, 'Open the request history of which environment?');
      return env ? panels.open({ env, title: envLabel(env) }) : undefined;
    }),
  ];
}
