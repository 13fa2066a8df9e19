/** Listen in the window: its commands, the groups' descriptions, the status bar, the task type and the links. */
import vscode = require('vscode');
import { envLabel } from '../../core/model';
import type { CommandRegistry } from '../platform/commandRegistry';
import { CONTEXT } from '../platform/constants';
import { affects, setting } from '../platform/settings/read';
import type { HistoryPanels } from '../history/panel';
import type { Services } from '../services';
import { registerListenCommands } from './commands';
import { registerListenLinks } from './links';
import type { Listening } from './listening';
import { LAST_URL_KEY, shortTarget } from './request';
import { createListenStatusBar } from './statusBar';
import { registerListenTasks } from './tasks';
import { setContextKey } from '../platform/contextKeys';

export function wireListen(listening: Listening, s: Services, commands: CommandRegistry, panels: HistoryPanels, workspaceState: vscode.Memento): vscode.Disposable {
  registerListenCommands(s, commands, listening, workspaceState);
  // The groups show where their deliveries go (the tree renders a group again only when its target changed).
  const changed = listening.onDidChange(() => {
    s.decorations.setListening(new Map(listening.all.map((x) => [x.request.env, shortTarget(x.request.forwardTo)])));
    void setContextKey(CONTEXT.listening, listening.all.length > 0);
  });
  // Another connection (signed out, another account or sandbox): the sessions read the old one; they stop.
  let connected = s.connection.identity();
  const connectionChanged = s.connection.onDidChange(() => {
    if (s.connection.identity() === connected) return;
    connected = s.connection.identity();
    for (const session of listening.all) {
      session.terminal.line(vscode.l10n.t('The connection changed: listening stops.'));
      void listening.stop(session.request.env);
    }
  });
  // Production forwarding turned off, or production made read-only: a running production session stops.
  const settingsChanged = vscode.workspace.onDidChangeConfiguration((e) => {
    const prod = listening.session('prod');
    if (!prod || !(affects(e, 'listen.allowProduction') || affects(e, 'production.readOnly'))) return;
    if (setting('listen.allowProduction') && !setting('production.readOnly')) return;
    prod.terminal.line(vscode.l10n.t('Production forwarding is no longer allowed by the settings: listening stops.'));
    void listening.stop('prod');
  });
  return vscode.Disposable.from(
    changed,
    connectionChanged,
    settingsChanged,
    createListenStatusBar(listening, s.connection),
    registerListenTasks(listening, s.connection, () => workspaceState.get<string>(LAST_URL_KEY)),
    registerListenLinks(listening, (env, id) => panels.open({ env, title: envLabel(env) }).revealDelivery(id)),
  );
}
