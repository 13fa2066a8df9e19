/**
 * Browser side of the request history panel (own bundle, `lib: dom`; never imports Node). It wires the
 * components — filters bar, toolbar, list, detail — to the one state and to the host: rows arrive page by page,
 * actions are requests answered with one reply each. All text is set as text.
 */
import * as l10n from '@vscode/l10n';
import { hasLocalFilter, matchesLocal, newerRows, rowIdentity, searchText } from '../shared/filters';
import type { HostToWebview, L10nContents, ListRow } from '../shared/protocol';
import { DeliveryChart } from './chart';
import { Detail } from './detail';
import { el } from './dom';
import { FiltersBar } from './filtersBar';
import { Host, type Action } from './host';
import { DeliveryList } from './list';
import { createState, selectedKeys } from './state';
import { Toolbar } from './toolbar';
import { errorMessage } from '../shared/errorMessage';

// The strings first: every component below is built in the user's language (the host embeds VS Code's bundle).
const bundle = document.getElementById('l10n-bundle')?.textContent;
if (bundle) l10n.config({ contents: JSON.parse(bundle) as L10nContents });

const POLL_SECONDS = 10;
const host = new Host();
const s = createState();
const texts = new WeakMap<ListRow, string>();
let pollTimer: ReturnType<typeof setInterval> | undefined;

/** An action on deliveries; a failed reply shows in the banner, a message from the host in the summary. */
function act(action: Action): void {
  void host.request(action).then((reply) => {
    if (!reply.ok) toolbar.showError(reply.message);
    else if (reply.message) toolbar.say(reply.message);
  });
}

const filters = new FiltersBar({
  server: (f) => {
    if (!s.panel) return;
    s.panel.server = f;
    saveState();
    load(false);
  },
  local: (f) => {
    if (!s.panel) return;
    s.panel.local = f;
    saveState();
    recompute(false);
  },
  autoRefresh: (on) => setAutoRefresh(on),
  invalid: (message) => toolbar.say(message),
});
const toolbar = new Toolbar(filters, {
  refresh: () => load(false),
  loadMore: () => load(true),
  cancel: () => cancelLoad(),
  retry: () => load(s.failed?.more ?? false),
  replaySelected: () => {
    const keys = selectedKeys(s);
    if (keys.length > 0) act({ type: 'replay', keys });
  },
  saveSelected: () => {
    const keys = selectedKeys(s);
    if (keys.length > 0) act({ type: 'saveFixtures', keys });
  },
  saveAll: () => act({ type: 'saveFixtures', keys: s.view.map((r) => r.key) }),
});
const list = new DeliveryList(s, {
  select: (r) => {
    detail.show(r);
    toolbar.update(s);
    if (!s.panel) return;
    s.panel.selectedKey = r.key;
    s.panel.selected = { webhook_id: r.webhook_id, event_created_at: r.event_created_at, status_code: r.status_code };
    saveState();
  },
  open: () => detail.focus(),
  nearEnd: () => {
    if (s.hasMore && !s.loading && !s.failed) load(true);
  },
});
const detailEl = el('section', 'detail');
detailEl.setAttribute('aria-label', l10n.t('Delivery detail'));
const detail = new Detail(detailEl, {
  copy: (r) => act({ type: 'copyPayload', key: r.key }),
  open: (r) => act({ type: 'openPayload', key: r.key }),
  save: (r) => act({ type: 'saveFixtures', keys: [r.key] }),
  saveAs: (r) => act({ type: 'saveFixtures', keys: [r.key], askFormat: true }),
  replay: (r) => act({ type: 'replay', keys: [r.key] }),
  curl: (r) => act({ type: 'copyCurl', key: r.key }),
  compare: (r) => act({ type: 'compare', key: r.key }),
});
const chart = new DeliveryChart({ select: (range) => filters.setTime(range) });
const main = el('main');
main.append(list.element, detailEl);
(document.getElementById('app') as HTMLElement).append(toolbar.header, toolbar.banner, chart.element, main);

/** The view from the rows and the local filters; the list, the detail's position and the summary follow. */
function recompute(keepScroll = true): void {
  if (!s.panel) return;
  const local = s.panel.local;
  const text = (r: ListRow) => {
    let t = texts.get(r);
    if (t === undefined) {
      t = searchText(r);
      texts.set(r, t);
    }
    return t;
  };
  // Without a local filter the view is the rows themselves: a page then costs no pass over every row loaded.
  s.view = hasLocalFilter(local) ? s.rows.filter((r) => matchesLocal(r, local, text)) : s.rows;
  // Over every loaded row (the status and time filters narrow the list, not the chart); drawn when the rows change.
  chart.update(s.rows, local.time);
  const activeRow = detail.current;
  s.active = activeRow ? s.view.indexOf(activeRow) : -1;
  list.refresh(keepScroll);
  toolbar.update(s);
}

/** Rows to load again once the panel is made again (its state's `loaded`); 0 once there or when the user loads anew. */
let restoreTo = 0;

function load(more: boolean, restoring = false): void {
  if (!s.panel) return;
  if (s.loading && !more) host.post({ type: 'cancel', requestId: s.loading.id });
  if (s.loading && more) return;
  if (!restoring) restoreTo = 0;
  s.failed = undefined;
  toolbar.showError(undefined);
  s.loading = { id: host.nextId(), more, started: performance.now() };
  host.post({ type: 'load', requestId: s.loading.id, filters: s.panel.server, more });
  toolbar.update(s);
}

