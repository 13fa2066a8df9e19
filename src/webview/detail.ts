/** The detail pane: the delivery's facts and its payload, pretty-printed, highlighted line by line on demand. */
import { statusClassOf } from '../shared/filters';
import { displayText, MAX_SHOWN, statusText } from '../shared/display';
import * as l10n from '@vscode/l10n';
import { formatBytes, REPLAY_BODY_LIMIT } from '../shared/limits';
import type { ReplayResult, ListRow } from '../shared/protocol';
import { button as iconButton, el } from './dom';
import { highlightLine } from './highlight';
import { VirtualList } from './virtualList';

const MAX_LINE = 10_000;

export interface DetailActions {
  copy(row: ListRow): void;
  open(row: ListRow): void;
  save(row: ListRow): void;
  /** Save as Fixture, asking for the format (JSON or TypeScript). */
  saveAs(row: ListRow): void;
  replay(row: ListRow): void;
  curl(row: ListRow): void;
  compare(row: ListRow): void;
}

export class Detail {
  private row: ListRow | undefined;
  private lines: string[] = [];
  private list: VirtualList | undefined;
  private readonly facts: HTMLElement;
  private readonly payload: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly actions: HTMLElement;
  private readonly replayBox: HTMLElement;
  private readonly replays = new Map<number, { url: string; result: ReplayResult; via?: 'listen' }>();
  /** Time of the last render of a payload (ms), for the bench (test builds only). */
  private rendered = 0;

  constructor(
    private readonly root: HTMLElement,
    act: DetailActions,
  ) {
    this.empty = el('div', 'empty', l10n.t('Select a delivery to see its payload.'));
    this.facts = el('dl', 'facts');
    this.actions = el('div', 'actions');
    this.payload = el('div', 'payload');
    this.payload.tabIndex = 0;
    this.payload.setAttribute('role', 'document');
    this.payload.setAttribute('aria-label', l10n.t('Payload (JSON)'));
    const button = (label: string, icon: string, fn: (r: ListRow) => void, id: string) => iconButton(label, icon, () => this.row && fn(this.row), id);
    this.actions.append(
      button(l10n.t('Copy Payload'), 'copy', act.copy, 'copy-payload'),
      button(l10n.t('Open in Editor'), 'go-to-file', act.open, 'open-payload'),
      button(l10n.t('Save as Fixture'), 'save', act.save, 'save-fixture'),
      button(l10n.t('Save As…'), 'save-as', act.saveAs, 'save-fixture-as'),
      button(l10n.t('Replay to URL…'), 'debug-restart', act.replay, 'replay'),
      button(l10n.t('Copy as cURL'), 'terminal', act.curl, 'copy-curl'),
      button(l10n.t('Compare With…'), 'diff', act.compare, 'compare'),
    );
    this.replayBox = el('section', 'replay');
    this.replayBox.setAttribute('aria-label', l10n.t('Replay result'));
    this.replayBox.setAttribute('aria-live', 'polite');
    // The action bar first: however long a server-sent fact, the buttons stay at the top.
    root.append(this.empty, this.actions, this.facts, this.replayBox, this.payload);
    this.show(undefined);
  }

  get current(): ListRow | undefined {
    return this.row;
  }

