import vscode = require('vscode');
import { COMMANDS } from '../platform/constants';
import { offer, reportError } from '../platform/errors';
import type { Log } from '../platform/log';
import type { SandboxHost, SandboxInfo } from './sandboxHost';
import type { CommandRegistry } from '../platform/commandRegistry';

/** What the sandbox's commands use (the services of extension.ts have them). */
export interface SandboxDeps {
  sandbox: SandboxHost;
  log: Log;
}

/** "Start Local Sandbox" / "Stop Local Sandbox" / "Show Logs". Start and stop return what happened, for tests and other commands. */
export function registerSandboxCommands({ sandbox: host, log }: SandboxDeps, r: CommandRegistry): void {
  const announce = (message: string, info: SandboxInfo) =>
    offer(
      'info',
      message,
      { title: vscode.l10n.t('Copy URL'), run: () => vscode.env.clipboard.writeText(info.baseUrl) },
      { title: vscode.l10n.t('Show Logs'), run: () => log.show() },
    );

  const start = async (): Promise<SandboxInfo | undefined> => {
    const already = host.info();
    if (already) {
      void announce(vscode.l10n.t('The local sandbox is already running on {0}', already.baseUrl), already);
      return already;
    }
    try {
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Starting the local Transcrypts sandbox…') }, () => host.start());
    } catch (e) {
      await reportError(log, e, { what: vscode.l10n.t('The local sandbox did not start'), retry: start });
      return undefined;
    }
    const info = host.info();
    if (info) void announce(vscode.l10n.t('Local sandbox listening on {0}', info.baseUrl), info);
    return info;
  };

  r.register(COMMANDS.startSandbox, start);
  r.register(COMMANDS.stopSandbox, async (): Promise<boolean> => {
    const stopped = await host.stop();
    void vscode.window.showInformationMessage(stopped ? vscode.l10n.t('The local sandbox stopped.') : vscode.l10n.t('The local sandbox is not running.'));
    return stopped;
  });
  r.register(COMMANDS.showLogs, () => log.show());
}
