/** The header: title, the toolbar (filters and actions), the summary line (role=status) and the error banner (role=alert). */
import * as l10n from '@vscode/l10n';
import { rangeLabel } from '../shared/chart';
import type { PanelState } from '../shared/protocol';
import { button, el, setLabel } from './dom';
import type { FiltersBar } from './filtersBar';
import type { HistoryState } from './state';

export interface ToolbarEvents {
  refresh(): void;
  loadMore(): void;
  cancel(): void;
  retry(): void;
  replaySelected(): void;
  saveSelected(): void;
  saveAll(): void;
}

export class Toolbar {
  readonly header = el('header');
  readonly banner = el('div', 'banner');
  private readonly title = el('h1');
  private readonly summaryText = el('span');
  private readonly spinner = el('span', 'codicon codicon-loading spin');
  private readonly cancelButton: HTMLButtonElement;
  private readonly bannerText = el('span');
  private readonly moreButton: HTMLButtonElement;
  private readonly saveSelectedButton: HTMLButtonElement;
  private readonly replaySelectedButton: HTMLButtonElement;
  private readonly saveAllButton: HTMLButtonElement;

  constructor(filters: FiltersBar, on: ToolbarEvents) {
    const toolbar = el('div', 'toolbar');
    toolbar.setAttribute('role', 'toolbar');
    toolbar.setAttribute('aria-label', l10n.t('Filters and actions'));
    const summary = el('div', 'summary');
    summary.setAttribute('role', 'status');
    summary.setAttribute('aria-live', 'polite');
    this.spinner.setAttribute('aria-hidden', 'true');
    this.cancelButton = button(l10n.t('Cancel'), 'close', on.cancel, 'cancel-load');
    summary.append(this.spinner, this.summaryText, this.cancelButton);
    this.banner.setAttribute('role', 'alert');
    this.banner.hidden = true;
    this.banner.append(el('span', 'codicon codicon-error'), this.bannerText, button(l10n.t('Retry'), 'refresh', on.retry, 'retry'));
    this.moreButton = button(l10n.t('Load More'), 'fold-down', on.loadMore, 'load-more');
    this.saveSelectedButton = button(l10n.t('Save Selected'), 'save', on.saveSelected, 'save-selected');
    this.replaySelectedButton = button(l10n.t('Replay Selected'), 'debug-restart', on.replaySelected, 'replay-selected');
    this.saveAllButton = button(l10n.t('Save All Filtered'), 'save-all', on.saveAll, 'save-all');
    const refresh = button(l10n.t('Refresh'), 'refresh', on.refresh, 'refresh');
    toolbar.append(...filters.fields, refresh, this.moreButton, filters.autoRefresh, this.replaySelectedButton, this.saveSelectedButton, this.saveAllButton);
    this.header.append(this.title, toolbar, summary);
  }

  setTitle(scopeTitle: string): void {
    this.title.textContent = '';
    const icon = el('span', 'codicon codicon-history');
    icon.setAttribute('aria-hidden', 'true');
    this.title.append(icon, document.createTextNode(l10n.t('Request history: {0}', scopeTitle)));
  }

  /** A one-off message in the summary line (a save's or a replay's result, a value that cannot be sent). */
  say(message: string): void {
    this.summaryText.textContent = message;
  }

  showError(message: string | undefined): void {
    this.bannerText.textContent = message ?? '';
    this.banner.hidden = message === undefined;
  }

  /** The summary and the buttons' states from the one state. */
  update(s: HistoryState): void {
    if (!s.panel) return;
    const filters = describeFilters(s.panel);
    const more = s.loading ? (s.loading.more ? l10n.t('loading more…') : l10n.t('loading…')) : s.hasMore ? l10n.t('more on scroll') : l10n.t('all loaded');
    const parts = [l10n.t('{0} shown of {1} loaded', s.view.length, s.rows.length)];
    if (filters.length) parts.push(l10n.t('filtered by {0}', filters.join(', ')));
    parts.push(more);
    if (s.selected.size > 1) parts.push(l10n.t('{0} selected', s.selected.size));
    this.summaryText.textContent = parts.join(' · ');
    this.spinner.hidden = this.cancelButton.hidden = !s.loading;
    this.moreButton.disabled = !s.hasMore || s.loading !== undefined;
    this.saveSelectedButton.disabled = this.replaySelectedButton.disabled = s.selected.size === 0;
    setLabel(this.saveSelectedButton, l10n.t('Save Selected ({0})', s.selected.size));
    setLabel(this.replaySelectedButton, l10n.t('Replay Selected ({0})', s.selected.size));
    this.saveAllButton.disabled = s.view.length === 0;
    setLabel(this.saveAllButton, l10n.t('Save All Filtered ({0})', s.view.length));
  }
}

function describeFilters(p: PanelState): string[] {
  const out: string[] = [];
  if (p.server.eventType) out.push(p.server.eventType);
  if (p.server.statusCode) out.push(l10n.t('status {0}', p.server.statusCode));
  const c = p.local.statusClass;
  if (c) out.push(c === 'none' ? l10n.t('no response') : c === 'invalid' ? l10n.t('invalid status') : c);
  if (p.server.from || p.server.to) out.push(l10n.t('{0} to {1}', p.server.from?.slice(0, 10) ?? '…', p.server.to?.slice(0, 10) ?? l10n.t('now')));
  if (p.local.time) out.push(rangeLabel(p.local.time));
  if (p.local.text) out.push(`"${p.local.text}"`);
  return out;
}
