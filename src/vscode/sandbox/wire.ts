/** The embedded local sandbox's commands (Start, Stop, Show Logs), and what a change of its profile offers. */
import vscode = require('vscode');
import type { CommandRegistry } from '../platform/commandRegistry';
import { COMMANDS } from '../platform/constants';
import { offer } from '../platform/errors';
import { affects, setting } from '../platform/settings/read';
import { registerSandboxCommands, type SandboxDeps } from './commands';

export function wireSandbox(s: SandboxDeps, commands: CommandRegistry): vscode.Disposable {
  registerSandboxCommands(s, commands);
  // The profile changed while the sandbox runs the other one: it is not restarted under the user's feet (its data
  // and keys differ); Use the Local Sandbox starts it again with the new profile, and this says so.
  return vscode.workspace.onDidChangeConfiguration((e) => {
    const running = s.sandbox.info();
    if (!affects(e, 'sandbox.profile') || !running || running.profile === setting('sandbox.profile')) return;
    void offer('info', vscode.l10n.t('The local sandbox still runs the {0} profile. Use the Local Sandbox starts it again with {1} (its own data and keys).', running.profile, setting('sandbox.profile')), {
      title: vscode.l10n.t('Use the Local Sandbox'),
      run: () => vscode.commands.executeCommand(COMMANDS.useSandbox),
    });
  });
}
