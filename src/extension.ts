import * as vscode from 'vscode';
import { Catalog } from './core/webhooks/catalog';
import { registerClipboardCommands } from './vscode/commands/clipboard';
import { registerConnectionCommands } from './vscode/commands/connection';
import { registerHistoryCommands } from './vscode/commands/history';
import { registerSandboxCommands } from './vscode/commands/sandbox';
import { registerSignatureCommands } from './vscode/commands/signature';
import { registerViewCommands } from './vscode/commands/view';
import { registerWebhookCommands } from './vscode/commands/webhooks';
import { Connection } from './vscode/connection';
import { VIEW_WEBHOOKS } from './vscode/constants';
import { affects, setting } from './vscode/settings/read';
import { connectToDevSandbox } from './vscode/devConnect';
import { DriftChecker } from './vscode/fixtures/drift';
import { FixtureSchemaProvider } from './vscode/fixtures/schemaProvider';
import { HistoryPanels } from './vscode/history/panel';
import { PayloadDocuments } from './vscode/history/payloadDocuments';
import { Log } from './vscode/log';
import { ReplaySecret } from './vscode/replaySecret';
import { SandboxHost } from './vscode/sandboxHost';
import type { Services } from './vscode/services';
import { createStatusBar } from './vscode/statusBar';
import { WebhooksTreeProvider } from './vscode/tree/webhooksTree';

/** Wiring only: build the services, register views and commands, push the disposables. */
/** What the extension-host tests reach (only in test mode; other extensions get nothing). */
export interface TestApi {
  services: Services;
  panels: HistoryPanels;
  context: vscode.ExtensionContext;
  ready: Promise<void>;
}

export function activate(context: vscode.ExtensionContext): TestApi | undefined {
  const started = Date.now();
  const log = new Log();
  const sandbox = new SandboxHost(context.globalStorageUri, log);
  const connection = new Connection(context, sandbox, log);
  const catalog = new Catalog(connection, () => setting('failingThreshold'));
  const tree = new WebhooksTreeProvider(catalog, () => connection.mode !== undefined);
  const view = vscode.window.createTreeView(VIEW_WEBHOOKS, { treeDataProvider: tree, showCollapseAll: true });
  const replaySecret = new ReplaySecret(context.secrets, connection, log);
  const services: Services = { log, sandbox, connection, catalog, tree, view, replaySecret };
  const payloads = new PayloadDocuments();
  const panels = new HistoryPanels({ extensionUri: context.extensionUri, workspaceState: context.workspaceState, connection, catalog, log, payloads, replaySecret });
  context.subscriptions.push(
    log,
    sandbox,
    connection,
    tree,
    view,
    createStatusBar(connection, sandbox),
    connection.onDidChange(() => {
      if (!connection.mode) catalog.clear();
      tree.refresh();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => affects(e) && tree.refresh()),
    ...registerSandboxCommands(sandbox, log),
    ...registerConnectionCommands(services),
    ...registerWebhookCommands(services),
    ...registerClipboardCommands(services),
    ...registerViewCommands(services),
    payloads,
    panels,
    new FixtureSchemaProvider(log),
    new DriftChecker(services),
    ...registerHistoryCommands(services, panels),
    ...registerSignatureCommands(services),
  );
  log.info(`Transcrypts Webhooks ${String(context.extension.packageJSON.version)} activated.`);
  const ready = (async () => {
    await connection.restore();
    await connectToDevSandbox(connection, log);
    const connected = Date.now();
    if (connection.mode) await vscode.window.withProgress({ location: { viewId: VIEW_WEBHOOKS } }, () => catalog.refresh());
    log.info(`Ready ${Date.now() - started} ms after activation (connection ${connected - started} ms, first load ${Date.now() - connected} ms).`);
  })().catch((e: unknown) => log.error('Restoring the connection failed', e));
  return context.extensionMode === vscode.ExtensionMode.Test ? { services, panels, context, ready } : undefined;
}

export function deactivate(): void {
  // Disposables registered in activate() stop the sandbox and close the log.
}