function cancelLoad(): void {
  if (!s.loading) return;
  host.post({ type: 'cancel', requestId: s.loading.id });
  s.loading = undefined;
  toolbar.update(s);
}

/** A delivery to select (a listening terminal's link) once its row is loaded. */
let revealing: string | undefined;

/** Select the row of `revealing` when it is loaded, clearing the local filters that hide it. */
function revealNow(): boolean {
  const id = revealing;
  if (id === undefined || !s.panel) return false;
  if (!s.rows.some((r) => r.webhook_id === id)) return false;
  if (!s.view.some((r) => r.webhook_id === id)) {
    s.panel.local = {};
    filters.show(s.panel);
    recompute(false);
  }
  const i = s.view.findIndex((r) => r.webhook_id === id);
  revealing = undefined;
  if (i < 0) return false;
  list.select(i);
  saveState();
  return true;
}

function restoreSelection(): void {
  const want = s.panel?.selected;
  if (!want || detail.current) return;
  const i = s.view.findIndex((r) => r.webhook_id === want.webhook_id && r.event_created_at === want.event_created_at && r.status_code === want.status_code);
  if (i >= 0) list.select(i);
}

function setAutoRefresh(on: boolean): void {
  if (!s.panel) return;
  s.panel.autoRefresh = on;
  filters.setAutoRefresh(on);
  saveState();
  clearInterval(pollTimer);
  pollTimer = on
    ? setInterval(() => {
        if (!s.loading && s.panel) host.post({ type: 'poll', filters: s.panel.server });
      }, POLL_SECONDS * 1000)
    : undefined;
}

function saveState(): void {
  if (s.panel) host.saveState(s.panel);
}

function rowsArrived(m: Extract<HostToWebview, { type: 'rows' }>): void {
  if (!s.loading || m.requestId !== s.loading.id) return;
  const { more, started } = s.loading;
  s.loading = undefined;
  if (more) s.rows = s.rows.concat(m.rows);
  else {
    s.rows = m.rows;
    s.selected.clear();
    detail.show(undefined);
  }
  s.hasMore = m.hasMore;
  recompute(more);
  // Made again (a tab switch): the pages loaded before come back before anything else happens (m15).
  if (restoreTo > s.rows.length && s.hasMore) {
    load(true, true);
    return;
  }
  restoreTo = 0;
  if (s.panel && s.panel.loaded !== s.rows.length) {
    s.panel.loaded = s.rows.length;
    saveState();
  }
  if (revealing !== undefined && !revealNow()) {
    toolbar.say(l10n.t('Delivery {0} is not among the newest deliveries loaded: search for it, or load more.', revealing));
    revealing = undefined;
  }
  restoreSelection();
  if (__TEST_HOOKS__) {
    s.loadTimes.push(performance.now() - started);
    // When the first rows were painted (wall clock, as the bench's other marks): after the next frame.
    if (!firstRowsPaintedAt && s.view.length > 0) requestAnimationFrame(() => setTimeout(() => (firstRowsPaintedAt ||= Date.now()), 0));
  }
}

/** Test builds: when the first rows were painted (0 until then). */
let firstRowsPaintedAt = 0;

/** The message handler's error boundary: a message that breaks a component is reported, the panel stays usable. */
window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
  try {
    receive(event.data);
  } catch (e) {
    toolbar.showError(l10n.t('The panel could not show this: {0}', errorMessage(e)));
  }
});

function receive(m: HostToWebview): void {
  if (host.settle(m)) return;
  switch (m.type) {
    case 'init': {
      s.panel = m.state;
      filters.fill(m.eventTypes);
      filters.show(s.panel);
      toolbar.setTitle(s.panel.scope.title);
      list.element.classList.toggle('one-config', s.panel.scope.webhookUrl !== undefined);
      saveState();
      setAutoRefresh(s.panel.autoRefresh);
      restoreTo = s.panel.loaded ?? 0;
      load(false, true);
      return;
    }
    case 'rows':
      return rowsArrived(m);
    case 'newRows': {
      const fresh = newerRows(m.rows, s.rows[0]);
      if (fresh.length === 0) return;
      s.rows = fresh.concat(s.rows);
      const before = s.view.length;
      recompute(true);
      list.shiftBy(s.view.length - before);
      revealNow();
      return;
    }
    case 'loadError': {
      if (!s.loading || m.requestId !== s.loading.id) return;
      s.failed = { more: s.loading.more };
      s.loading = undefined;
      toolbar.showError(m.message);
      toolbar.update(s);
      return;
    }
    case 'replayResult':
      detail.setReplay(m.key, m.url, m.result, m.via);
      return;
    case 'reveal':
      revealing = m.webhookId;
      if (!revealNow() && !s.loading) load(false);
      return;
    case 'reload':
      s.loading = undefined;
      load(false);
      toolbar.say(m.message);
      return;
  }
}

if (__TEST_HOOKS__) {
  /** For the UI tests and the bench (test builds only): counts, never data. */
  (window as unknown as { __history: unknown }).__history = {
    domRows: () => list.domRows,
    loaded: () => s.rows.length,
    shown: () => s.view.length,
    loading: () => s.loading !== undefined,
    hasMore: () => s.hasMore,
    lastDetailRenderMs: () => detail.renderMs(),
    loadTimes: () => s.loadTimes.slice(),
    firstRowsPaintedAt: () => firstRowsPaintedAt,
    chartTotals: () => chart.totals,
    identity: (i: number) => {
      const r = s.view[i];
      return r ? rowIdentity(r) : undefined;
    },
  };
}

s.panel = host.storedState();
host.post({ type: 'ready' });
