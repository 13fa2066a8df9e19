/**
 * Browser side of the request history panel (own bundle, `lib: dom`; never imports Node). Rows arrive from the
 * host page by page; the list is virtualized; the detail highlights on demand; all text is set as text.
 */
import { cut, displayText, statusText } from '../shared/display';
import { matchesLocal, newerRows, relativeTime, rowIdentity, searchText, statusClassOf } from '../shared/filters';
import type { HostToWebview, PanelState, Row, ServerFilters, StatusClass, WebviewToHost } from '../shared/protocol';
import { Detail, el } from './detail';
import { VirtualList } from './virtualList';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): PanelState | undefined;
  setState(state: PanelState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const post = (m: WebviewToHost) => vscode.postMessage(m);
const ROW_H = 24;
const DAY = 86_400_000;

let state: PanelState | undefined;
let rows: Row[] = [];
let view: Row[] = [];
const texts = new WeakMap<Row, string>();
const selected = new Set<number>();
let active = -1;
let anchor = -1;
let hasMore = false;
let loading: { id: number; more: boolean; started: number } | undefined;
const loadTimes: number[] = [];
let requestSeq = 0;
let failed: { more: boolean } | undefined;
let pollTimer: ReturnType<typeof setInterval> | undefined;
const pollSeconds = 10;

// ---- DOM ------------------------------------------------------------------------------------------------------

const app = document.getElementById('app') as HTMLElement;
const header = el('header');
const title = el('h1');
const toolbar = el('div', 'toolbar');
toolbar.setAttribute('role', 'toolbar');
toolbar.setAttribute('aria-label', 'Filters and actions');
const summary = el('div', 'summary');
summary.setAttribute('role', 'status');
summary.setAttribute('aria-live', 'polite');
const summaryText = el('span');
const spinner = el('span', 'codicon codicon-loading spin');
spinner.setAttribute('aria-hidden', 'true');
const cancelButton = button('Cancel', 'close', () => cancelLoad(), 'cancel-load');
summary.append(spinner, summaryText, cancelButton);
const banner = el('div', 'banner');
banner.setAttribute('role', 'alert');
banner.hidden = true;
const bannerText = el('span');
banner.append(el('span', 'codicon codicon-error'), bannerText, button('Retry', 'refresh', () => load(failed?.more ?? false), 'retry'));

const eventSelect = el('select');
eventSelect.id = 'f-event';
eventSelect.setAttribute('aria-label', 'Event type');
const statusSelect = el('select');
statusSelect.id = 'f-status';
statusSelect.setAttribute('aria-label', 'Status class');
for (const [v, label] of [['', 'Any status'], ['2xx', '2xx'], ['3xx', '3xx'], ['4xx', '4xx'], ['5xx', '5xx'], ['none', 'No response'], ['invalid', 'Invalid status']] as const) {
  statusSelect.append(option(v, label));
}
const codeInput = el('input');
codeInput.type = 'number';
codeInput.id = 'f-code';
codeInput.min = '100';
codeInput.max = '599';
codeInput.placeholder = 'Code';
codeInput.setAttribute('aria-label', 'Exact status code (sent to the server)');
const fromInput = dateInput('f-from', 'From date (UTC)');
const toInput = dateInput('f-to', 'To date (UTC)');
const searchInput = el('input');
searchInput.type = 'search';
searchInput.id = 'f-text';
searchInput.placeholder = 'Search loaded payloads';
searchInput.setAttribute('aria-label', 'Search the loaded payloads');
const autoBox = el('input');
autoBox.type = 'checkbox';
autoBox.id = 'f-auto';
const autoLabel = el('label');
autoLabel.append(autoBox, document.createTextNode('Auto-refresh'));
const refreshButton = button('Refresh', 'refresh', () => load(false), 'refresh');
const moreButton = button('Load More', 'fold-down', () => load(true), 'load-more');
const saveSelectedButton = button('Save Selected', 'save', () => saveSelected(), 'save-selected');
const replaySelectedButton = button('Replay Selected', 'debug-restart', () => {
  const keys = selectedKeys();
  if (keys.length > 0) post({ type: 'replay', keys });
}, 'replay-selected');
const saveAllButton = button('Save All Filtered', 'save-all', () => post({ type: 'saveFixtures', keys: view.map((r) => r.key) }), 'save-all');
toolbar.append(eventSelect, statusSelect, codeInput, fromInput, toInput, searchInput, refreshButton, moreButton, autoLabel, replaySelectedButton, saveSelectedButton, saveAllButton);
header.append(title, toolbar, summary);

const main = el('main');
const listEl = el('div', 'list');
listEl.tabIndex = 0;
listEl.setAttribute('role', 'listbox');
listEl.setAttribute('aria-multiselectable', 'true');
listEl.setAttribute('aria-label', 'Deliveries, newest first');
const head = el('div', 'row head');
head.setAttribute('aria-hidden', 'true');
head.append(el('span', '', 'Time'), el('span', '', 'Event'), el('span', '', 'Status'), el('span', '', 'Configuration'));
listEl.append(head);
const detailEl = el('section', 'detail');
detailEl.setAttribute('aria-label', 'Delivery detail');
main.append(listEl, detailEl);
app.append(header, banner, main);

const list = new VirtualList({
  container: listEl,
  rowHeight: ROW_H,
  offsetTop: ROW_H,
  render: renderRow,
  onNearEnd: () => {
    if (hasMore && !loading && !failed) load(true);
  },
});
const detail = new Detail(detailEl, {
  copy: (r) => post({ type: 'copyPayload', key: r.key }),
  open: (r) => post({ type: 'openPayload', key: r.key }),
  save: (r) => post({ type: 'saveFixtures', keys: [r.key] }),
  saveAs: (r) => post({ type: 'saveFixtures', keys: [r.key], askFormat: true }),
  replay: (r) => post({ type: 'replay', keys: [r.key] }),
  curl: (r) => post({ type: 'copyCurl', key: r.key }),
  compare: (r) => post({ type: 'compare', key: r.key }),
});

// ---- rendering ------------------------------------------------------------------------------------------------

function renderRow(rowEl: HTMLElement, index: number): void {
  const r = view[index];
  if (!r) return;
  if (rowEl.childElementCount !== 4) {
    rowEl.textContent = '';
    rowEl.append(el('span'), el('span'), el('span', 'status'), el('span'));
    rowEl.setAttribute('role', 'option');
  }
  const [time, event, status, config] = Array.from(rowEl.children) as HTMLElement[];
  rowEl.className = `row${selected.has(r.key) ? ' selected' : ''}${index === active ? ' active' : ''}`;
  rowEl.id = `row-${r.key}`;
  rowEl.dataset.index = String(index);
  rowEl.setAttribute('aria-selected', String(selected.has(r.key)));
  if (!time || !event || !status || !config) return;
  time.textContent = relativeTime(r.event_created_at);
  time.title = cut(r.event_created_at);
  event.textContent = displayText(r.event_type, 200);
  event.title = event.textContent;
  status.textContent = statusText(r.status_code);
  status.className = `status s${statusClassOf(r.status_code)}`;
  status.title = cut(r.error_message ?? '');
  config.textContent = displayText(r.configName ?? r.webhook_url, 200);
  config.title = displayText(r.webhook_url);
  rowEl.setAttribute('aria-label', `${event.textContent}, ${status.textContent}, ${cut(r.event_created_at, 100)}, ${config.textContent}`);
}

function recompute(keepScroll = true): void {
  if (!state) return;
  const local = state.local;
  const text = (r: Row) => {
    let t = texts.get(r);
    if (t === undefined) {
      t = searchText(r);
      texts.set(r, t);
    }
    return t;
  };
  view = rows.filter((r) => matchesLocal(r, local, text));
  const activeRow = detail.current;
  active = activeRow ? view.indexOf(activeRow) : -1;
  list.setCount(view.length);
  if (!keepScroll) listEl.scrollTop = 0;
  list.refresh();
  updateSummary();
  updateActive();
}

function updateSummary(): void {
  if (!state) return;
  const filters: string[] = [];
  if (state.server.eventType) filters.push(state.server.eventType);
  if (state.server.statusCode) filters.push(`status ${state.server.statusCode}`);
  if (state.local.statusClass) filters.push(state.local.statusClass === 'none' ? 'no response' : state.local.statusClass === 'invalid' ? 'invalid status' : state.local.statusClass);
  if (state.server.from || state.server.to) filters.push(`${state.server.from?.slice(0, 10) ?? '…'} to ${state.server.to?.slice(0, 10) ?? 'now'}`);
  if (state.local.text) filters.push(`"${state.local.text}"`);
  const more = loading ? (loading.more ? 'loading more…' : 'loading…') : hasMore ? 'more on scroll' : 'all loaded';
  summaryText.textContent = `${view.length} shown of ${rows.length} loaded${filters.length ? ` · filtered by ${filters.join(', ')}` : ''} · ${more}${selected.size > 1 ? ` · ${selected.size} selected` : ''}`;
  spinner.hidden = cancelButton.hidden = !loading;
  moreButton.disabled = !hasMore || loading !== undefined;
  saveSelectedButton.disabled = selected.size === 0;
  setLabel(saveSelectedButton, `Save Selected (${selected.size})`);
  replaySelectedButton.disabled = selected.size === 0;
  setLabel(replaySelectedButton, `Replay Selected (${selected.size})`);
  saveAllButton.disabled = view.length === 0;
  setLabel(saveAllButton, `Save All Filtered (${view.length})`);
}

function updateActive(): void {
  const r = view[active];
  if (r) listEl.setAttribute('aria-activedescendant', `row-${r.key}`);
  else listEl.removeAttribute('aria-activedescendant');
}

// ---- selection and keyboard -----------------------------------------------------------------------------------

function select(index: number, how: 'single' | 'toggle' | 'range' = 'single'): void {
  const r = view[index];
  if (!r) return;
  if (how === 'single') {
    selected.clear();
    selected.add(r.key);
    anchor = index;
  } else if (how === 'toggle') {
    if (selected.has(r.key)) selected.delete(r.key);
    else selected.add(r.key);
    anchor = index;
  } else {
    selected.clear();
    const [a, b] = anchor < 0 ? [index, index] : [Math.min(anchor, index), Math.max(anchor, index)];
    for (let i = a; i <= b; i++) {
      const x = view[i];
      if (x) selected.add(x.key);
    }
  }
  active = index;
  detail.show(r);
  list.scrollToIndex(index);
  list.refresh();
  updateActive();
  updateSummary();
  if (state) {
    state.selectedKey = r.key;
    state.selected = { webhook_id: r.webhook_id, event_created_at: r.event_created_at, status_code: r.status_code };
    save();
  }
}

listEl.addEventListener('click', (e) => {
  const rowEl = (e.target as HTMLElement).closest<HTMLElement>('.row:not(.head)');
  if (!rowEl?.dataset.index) return;
  select(Number(rowEl.dataset.index), e.shiftKey ? 'range' : e.ctrlKey || e.metaKey ? 'toggle' : 'single');
});
listEl.addEventListener('dblclick', () => detail.focus());
listEl.addEventListener('keydown', (e) => {
  const page = list.visibleRows - 1;
  const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
  let next: number | undefined;
  if (e.key in moves) next = Math.min(view.length - 1, Math.max(0, (active < 0 ? -1 : active) + (moves[e.key] ?? 0)));
  else if (e.key === 'Home') next = 0;
  else if (e.key === 'End') next = view.length - 1;
  else if (e.key === 'Enter') {
    if (active >= 0) detail.focus();
    e.preventDefault();
    return;
  } else if (e.key === ' ' && active >= 0) {
    select(active, 'toggle');
    e.preventDefault();
    return;
  }
  if (next !== undefined && next >= 0) {
    select(next, e.shiftKey ? 'range' : 'single');
    e.preventDefault();
  }
});

function selectedKeys(): number[] {
  return view.filter((r) => selected.has(r.key)).map((r) => r.key);
}

function saveSelected(): void {
  const keys = selectedKeys();
  if (keys.length > 0) post({ type: 'saveFixtures', keys });
}

// ---- loading --------------------------------------------------------------------------------------------------

function load(more: boolean): void {
  if (!state) return;
  if (loading && !more) post({ type: 'cancel', requestId: loading.id });
  if (loading && more) return;
  failed = undefined;
  banner.hidden = true;
  loading = { id: ++requestSeq, more, started: performance.now() };
  post({ type: 'load', requestId: loading.id, filters: state.server, more });
  updateSummary();
}

function cancelLoad(): void {
  if (!loading) return;
  post({ type: 'cancel', requestId: loading.id });
  loading = undefined;
  updateSummary();
}

function restoreSelection(): void {
  const want = state?.selected;
  if (!want || detail.current) return;
  const i = view.findIndex((r) => r.webhook_id === want.webhook_id && r.event_created_at === want.event_created_at && r.status_code === want.status_code);
  if (i >= 0) select(i);
}

window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
  const m = event.data;
  switch (m.type) {
    case 'init': {
      state = m.state;
      fill(m.eventTypes);
      applyStateToControls();
      title.textContent = '';
      const icon = el('span', 'codicon codicon-history');
      icon.setAttribute('aria-hidden', 'true');
      title.append(icon, document.createTextNode(`Request history: ${state.scope.title}`));
      save();
      setAutoRefresh(state.autoRefresh);
      load(false);
      break;
    }
    case 'rows': {
      if (!loading || m.requestId !== loading.id) return;
      const wasMore = loading.more;
      const startedAt = loading.started;
      loading = undefined;
      if (wasMore) rows = rows.concat(m.rows);
      else {
        rows = m.rows;
        selected.clear();
        detail.show(undefined);
      }
      hasMore = m.hasMore;
      recompute(wasMore);
      restoreSelection();
      loadTimes.push(performance.now() - startedAt);
      break;
    }
    case 'newRows': {
      const fresh = newerRows(m.rows, rows[0]);
      if (fresh.length === 0) return;
      rows = fresh.concat(rows);
      const before = view.length;
      recompute(true);
      list.shiftBy(view.length - before);
      break;
    }
    case 'loadError': {
      if (!loading || m.requestId !== loading.id) return;
      failed = { more: loading.more };
      loading = undefined;
      bannerText.textContent = m.message;
      banner.hidden = false;
      updateSummary();
      break;
    }
    case 'notice':
      summaryText.textContent = m.message;
      break;
    case 'replayResult':
      detail.setReplay(m.key, m.url, m.result);
      break;
  }
});

