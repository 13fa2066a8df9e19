import * as vscode from 'vscode';
import { envLabel } from '../core/model';
import { COMMANDS } from './constants';
import type { Connection } from './connection';
import type { SandboxHost } from './sandboxHost';

/** Shows the connection (sandbox on port N / connected environments); opens the connection actions. */
export function createStatusBar(connection: Connection, sandbox: SandboxHost): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('transcrypts.connection', vscode.StatusBarAlignment.Left, 10);
  item.name = 'Transcrypts Connection';
  item.command = COMMANDS.connectionActions;
  const update = () => {
    if (connection.mode === 'sandbox') {
      const port = sandbox.running?.port;
      item.text = `$(beaker) Transcrypts: sandbox :${port ?? '?'}`;
      item.tooltip = `Connected to the local sandbox on ${sandbox.running?.baseUrl ?? '?'}. Click for connection actions.`;
    } else if (connection.mode === 'remote') {
      const envs = connection.environments.map((e) => envLabel(e)).join(', ') || 'no secrets';
      item.text = `$(cloud) Transcrypts: ${envs}`;
      item.tooltip = `Connected to ${connection.baseUrl ?? '?'} (${envs}). Click for connection actions.`;
    } else {
      item.text = '$(debug-disconnect) Transcrypts';
      item.tooltip = 'Not connected. Click to use the local sandbox or connect.';
    }
    item.accessibilityInformation = { label: item.tooltip };
    item.show();
  };
  update();
  const subs = [connection.onDidChange(update), sandbox.onDidChange(update)];
  return vscode.Disposable.from(item, ...subs);
}
