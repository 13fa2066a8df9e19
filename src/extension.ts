import vscode = require('vscode');
import { Catalog } from './core/webhooks/catalog';
import { registerClipboardCommands } from './vscode/commands/clipboard';
import { registerConnectionCommands } from './vscode/commands/connection';
import { registerFixtureCommands } from './vscode/commands/fixtures';
import { registerHistoryCommands } from './vscode/commands/history';
import { CommandRegistry } from './vscode/commands/register';
import { registerSandboxCommands } from './vscode/commands/sandbox';
import { registerSignatureCommands } from './vscode/commands/signature';
import { registerViewCommands } from './vscode/commands/view';
import { registerWebhookCommands } from './vscode/commands/webhooks';
import { Connection } from './vscode/connection';
import { VIEW_WEBHOOKS, type CommandId } from './vscode/constants';
import { affects, setting } from './vscode/settings/read';
import { connectToDevSandbox } from './vscode/devConnect';
import { DriftChecker } from './vscode/fixtures/drift';
import { FixtureSchemaProvider } from './vscode/fixtures/schemaProvider';
import { HistoryPanels } from './vscode/history/panel';
import { registerDeliveryCommands } from './vscode/history/palette';
import { PayloadDocuments } from './vscode/history/payloadDocuments';
import { Log } from './vscode/log';
import { ReplaySecret } from './vscode/replaySecret';
import { SandboxHost } from './vscode/sandboxHost';
import type { Services } from './vscode/services';
import { createStatusBar } from './vscode/statusBar';
import { SnapshotStore } from './vscode/tree/snapshotStore';
import { WebhooksTreeProvider } from './vscode/tree/webhooksTree';
import { Listening } from './vscode/listen/listening';
import { wireListen } from './vscode/listen/wire';
import { wireConfig } from './vscode/config/wire';
import { wireReceiverTests } from './vscode/receiverTests/wire';
import { wireAgentTools, type ConfirmedRun } from './vscode/agent/wire';
import type { ReceiverTestController } from './vscode/receiverTests/controller';
import type { McpServers } from './vscode/agent/mcp';
import type { LoadInfo } from './loader';

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
}