// ---- filters --------------------------------------------------------------------------------------------------

function serverChanged(): void {
  if (!state) return;
  const code = codeInput.value.trim();
  if (code !== '' && !(Number.isInteger(Number(code)) && Number(code) >= 100 && Number(code) <= 599)) {
    codeInput.setAttribute('aria-invalid', 'true');
    codeInput.title = 'Enter a status code between 100 and 599';
    summaryText.textContent = 'Enter a status code between 100 and 599.';
    return;
  }
  codeInput.removeAttribute('aria-invalid');
  codeInput.title = '';
  const s: ServerFilters = {};
  if (eventSelect.value) s.eventType = eventSelect.value;
  if (code) s.statusCode = Number(code);
  if (fromInput.value) s.from = `${fromInput.value}T00:00:00.000Z`;
  if (toInput.value) s.to = `${toInput.value}T23:59:59.999Z`;
  if (s.from && s.to && s.from > s.to) {
    summaryText.textContent = 'The start date is after the end date.';
    return;
  }
  state.server = s;
  save();
  load(false);
}

function localChanged(): void {
  if (!state) return;
  state.local = { statusClass: (statusSelect.value || undefined) as StatusClass | undefined, text: searchInput.value || undefined };
  save();
  recompute(false);
}

eventSelect.addEventListener('change', serverChanged);
codeInput.addEventListener('change', serverChanged);
fromInput.addEventListener('change', serverChanged);
toInput.addEventListener('change', serverChanged);
statusSelect.addEventListener('change', localChanged);
let searchTimer: ReturnType<typeof setTimeout> | undefined;
searchInput.addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(localChanged, 150);
});
autoBox.addEventListener('change', () => setAutoRefresh(autoBox.checked));

