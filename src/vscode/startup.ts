/**
 * The start-up sequence, in one place: last session's configurations (the snapshot) painted first, the saved
 * connection restored (or the `npm start` sandbox's keys taken), the first load, the walkthrough on a first run,
 * and Listen's sessions started again. Returns when the first load is done (the tests' `ready`).
 */
import vscode = require('vscode');
import type { Catalog } from '../core/webhooks/catalog';
import type { Connection } from './connection/connection';
import { connectToDevSandbox } from './connection/devConnect';
import { openWalkthroughOnFirstRun } from './connection/walkthrough';
import type { Listening } from './listen/listening';
import { VIEW_WEBHOOKS } from './platform/constants';
import type { Log } from './platform/log';
import type { WebhooksTreeProvider } from './view/webhooksTree';

export interface StartUpDeps {
  connection: Connection;
  catalog: Catalog;
  tree: WebhooksTreeProvider;
  listening: Listening;
  log: Log;
  globalState: vscode.Memento;
}

export function startUp(d: StartUpDeps, snapshotShown: Promise<boolean>, started: number): Promise<void> {
  const { connection, catalog, tree, listening, log } = d;
  const restored = (async () => {
    // Last session's configurations are painted first: the restore's requests (secrets, then the lists) would
    // queue in the workbench before the tree's (20–35 ms later paint, measured). Bounded: a hidden view asks nothing.
    if (await snapshotShown) await tree.firstAsked(500);
    await connection.restore();
    await connectToDevSandbox(connection, log);
    // The saved connection could not be restored (its sandbox did not start): its snapshot goes too.
    if (!connection.mode && catalog.restored) catalog.clear();
    await openWalkthroughOnFirstRun(d.globalState, connection).catch((e: unknown) => log.error('Opening the walkthrough failed', e));
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
  return ready;
}