export function activate(context: vscode.ExtensionContext): TestApi | undefined {
  const started = Date.now();
  const activateStart = performance.now();
  const load = (globalThis as { __transcryptsLoad?: LoadInfo }).__transcryptsLoad;
  const log = new Log();
  const sandbox = new SandboxHost(context.globalStorageUri, log);
  const connection = new Connection(context, sandbox, log);
  const { catalog, tree, snapshotShown, disposables: sidebar } = createSidebar(context, connection, log);
  const view = vscode.window.createTreeView(VIEW_WEBHOOKS, { treeDataProvider: tree, showCollapseAll: true });
  const replaySecret = new ReplaySecret(context.secrets, connection, log);
  const services: Services = { log, sandbox, connection, catalog, tree, view, replaySecret };
  const payloads = new PayloadDocuments();
  const storage = context.storageUri ?? context.globalStorageUri;
  const positionsFile = storage.scheme === 'file' ? vscode.Uri.joinPath(storage, 'listen-positions.json').fsPath : undefined;
  const listening = new Listening({ connection, replaySecret, log, workspaceState: context.workspaceState, positionsFile });
  beforeExit = () => listening.flush();
  const panelDeps = { extensionUri: context.extensionUri, workspaceState: context.workspaceState, connection, catalog, log, payloads, replaySecret, forwards: listening };
  const panels = new HistoryPanels(panelDeps);
  const drift = new DriftChecker(services);
  const commands = new CommandRegistry(log, (id) => commandTitle(context, id));
  registerSandboxCommands(services, commands);
  registerConnectionCommands(services, commands);
  registerWebhookCommands(services, commands);
  registerClipboardCommands(services, commands);
  registerViewCommands(services, commands);
  registerHistoryCommands(services, commands, panels);
  registerDeliveryCommands(services, commands, panelDeps);
  registerSignatureCommands(services, commands);
  registerFixtureCommands(drift, commands);
  context.subscriptions.push(
    log,
    sandbox,
    connection,
    tree,
    view,
    createStatusBar(connection, sandbox),
    ...sidebar,
    commands,
    payloads,
    panels,
    new FixtureSchemaProvider(log),
    drift,
    listening,
    wireListen(listening, services, commands, panels, context.workspaceState),
    wireConfig(services, commands),
  );
  const receiverTests = wireReceiverTests(services, commands, panels, context);
  const agents = wireAgentTools(services, { services, workspaceState: context.workspaceState, globalState: context.globalState }, listening, commands, context.extensionUri);
  context.subscriptions.push(agents.disposable);
  log.info(`Transcrypts Webhooks ${String(context.extension.packageJSON.version)} activated in ${(performance.now() - activateStart).toFixed(1)} ms (its bundle loaded in ${load?.ms.toFixed(1) ?? '?'} ms before that, code cache ${load?.cache ?? '?'}).`);
  const restored = (async () => {
    // Last session's configurations are painted first: the restore's requests (secrets, then the lists) would
    // queue in the workbench before the tree's (20–35 ms later paint, measured). Bounded: a hidden view asks nothing.
    if (await snapshotShown) await tree.firstAsked(500);
    await connection.restore();
    await connectToDevSandbox(connection, log);
    // The saved connection could not be restored (its sandbox did not start): its snapshot goes too.
    if (!connection.mode && catalog.restored) catalog.clear();
  })();
  // Listen's sessions (and tasks started early) wait for the connection; those on before a reload start again.
  void restored.catch(() => undefined).then(() => listening.connectionRestored());
  let connected = 0;
  // The first load starts as soon as the connection is known; the tree's first answer waits for its lists (bounded),
  // so the first render is the whole tree: no welcome view, then empty groups, then a second render.
  const loading = restored.then(() => {
    connected = Date.now();
    if (!connection.mode) return { listed: Promise.resolve(), refreshed: Promise.resolve() };
    const refreshed = catalog.refresh();
    void vscode.window.withProgress({ location: { viewId: VIEW_WEBHOOKS } }, () => refreshed);
    return { listed: Promise.all(connection.environments.map((e) => catalog.whenListed(e))).then(() => undefined), refreshed };
  });
  // The tree's first answer waits for the snapshot; without one, for the lists (bounded): not an empty tree, then a
  // second render.
  tree.whenReady(snapshotShown.then((shown) => (shown ? undefined : loading.then((l) => l.listed))));
  const ready = (async () => {
    await (await loading).refreshed;
    log.info(`Ready ${Date.now() - started} ms after activation (connection ${connected - started} ms, first load ${Date.now() - connected} ms).`);
  })().catch((e: unknown) => log.error('Restoring the connection failed', e));
  return context.extensionMode === vscode.ExtensionMode.Test ? { services, panels, listening, receiverTests, mcp: agents.mcp, agentRun: agents.run, context, ready } : undefined;
}

/**
 * The sidebar's model and tree. Last session's configurations (a snapshot) are painted at once, while the
 * connection is restored and the lists are fetched again. `snapshotShown`: whether there was one for this connection.
 */
function createSidebar(context: vscode.ExtensionContext, connection: Connection, log: Log): { catalog: Catalog; tree: WebhooksTreeProvider; snapshotShown: Promise<boolean>; disposables: vscode.Disposable[] } {
  // Kept up to date rather than read per configuration (a setting read costs about 15 µs).
  let threshold = setting('failingThreshold');
  const catalog = new Catalog(connection, () => threshold);
  const snapshots = new SnapshotStore(vscode.Uri.joinPath(context.globalStorageUri, 'sidebar-snapshot.json').fsPath, () => connection.snapshotKey(), catalog, log);
  // Read just after activation: VS Code asks for the roots some 15 ms later (it registers the view first), and
  // reading and checking 1,000 configurations (650 KB) takes 3–6 ms that activation no longer waits for.
  const snapshotShown = new Promise<boolean>((resolve) =>
    setImmediate(() => {
      try {
        const snapshot = context.globalStorageUri.scheme === 'file' ? snapshots.read() : undefined;
        if (snapshot) catalog.restore(snapshot);
        resolve(snapshot !== undefined);
      } catch (e) {
        log.error('Reading the sidebar snapshot failed', e);
        resolve(false);
      }
    }),
  );
  // The saved connection's context keys now: set while the tree is still empty, they cost no re-render.
  connection.announceSaved();
  const tree = new WebhooksTreeProvider(catalog, () => connection.mode !== undefined || catalog.restored);
  const disposables = [
    snapshots,
    connection.onDidChange(() => {
      if (!connection.mode) {
        catalog.clear();
        void snapshots.forget();
      }
      tree.connectionChanged();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affects(e, 'failingThreshold')) threshold = setting('failingThreshold');
      if (affects(e)) tree.refresh();
    }),
  ];
  return { catalog, tree, snapshotShown, disposables };
}

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
