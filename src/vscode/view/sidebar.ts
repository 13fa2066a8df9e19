/** The Webhooks view's model (the catalog, its snapshot) and its tree provider, built before the services. */
import vscode = require('vscode');
import { Catalog } from '../../core/webhooks/catalog';
import type { Connection } from '../connection/connection';
import { CONTEXT } from '../platform/constants';
import { setContextKey } from '../platform/contextKeys';
import type { Log } from '../platform/log';
import { affects, setting } from '../platform/settings/read';
import { TreeDecorations } from './decorations';
import { SnapshotStore } from './snapshotStore';
import { WebhooksTreeProvider } from './webhooksTree';

/**
 * The sidebar's model and tree. Last session's configurations (a snapshot) are painted at once, while the
 * connection is restored and the lists are fetched again. `snapshotShown`: whether there was one for this connection.
 */
export function createSidebar(context: vscode.ExtensionContext, connection: Connection, log: Log): { catalog: Catalog; tree: WebhooksTreeProvider; decorations: TreeDecorations; snapshotShown: Promise<boolean>; disposables: vscode.Disposable[] } {
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
  const decorations = new TreeDecorations();
  const tree = new WebhooksTreeProvider(catalog, decorations, () => connection.mode !== undefined || catalog.restored, () => connection.localSandbox !== undefined);
  const disposables = [
    snapshots,
    decorations,
    connection.onDidChange(() => {
      if (!connection.mode) {
        catalog.clear();
        void snapshots.forget();
      }
      tree.connectionChanged();
    }),
    // Enable/Disable are offered where a configuration has an enabled state to change (m5).
    { dispose: catalog.onChange((_env, what) => what === 'data' && void setContextKey(CONTEXT.hasEnabledState, catalog.all().some((w) => w.enabled !== undefined))) },
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affects(e, 'failingThreshold')) threshold = setting('failingThreshold');
      if (affects(e)) tree.refresh();
    }),
  ];
  return { catalog, tree, decorations, snapshotShown, disposables };
}
