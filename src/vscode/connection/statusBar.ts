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
  const update = () => {
    const local = connection.localSandbox;
    if (local) {
      // One sandbox, whichever it is: the embedded one or one started from the command line; say which.
      const port = new URL(local.baseUrl).port;
      item.text = vscode.l10n.t('$(beaker) Transcrypts: sandbox :{0}', port || '?');
      const where = local.dataDir ? vscode.l10n.t('data in {0}', local.dataDir) : vscode.l10n.t('data in memory');
      item.tooltip = local.embedded
        ? vscode.l10n.t('Connected to the embedded local sandbox on {0} ({1} profile, {2}). Click for connection actions.', local.baseUrl, local.profile, where)
        : vscode.l10n.t('Connected to a local sandbox started outside VS Code on {0} ({1} profile, {2}). Click for connection actions.', local.baseUrl, local.profile, where);
    } else if (connection.mode === 'remote') {
      const envs = connection.environments.map((e) => envLabel(e)).join(', ') || vscode.l10n.t('no secrets');
      item.text = vscode.l10n.t('$(cloud) Transcrypts: {0}', envs);
      item.tooltip = vscode.l10n.t('Connected to {0} ({1}). Click for connection actions.', connection.baseUrl ?? '?', envs);
    } else {
      item.text = vscode.l10n.t('$(debug-disconnect) Transcrypts');
      item.tooltip = vscode.l10n.t('Not connected. Click to use the local sandbox or connect.');
    }
    item.accessibilityInformation = { label: item.tooltip };
    item.show();
  };
  update();
  const subs = [connection.onDidChange(update), sandbox.onDidChange(update)];
  return vscode.Disposable.from(item, ...subs);
}
