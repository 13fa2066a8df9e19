/** The Webhooks view's model (the catalog, its snapshot) and its tree provider, built before the services. */
import vscode = require('vscode');
import { Catalog } from '../../core/webhooks/catalog';
import type { Snapshot } from '../../core/webhooks/snapshot';
import type { Connection } from '../connection/connection';
import { CONTEXT } from '../platform/constants';
import { setContextKey } from '../platform/contextKeys';
import type { Log } from '../platform/log';
import { affects, setting } from '../platform/settings/read';
import { TreeDecorations } from './decorations';
import { SnapshotStore } from './snapshotStore';
import { WebhooksTreeProvider } from './webhooksTree';

/** What the start-up needs of last session's configurations (see startup.ts). */
export interface SidebarSnapshot {
  /** This connection's, if kept: read only when the fresh lists are slow. */
  read(): Snapshot | undefined;
  /** How long the lists took to arrive at the last start, from activation (ms). */
  expectedListMs: number | undefined;
  /** This start's lists arrived `ms` after activation. */
  noteListed(ms: number): void;
}

/** The sidebar's model and tree, and last session's configurations for the start-up. */
export function createSidebar(context: vscode.ExtensionContext, connection: Connection, log: Log): { catalog: Catalog; tree: WebhooksTreeProvider; decorations: TreeDecorations; snapshot: SidebarSnapshot; disposables: vscode.Disposable[] } {
  // Kept up to date rather than read per configuration (a setting read costs about 15 µs).
  let threshold = setting('failingThreshold');
  const catalog = new Catalog(connection, () => threshold);
  const snapshots = new SnapshotStore(vscode.Uri.joinPath(context.globalStorageUri, 'sidebar-snapshot.json').fsPath, () => connection.snapshotKey(), catalog, log, context.globalState);
  // Reading and checking 5,000 configurations (3 MB) takes some 25 ms: only when it is shown.
  const snapshot: SidebarSnapshot = {
    read: () => {
      try {
        return context.globalStorageUri.scheme === 'file' ? snapshots.read() : undefined;
      } catch (e) {
        log.error('Reading the sidebar snapshot failed', e);
        return undefined;
      }
    },
    expectedListMs: snapshots.expectedListMs(),
    noteListed: (ms) => snapshots.noteListed(ms),
  };
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
    // Enable/Disable are offered where a configuration has an enabled state to change (m5). Not told while every
    // group is loading its first list: the key is not set yet (false), and each change of one makes the workbench
    // evaluate its menus again.
    {
      dispose: catalog.onChange((_env, what) => {
        if (what !== 'data') return;
        const all = catalog.all();
        const groups = catalog.groups();
        if (all.length === 0 && groups.length > 0 && groups.every((e) => catalog.state(e).kind === 'loading')) return;
        void setContextKey(CONTEXT.hasEnabledState, all.some((w) => w.enabled !== undefined));
      }),
    },
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affects(e, 'failingThreshold')) threshold = setting('failingThreshold');
      if (affects(e)) tree.refresh();
    }),
  ];
  return { catalog, tree, decorations, snapshot, disposables };
}