  show(row: ListRow | undefined): void {
    if (row === this.row && row !== undefined) return;
    this.row = row;
    this.empty.hidden = row !== undefined;
    this.facts.hidden = this.actions.hidden = this.payload.hidden = row === undefined;
    this.renderReplay();
    if (!row) return;
    const started = performance.now();
    this.facts.textContent = '';
    const status = statusText(row.status_code);
    // A fact over MAX_SHOWN characters is cut (with "Show all"), bidi controls shown as escapes: a 1 MB error
    // message or id costs nothing until asked for, and is always text.
    const add = (k: string, v: string, cls = '') => {
      const dd = el('dd', cls, displayText(v));
      if (v.length > MAX_SHOWN) {
        const all = el('button', 'show-all', l10n.t('Show all'));
        all.setAttribute('aria-label', l10n.t('Show all of {0} ({1} characters)', k, v.length.toLocaleString()));
        all.addEventListener('click', () => {
          dd.textContent = v;
        });
        dd.append(' ', all);
      }
      this.facts.append(el('dt', '', k), dd);
    };
    add(l10n.t('Status'), status, `s${statusClassOf(row.status_code)}`);
    if (row.error_message !== null) add(l10n.t('Error'), row.error_message);
    add(l10n.t('Event'), row.event_type);
    if (row.rowEventType !== undefined) add(l10n.t('Event (history row)'), row.rowEventType);
    add(l10n.t('Event created'), row.event_created_at);
    add(l10n.t('Delivery id'), row.webhook_id);
    if (row.rowWebhookId !== undefined) add(l10n.t('Webhook id (history row)'), row.rowWebhookId);
    if (row.configName) add(l10n.t('Configuration'), row.configName);
    add(l10n.t('URL'), row.webhook_url);
    this.lines = JSON.stringify(JSON.parse(row.payloadJson), null, 2).split('\n');
    if (!this.list) {
      this.list = new VirtualList({
        container: this.payload,
        rowHeight: 18,
        overscan: 20,
        render: (lineEl, i) => this.renderLine(lineEl, i),
      });
    }
    this.payload.scrollTop = 0;
    this.payload.scrollLeft = 0;
    this.list.setCount(this.lines.length);
    this.list.refresh();
    if (__TEST_HOOKS__) this.rendered = performance.now() - started;
  }

  /** The receiver's answer to a replay or to Listen's forward (`via`), shown next to the delivery (all as text). */
  setReplay(key: number, url: string, result: ReplayResult, via?: 'listen'): void {
    this.replays.set(key, { url, result, via });
    if (this.row?.key === key) this.renderReplay();
  }

  private renderReplay(): void {
    const r = this.row ? this.replays.get(this.row.key) : undefined;
    this.replayBox.textContent = '';
    this.replayBox.hidden = !r;
    if (!r) return;
    const head = el('div', 'replay-head');
    if (r.result.ok) {
      const what = r.via === 'listen' ? l10n.t('Forwarded by Listen: HTTP {0}', r.result.status) : l10n.t('Replay: HTTP {0}', r.result.status);
      head.append(el('strong', `s${statusClassOf(r.result.status)}`, what), document.createTextNode(l10n.t(' from {0} in {1} ms', r.url, r.result.ms)));
      const headers = el('pre', 'replay-headers', Object.entries(r.result.headers).map(([k, v]) => `${k}: ${v}`).join('\n'));
      const body = el('pre', 'replay-body', r.result.body + (r.result.truncated ? `\n${l10n.t('… (cut at {0})', formatBytes(REPLAY_BODY_LIMIT))}` : ''));
      this.replayBox.append(head, headers, body);
    } else {
      head.append(el('strong', 'snone', r.via === 'listen' ? l10n.t('Forward by Listen failed: ') : l10n.t('Replay failed: ')), document.createTextNode(l10n.t('{0} ({1}, {2} ms)', r.result.error, r.url, r.result.ms)));
      this.replayBox.append(head);
    }
  }

  focus(): void {
    this.payload.focus();
  }

  /** The last payload render's time in ms (0 outside test builds). */
  renderMs(): number {
    return this.rendered;
  }

  private renderLine(lineEl: HTMLElement, i: number): void {
    lineEl.className = 'line';
    const line = this.lines[i] ?? '';
    if (lineEl.dataset.line === String(i) && lineEl.dataset.row === String(this.row?.key)) return;
    lineEl.dataset.line = String(i);
    lineEl.dataset.row = String(this.row?.key);
    if (line.length > MAX_LINE) {
      highlightLine(lineEl, line.slice(0, MAX_LINE));
      lineEl.append(el('span', 'truncated', l10n.t(' … {0} more characters (Open in Editor shows all)', line.length - MAX_LINE)));
    } else highlightLine(lineEl, line);
  }
}
