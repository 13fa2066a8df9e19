import * as vscode from 'vscode';
import { registerSandboxCommands } from './vscode/commands/sandbox';
import { VIEW_WEBHOOKS } from './vscode/constants';
import { Log } from './vscode/log';
import { SandboxHost } from './vscode/sandboxHost';
import { WebhooksTreeProvider } from './vscode/tree/webhooksTree';

/** Wiring only: build the services, register views and commands, push the disposables. */
export function activate(context: vscode.ExtensionContext): void {
  const log = new Log();
  const sandbox = new SandboxHost(context.globalStorageUri, log);
  const tree = new WebhooksTreeProvider();
  context.subscriptions.push(
    log,
    sandbox,
    tree,
    vscode.window.createTreeView(VIEW_WEBHOOKS, { treeDataProvider: tree, showCollapseAll: true }),
    ...registerSandboxCommands(sandbox, log),
  );
  log.info(`Transcrypts Webhooks ${String(context.extension.packageJSON.version)} activated.`);
}

export function deactivate(): void {
  // Disposables registered in activate() stop the sandbox and close the log.
}