function setAutoRefresh(on: boolean): void {
  if (!state) return;
  state.autoRefresh = on;
  autoBox.checked = on;
  save();
  clearInterval(pollTimer);
  pollTimer = on
    ? setInterval(() => {
        if (!loading && state) post({ type: 'poll', filters: state.server });
      }, pollSeconds * 1000)
    : undefined;
}

function applyStateToControls(): void {
  if (!state) return;
  eventSelect.value = state.server.eventType ?? '';
  codeInput.value = state.server.statusCode ? String(state.server.statusCode) : '';
  fromInput.value = state.server.from?.slice(0, 10) ?? '';
  toInput.value = state.server.to?.slice(0, 10) ?? '';
  statusSelect.value = state.local.statusClass ?? '';
  searchInput.value = state.local.text ?? '';
  autoBox.checked = state.autoRefresh;
}

function fill(eventTypes: readonly string[]): void {
  if (eventSelect.options.length > 0) return;
  eventSelect.append(option('', 'All events'));
  for (const t of eventTypes) eventSelect.append(option(t, t));
}

function save(): void {
  if (!state) return;
  vscode.setState(state);
  post({ type: 'state', state });
}

// ---- helpers --------------------------------------------------------------------------------------------------

function option(value: string, label: string): HTMLOptionElement {
  const o = el('option', '', label);
  o.value = value;
  return o;
}

