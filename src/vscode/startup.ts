/**
 * The start-up sequence, in one place: the saved connection restored at once (or the `npm start` sandbox's keys
 * taken) and the first load; last session's configurations (the snapshot) shown only when the lists are slow; the
 * walkthrough on a first run, and Listen's sessions started again. Returns when the first load is done (the tests'
 * `ready`).
 */
import vscode = require('vscode');
import { settlesWithin } from '../core/settles';
import type { Catalog } from '../core/webhooks/catalog';
import { firstAnswer, snapshotWaitMs } from '../core/webhooks/snapshot';
import type { Connection } from './connection/connection';
import { connectToDevSandbox } from './connection/devConnect';
import { openWalkthroughOnFirstRun } from './connection/walkthrough';
import type { Listening } from './listen/listening';
import { VIEW_WEBHOOKS } from './platform/constants';
import type { Log } from './platform/log';
import type { SidebarSnapshot } from './view/sidebar';
import type { WebhooksTreeProvider } from './view/webhooksTree';

export interface StartUpDeps {
  connection: Connection;
  catalog: Catalog;
  tree: WebhooksTreeProvider;
  listening: Listening;
  log: Log;
  globalState: vscode.Memento;
  /** Last session's configurations, read when shown, and how long the lists took at the last start and this one. */
  snapshot: SidebarSnapshot;
}

/** The longest the sandbox probe and the failure rates wait for the tree's first rows (`WebhooksTreeProvider.shown`). */
const FIRST_ROWS_WAIT_MS = 1000;

/** How long the first load runs before the view shows its progress bar. */
const PROGRESS_AFTER_MS = 300;

export function startUp(d: StartUpDeps, started: number): Promise<void> {
  const { connection, catalog, tree, listening, log, snapshot } = d;
  // What waits for the first paint (the sandbox probe, the failure rates): the tree's first rows, a second at most.
  const firstRows = settlesWithin(tree.shown, FIRST_ROWS_WAIT_MS);
  let lost = false;
  const restored = (async () => {
    // After activation's registrations are on their way: the extension host sends them on a 0 ms timer, and the
    // workbench asks for the tree's roots once it has them (the restore and the lists' requests would hold them back).
    await new Promise((resolve) => setTimeout(resolve, 0));
    await connection.restore(firstRows);
    await connectToDevSandbox(connection, log);
    // The saved connection could not be restored (its sandbox did not start): its snapshot goes too.
    lost = !connection.mode;
    if (lost && catalog.restored) catalog.clear();
  })();
  void restored
    .catch(() => undefined)
    .then(() => openWalkthroughOnFirstRun(d.globalState, connection))
    .catch((e: unknown) => log.error('Opening the walkthrough failed', e));
  // Listen's sessions (and tasks started early) wait for the connection; those on before a reload start again.
  void restored.catch(() => undefined).then(() => listening.connectionRestored());
  let connected = 0;
  const loading = restored.then(() => {
    connected = Date.now();
    if (!connection.mode) return { listed: Promise.resolve(), refreshed: Promise.resolve() };
    // The failure rates wait for the tree's first rows too: they are decorations of rows already shown.
    const refreshed = catalog.refresh(undefined, undefined, firstRows);
    const lists = catalog.whenAllListed();
    // The view's progress bar only when the lists take a while (its rows say "loading…" meanwhile): shown and hidden
    // within the lists' 50 ms at a local sandbox, it was a flicker, two messages and a layout of the view. Not for
    // the failure rates after them (they wait for the first rows, up to a second when the view is not shown).
    void settlesWithin(lists, PROGRESS_AFTER_MS).then((done) => {
      if (!done) void vscode.window.withProgress({ location: { viewId: VIEW_WEBHOOKS } }, () => lists);
    });
    return { listed: lists, refreshed };
  });
  const listed = loading.then((l) => l.listed);
  void listed
    .then(() => {
      if (connection.mode) snapshot.noteListed(Date.now() - started);
    })
    .catch(() => undefined);
  // The tree's first answer: the lists, when they come about as soon as last session's did; else the snapshot
  // (marked as updating), then the lists (core/webhooks/snapshot.ts).
  tree.whenReady(() => firstAnswer({ listed, waitMs: snapshotWaitMs(snapshot.expectedListMs, Date.now() - started), snapshot: snapshot.read, show: (s) => catalog.restore(s), lost: () => lost }));
  const ready = (async () => {
    await (await loading).refreshed;
    log.info(`Ready ${Date.now() - started} ms after activation (connection ${connected - started} ms, first load ${Date.now() - connected} ms).`);
  })().catch((e: unknown) => log.error('Restoring the connection failed', e));
  return ready;
}
