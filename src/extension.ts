import vscode = require('vscode');
import { CommandRegistry } from './vscode/platform/commandRegistry';
import { Connection } from './vscode/connection/connection';
import type { CommandId } from './vscode/platform/constants';
import { PayloadDocuments } from './vscode/history/payloadDocuments';
import { configureL10n } from './vscode/platform/l10n';
import { Log } from './vscode/platform/log';
import { startUp } from './vscode/startup';
import { openWalkthroughOnFirstRun } from './vscode/connection/walkthrough';
import { ReplaySecret } from './vscode/signature/replaySecret';
import { SandboxHost } from './vscode/sandbox/sandboxHost';
import type { Services } from './vscode/services';
import { Listening } from './vscode/listen/listening';
import { wireListen } from './vscode/listen/wire';
import { wireConnection } from './vscode/connection/wire';
import { wireFixtures } from './vscode/fixtures/wire';
import { wireHistory } from './vscode/history/wire';
import { wireSandbox } from './vscode/sandbox/wire';
import { wireSignature } from './vscode/signature/wire';
import { createSidebar } from './vscode/view/sidebar';
import { createView, wireView } from './vscode/view/wire';
import { wireWebhooks } from './vscode/webhooks/wire';
import type { HistoryPanels } from './vscode/history/panel';
import { wireConfig } from './vscode/config/wire';
import { wireReceiverTests } from './vscode/receiverTests/wire';
import { wireAgentTools, type ConfirmedRun } from './vscode/agent/wire';
import type { ReceiverTestController } from './vscode/receiverTests/controller';
import type { McpServers } from './vscode/agent/mcp';
import type { LoadInfo } from './loader';
import type { SecretsRead } from './vscode/connection/saved';

/** Wiring only: build the services, register views and commands, push the disposables. */
/** What the extension-host tests reach (only in test mode; other extensions get nothing). */
export interface TestApi {
  services: Services;
  panels: HistoryPanels;
  listening: Listening;
  receiverTests: ReceiverTestController;
  mcp: McpServers;
  /** What a language-model tool runs once the user confirmed it (a test runs a write the way the tool does). */
  agentRun: ConfirmedRun;
  context: vscode.ExtensionContext;
  ready: Promise<void>;
  /** The first-run walkthrough offer (true: it opened the walkthrough). */
  firstRun: () => Promise<boolean>;
}

export function activate(context: vscode.ExtensionContext, secrets?: SecretsRead): TestApi | undefined {
  const started = Date.now();
  const activateStart = performance.now();
  const load = (globalThis as { __transcryptsLoad?: LoadInfo }).__transcryptsLoad;
  configureL10n();
  const log = new Log();
  const sandbox = new SandboxHost(context.globalStorageUri, log);
  const connection = new Connection(context, sandbox, log);
  connection.readSavedSecrets(secrets);
  const { catalog, tree, decorations, snapshot, disposables: sidebar } = createSidebar(context, connection, log);
  const view = createView(tree);
  const replaySecret = new ReplaySecret(context.secrets, connection, log);
  const services: Services = { log, sandbox, connection, catalog, tree, decorations, view, replaySecret };
  const payloads = new PayloadDocuments();
  const storage = context.storageUri ?? context.globalStorageUri;
  const positionsFile = storage.scheme === 'file' ? vscode.Uri.joinPath(storage, 'listen-positions.json').fsPath : undefined;
  const listening = new Listening({ connection, replaySecret, log, workspaceState: context.workspaceState, positionsFile });
  beforeExit = () => listening.flush();
  const commands = new CommandRegistry(log, (id) => commandTitle(context, id));
  const panels = wireHistory(services, commands, { extensionUri: context.extensionUri, workspaceState: context.workspaceState, connection, catalog, log, payloads, replaySecret, forwards: listening });
  wireWebhooks(services, commands);
  wireView(services, commands);
  wireSignature(services, commands);
  context.subscriptions.push(
    log,
    sandbox,
    connection,
    tree,
    view,
    wireSandbox(services, commands),
    wireConnection(services, commands),
    ...sidebar,
    commands,
    payloads,
    panels,
    wireFixtures(services, commands),
    listening,
    wireListen(listening, services, commands, panels, context.workspaceState),
    wireConfig(services, commands),
  );
  const receiverTests = wireReceiverTests(services, commands, panels, context);
  const agents = wireAgentTools(services, { services, workspaceState: context.workspaceState, globalState: context.globalState }, listening, commands, context.extensionUri);
  context.subscriptions.push(agents.disposable);
  log.info(`Transcrypts Webhooks ${String(context.extension.packageJSON.version)} activated in ${(performance.now() - activateStart).toFixed(1)} ms (its bundle loaded in ${load?.ms.toFixed(1) ?? '?'} ms before that, code cache ${load?.cache ?? '?'}).`);
  const ready = startUp({ connection, catalog, tree, listening, log, globalState: context.globalState, snapshot }, started);
  // The Test Explorer's controller once the first load is done and the tree has shown its first rows, a second after
  // activation at the latest: its registration lays the workbench out again, which the sidebar's first paint
  // should not wait behind.
  void receiverTests.makeSoon(Promise.all([ready, services.tree.shown]), TEST_CONTROLLER_AFTER_MS);
  return context.extensionMode === vscode.ExtensionMode.Test ? { services, panels, listening, receiverTests, mcp: agents.mcp, agentRun: agents.run, context, ready, firstRun: () => openWalkthroughOnFirstRun(context.globalState, connection) } : undefined;
}

/** The latest the Test Explorer's controller is made after activation (ReceiverTestController.makeSoon). */
const TEST_CONTROLLER_AFTER_MS = 1000;

/** What must be written before the extension host ends (VS Code waits for deactivate's promise). */
let beforeExit: (() => Promise<void>) | undefined;

export function deactivate(): Promise<void> | undefined {
  // Then the disposables registered in activate() stop the sandbox and close the log.
  return beforeExit?.();
}

/** A command's title as the manifest contributes it (localized by VS Code), for "… failed" messages. */
function commandTitle(context: vscode.ExtensionContext, id: CommandId): string {
  const manifest: unknown = context.extension.packageJSON;
  const commands = (manifest as { contributes?: { commands?: unknown } }).contributes?.commands;
  const entry = Array.isArray(commands) ? (commands as Array<{ command?: unknown; title?: unknown }>).find((c) => c.command === id) : undefined;
  return typeof entry?.title === 'string' && !entry.title.startsWith('%') ? entry.title : id;
}
