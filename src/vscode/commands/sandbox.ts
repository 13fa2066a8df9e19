import * as vscode from 'vscode';
import { COMMANDS } from '../constants';
import type { Log } from '../log';
import type { SandboxHost, SandboxInfo } from '../sandboxHost';

/** "Start Local Sandbox" / "Stop Local Sandbox". Both return what happened, for tests and other commands. */
export function registerSandboxCommands(host: SandboxHost, log: Log): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMANDS.startSandbox, async (): Promise<SandboxInfo | undefined> => {
      const already = host.info();
      if (already) {
        void announce(`The local sandbox is already running on ${already.baseUrl}`, already);
        return already;
      }
      try {
        await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Starting the local Transcrypts sandbox…' }, () => host.start());
      } catch (e) {
        log.error('The local sandbox did not start', e);
        const choice = await vscode.window.showErrorMessage(
          `The local sandbox did not start: ${e instanceof Error ? e.message : String(e)}`,
          'Show Logs',
          'Retry',
        );
        if (choice === 'Show Logs') log.show();
        if (choice === 'Retry') return vscode.commands.executeCommand<SandboxInfo | undefined>(COMMANDS.startSandbox);
        return undefined;
      }
      const info = host.info();
      if (info) void announce(`Local sandbox listening on ${info.baseUrl}`, info);
      return info;
    }),
    vscode.commands.registerCommand(COMMANDS.stopSandbox, async (): Promise<boolean> => {
      const stopped = await host.stop();
      void vscode.window.showInformationMessage(stopped ? 'The local sandbox stopped.' : 'The local sandbox is not running.');
      return stopped;
    }),
    vscode.commands.registerCommand(COMMANDS.showLogs, () => log.show()),
  ];

  async function announce(message: string, info: SandboxInfo): Promise<void> {
    const choice = await vscode.window.showInformationMessage(message, 'Copy URL', 'Show Logs');
    if (choice === 'Copy URL') await vscode.env.clipboard.writeText(info.baseUrl);
    if (choice === 'Show Logs') log.show();
  }
}
