import vscode = require('vscode');
import { envLabel } from '../../core/model';
import { COMMANDS } from '../platform/constants';
import type { Connection, ShownConnection } from './connection';
import type { SandboxHost } from '../sandbox/sandboxHost';

/** Shows the connection (sandbox on port N / connected environments); opens the connection actions. */
export function createStatusBar(connection: Connection, sandbox: SandboxHost): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('transcrypts.connection', vscode.StatusBarAlignment.Left, 10);
  item.name = vscode.l10n.t('Transcrypts Connection');
  item.command = COMMANDS.connectionActions;
  // Each assignment is a message to the workbench and a render of the item, even of the same value: a start tells
  // of the connection's change several times (the saved one announced, restored, the sandbox probe's answer).
  const update = () => {
    const { text, tooltip } = statusView(connection.shown);
    if (item.text === text && item.tooltip === tooltip) return;
    item.text = text;
    item.tooltip = tooltip;
    item.accessibilityInformation = { label: tooltip };
    item.show();
  };
  update();
  const subs = [connection.onDidChangeShown(update), sandbox.onDidChange(update)];
  return vscode.Disposable.from(item, ...subs);
}

/** The item's text and tooltip for the connection as shown (`Connection.shown`). */
function statusView(shown: ShownConnection): { text: string; tooltip: string } {
  switch (shown.kind) {
    case 'sandbox': {
      // One sandbox, whichever it is: the embedded one or one started from the command line; say which.
      const local = shown.sandbox;
      const port = portOf(local.baseUrl);
      const where = local.dataDir ? vscode.l10n.t('data in {0}', local.dataDir) : vscode.l10n.t('data in memory');
      return {
        text: vscode.l10n.t('$(beaker) Transcrypts: sandbox :{0}', port || '?'),
        tooltip: local.embedded
          ? vscode.l10n.t('Connected to the embedded local sandbox on {0} ({1} profile, {2}). Click for connection actions.', local.baseUrl, local.profile, where)
          : vscode.l10n.t('Connected to a local sandbox started outside VS Code on {0} ({1} profile, {2}). Click for connection actions.', local.baseUrl, local.profile, where),
      };
    }
    case 'checking': {
      // The saved sandbox starting, or a loopback API not yet asked whether it is one: the sandbox, most likely.
      const port = shown.baseUrl === undefined ? '' : portOf(shown.baseUrl);
      return {
        text: port ? vscode.l10n.t('$(beaker) Transcrypts: sandbox :{0}', port) : vscode.l10n.t('$(beaker) Transcrypts: sandbox'),
        tooltip: shown.baseUrl
          ? vscode.l10n.t('Checking for a local sandbox on {0}… Click for connection actions.', shown.baseUrl)
          : vscode.l10n.t('Starting the local sandbox… Click for connection actions.'),
      };
    }
    case 'remote': {
      const envs = shown.environments.map((e) => envLabel(e)).join(', ') || vscode.l10n.t('no secrets');
      return { text: vscode.l10n.t('$(cloud) Transcrypts: {0}', envs), tooltip: vscode.l10n.t('Connected to {0} ({1}). Click for connection actions.', shown.baseUrl, envs) };
    }
    case 'none':
      return { text: vscode.l10n.t('$(debug-disconnect) Transcrypts'), tooltip: vscode.l10n.t('Not connected. Click to use the local sandbox or connect.') };
  }
}

/** A URL's port ('' for the scheme's default, or a URL that is not one). */
function portOf(url: string): string {
  try {
    return new URL(url).port;
  } catch {
    return '';
  }
}
