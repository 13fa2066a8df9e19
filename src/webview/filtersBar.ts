/** The filters: event type, status class, exact code, dates (sent to the server); text search (on loaded rows); auto-refresh. */
import * as l10n from '@vscode/l10n';
import { rangeLabel } from '../shared/chart';
import { DAY_MS, HISTORY_DAYS, STATUS_CODE_MAX, STATUS_CODE_MIN } from '../shared/limits';
import type { LocalFilters, PanelState, ServerFilters, StatusClass, TimeRange } from '../shared/protocol';
import { el, option } from './dom';

export interface FiltersEvents {
  server(filters: ServerFilters): void;
  local(filters: LocalFilters): void;
  autoRefresh(on: boolean): void;
  /** A value that cannot be sent, and why. */
  invalid(message: string): void;
}

export class FiltersBar {
  private readonly eventSelect = el('select');
  private readonly statusSelect = el('select');
  private readonly codeInput = el('input');
  private readonly fromInput = dateInput('f-from', l10n.t('From date (UTC)'));
  private readonly toInput = dateInput('f-to', l10n.t('To date (UTC)'));
  private readonly searchInput = el('input');
  private readonly autoBox = el('input');
  /** The chart's time filter as a chip: its span, and a click removes it. */
  private readonly timeChip = el('button', 'chip');
  private readonly timeText = el('span', 'chip-text');
  private time: TimeRange | undefined;
  /** The filter fields, in toolbar order. */
  readonly fields: HTMLElement[];
  readonly autoRefresh = el('label');

  constructor(private readonly on: FiltersEvents) {
    const { eventSelect, statusSelect, codeInput, searchInput, autoBox } = this;
    eventSelect.id = 'f-event';
    eventSelect.setAttribute('aria-label', l10n.t('Event type'));
    statusSelect.id = 'f-status';
    statusSelect.setAttribute('aria-label', l10n.t('Status class'));
    const classes: Array<[string, string]> = [['', l10n.t('Any status')], ['2xx', '2xx'], ['3xx', '3xx'], ['4xx', '4xx'], ['5xx', '5xx'], ['none', l10n.t('No response')], ['invalid', l10n.t('Invalid status')]];
    for (const [v, label] of classes) statusSelect.append(option(v, label));
    codeInput.type = 'number';
    codeInput.id = 'f-code';
    codeInput.min = String(STATUS_CODE_MIN);
    codeInput.max = String(STATUS_CODE_MAX);
    codeInput.placeholder = l10n.t('Code');
    codeInput.setAttribute('aria-label', l10n.t('Exact status code (sent to the server)'));
    searchInput.type = 'search';
    searchInput.id = 'f-text';
    searchInput.placeholder = l10n.t('Search loaded payloads');
    searchInput.setAttribute('aria-label', l10n.t('Search the loaded payloads'));
    autoBox.type = 'checkbox';
    autoBox.id = 'f-auto';
    autoBox.title = l10n.t('Auto-refresh');
    this.autoRefresh.append(autoBox, document.createTextNode(l10n.t('Auto-refresh')));
    this.timeChip.id = 'f-time';
    const x = el('span', 'codicon codicon-close');
    x.setAttribute('aria-hidden', 'true');
    this.timeChip.append(this.timeText, x);
    this.timeChip.hidden = true;
    this.timeChip.addEventListener('click', () => this.setTime(undefined));
    this.fields = [eventSelect, statusSelect, codeInput, this.fromInput, this.toInput, searchInput, this.timeChip];
    for (const input of [eventSelect, codeInput, this.fromInput, this.toInput]) input.addEventListener('change', () => this.serverChanged());
    statusSelect.addEventListener('change', () => this.localChanged());
    let searchTimer: ReturnType<typeof setTimeout> | undefined;
    searchInput.addEventListener('input', () => {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(() => this.localChanged(), 150);
    });
    autoBox.addEventListener('change', () => on.autoRefresh(autoBox.checked));
  }

  fill(eventTypes: readonly string[]): void {
    if (this.eventSelect.options.length > 0) return;
    this.eventSelect.append(option('', l10n.t('All events')));
    for (const t of eventTypes) this.eventSelect.append(option(t, t));
  }

  show(state: PanelState): void {
    this.eventSelect.value = state.server.eventType ?? '';
    this.codeInput.value = state.server.statusCode ? String(state.server.statusCode) : '';
    this.fromInput.value = state.server.from?.slice(0, 10) ?? '';
    this.toInput.value = state.server.to?.slice(0, 10) ?? '';
    this.statusSelect.value = state.local.statusClass ?? '';
    this.searchInput.value = state.local.text ?? '';
    this.autoBox.checked = state.autoRefresh;
    this.showTime(state.local.time);
  }

  /** The list narrowed to a span of time (a chart bar), or no longer (undefined). */
  setTime(range: TimeRange | undefined): void {
    this.showTime(range);
    this.localChanged();
  }

  private showTime(range: TimeRange | undefined): void {
    this.time = range;
    this.timeChip.hidden = range === undefined;
    const label = range ? rangeLabel(range) : '';
    this.timeText.textContent = label;
    const name = l10n.t('Remove the time filter {0}', label);
    this.timeChip.title = name;
    this.timeChip.setAttribute('aria-label', name);
  }

  setAutoRefresh(on: boolean): void {
    this.autoBox.checked = on;
  }

  private serverChanged(): void {
    const { codeInput } = this;
    const code = codeInput.value.trim();
    const n = Number(code);
    if (code !== '' && !(Number.isInteger(n) && n >= STATUS_CODE_MIN && n <= STATUS_CODE_MAX)) {
      const message = l10n.t('Enter a status code between {0} and {1}.', STATUS_CODE_MIN, STATUS_CODE_MAX);
      codeInput.setAttribute('aria-invalid', 'true');
      codeInput.title = message;
      this.on.invalid(message);
      return;
    }
    codeInput.removeAttribute('aria-invalid');
    codeInput.title = '';
    const s: ServerFilters = {};
    if (this.eventSelect.value) s.eventType = this.eventSelect.value;
    if (code) s.statusCode = n;
    if (this.fromInput.value) s.from = `${this.fromInput.value}T00:00:00.000Z`;
    if (this.toInput.value) s.to = `${this.toInput.value}T23:59:59.999Z`;
    if (s.from && s.to && s.from > s.to) {
      this.on.invalid(l10n.t('The start date is after the end date.'));
      return;
    }
    this.on.server(s);
  }

  private localChanged(): void {
    const f: LocalFilters = { statusClass: (this.statusSelect.value || undefined) as StatusClass | undefined, text: this.searchInput.value || undefined };
    if (this.time) f.time = this.time;
    this.on.local(f);
  }
}

/** A date input limited to the history's window (today and the days before it). */
function dateInput(id: string, label: string): HTMLInputElement {
  const i = el('input');
  i.type = 'date';
  i.id = id;
  i.setAttribute('aria-label', label);
  const today = new Date();
  i.max = today.toISOString().slice(0, 10);
  i.min = new Date(today.getTime() - (HISTORY_DAYS - 1) * DAY_MS).toISOString().slice(0, 10);
  return i;
}
