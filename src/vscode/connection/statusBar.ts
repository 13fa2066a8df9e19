import vscode = require('vscode');
import { envLabel } from '../../core/model';
import { COMMANDS } from '../platform/constants';
import type { Connection } from './connection';
import type { SandboxHost } from '../sandbox/sandboxHost';

/** Shows the connection (sandbox on port N / connected environments); opens the connection actions. */
export function createStatusBar(connection: Connection, sandbox: SandboxHost): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('transcrypts.connection', vscode.StatusBarAlignment.Left, 10);
  item.name = vscode.l10n.t('Transcrypts Connection');
  item.command = COMMANDS.connectionActions;
  // Each assignment is a message to the workbench and a render of the item, even of the same value: a start tells
  // of the connection's change several times (the saved one announced, restored, the sandbox probe's answer).
  const update = () => {
    const { text, tooltip } = view();
    if (item.text === text && item.tooltip === tooltip) return;
    item.text = text;
    item.tooltip = tooltip;
    item.accessibilityInformation = { label: tooltip };
    item.show();
  };
  const view = (): { text: string; tooltip: string } => {
    const local = connection.localSandbox;
    if (local) {
      // One sandbox, whichever it is: the embedded one or one started from the command line; say which.
      const port = new URL(local.baseUrl).port;
      const where = local.dataDir ? vscode.l10n.t('data in {0}', local.dataDir) : vscode.l10n.t('data in memory');
      return {
        text: vscode.l10n.t('$(beaker) Transcrypts: sandbox :{0}', port || '?'),
        tooltip: local.embedded
          ? vscode.l10n.t('Connected to the embedded local sandbox on {0} ({1} profile, {2}). Click for connection actions.', local.baseUrl, local.profile, where)
          : vscode.l10n.t('Connected to a local sandbox started outside VS Code on {0} ({1} profile, {2}). Click for connection actions.', local.baseUrl, local.profile, where),
      };
    }
    if (connection.mode === 'remote') {
      const envs = connection.environments.map((e) => envLabel(e)).join(', ') || vscode.l10n.t('no secrets');
      return { text: vscode.l10n.t('$(cloud) Transcrypts: {0}', envs), tooltip: vscode.l10n.t('Connected to {0} ({1}). Click for connection actions.', connection.baseUrl ?? '?', envs) };
    }
    return { text: vscode.l10n.t('$(debug-disconnect) Transcrypts'), tooltip: vscode.l10n.t('Not connected. Click to use the local sandbox or connect.') };
  };
  update();
  const subs = [connection.onDidChange(update), sandbox.onDidChange(update)];
  return vscode.Disposable.from(item, ...subs);
}