function dateInput(id: string, label: string): HTMLInputElement {
  const i = el('input');
  i.type = 'date';
  i.id = id;
  i.setAttribute('aria-label', label);
  const today = new Date();
  i.max = today.toISOString().slice(0, 10);
  i.min = new Date(today.getTime() - 29 * DAY).toISOString().slice(0, 10);
  return i;
}

function setLabel(b: HTMLButtonElement, text: string): void {
  const label = b.lastElementChild;
  if (label) label.textContent = text;
}

function button(label: string, icon: string, onClick: () => void, id: string): HTMLButtonElement {
  const b = el('button');
  b.id = id;
  const i = el('span', `codicon codicon-${icon}`);
  i.setAttribute('aria-hidden', 'true');
  b.append(i, el('span', '', label));
  b.addEventListener('click', onClick);
  return b;
}

/** For the UI tests and the bench: counts, never data. */
(window as unknown as { __history: unknown }).__history = {
  domRows: () => listEl.querySelectorAll('.row:not(.head):not([hidden])').length,
  loaded: () => rows.length,
  shown: () => view.length,
  loading: () => loading !== undefined,
  hasMore: () => hasMore,
  lastDetailRenderMs: () => detail.lastRenderMs,
  loadTimes: () => loadTimes.slice(),
  identity: (i: number) => (view[i] ? rowIdentity(view[i]) : undefined),
};

const restored = vscode.getState();
if (restored) state = restored;
post({ type: 'ready' });
