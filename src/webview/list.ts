/** The deliveries: a virtual list (newest first), selection with the mouse and the keyboard (listbox semantics). */
import * as l10n from '@vscode/l10n';
import { cut, displayText, statusText } from '../shared/display';
import { relativeTime, statusClassOf } from '../shared/filters';
import type { ListRow } from '../shared/protocol';
import { el } from './dom';
import type { HistoryState } from './state';
import { VirtualList } from './virtualList';

const ROW_H = 24;

export interface ListEvents {
  /** A row became the active one (the detail shows it). */
  select(row: ListRow): void;
  /** Enter or a double click: to the detail. */
  open(): void;
  /** Scrolled near the end. */
  nearEnd(): void;
}

/** A cell of a row: its span and the one Text node it holds. */
interface Cell {
  span: HTMLElement;
  text: Text;
}

/** A cell's text and title, written only where they changed. */
function setCell(c: Cell, text: string, title: string): void {
  if (c.text.data !== text) c.text.data = text;
  if (c.span.title !== title) c.span.title = title;
}

export class DeliveryList {
  readonly element = el('div', 'list');
  private readonly list: VirtualList;
  /** The cells of each row element the virtual list recycles. */
  private readonly cells = new WeakMap<HTMLElement, Cell[]>();

  constructor(
    private readonly s: HistoryState,
    private readonly on: ListEvents,
  ) {
    const listEl = this.element;
    listEl.tabIndex = 0;
    listEl.setAttribute('role', 'listbox');
    listEl.setAttribute('aria-multiselectable', 'true');
    listEl.setAttribute('aria-label', l10n.t('Deliveries, newest first'));
    const head = el('div', 'row head');
    head.setAttribute('aria-hidden', 'true');
    head.append(el('span', '', l10n.t('Time')), el('span', '', l10n.t('Event')), el('span', '', l10n.t('Status')), el('span', '', l10n.t('Configuration')));
    listEl.append(head);
    this.list = new VirtualList({ container: listEl, rowHeight: ROW_H, offsetTop: ROW_H, render: (r, i) => this.renderRow(r, i), onNearEnd: () => on.nearEnd() });
    listEl.addEventListener('click', (e) => {
      const rowEl = (e.target as HTMLElement).closest<HTMLElement>('.row:not(.head)');
      if (rowEl?.dataset.index) this.select(Number(rowEl.dataset.index), e.shiftKey ? 'range' : e.ctrlKey || e.metaKey ? 'toggle' : 'single');
    });
    listEl.addEventListener('dblclick', () => on.open());
    listEl.addEventListener('keydown', (e) => this.key(e));
  }

  /** The list shows `s.view` again (count, rows, active descendant). */
  refresh(keepScroll = true): void {
    this.list.setCount(this.s.view.length);
    if (!keepScroll) this.element.scrollTop = 0;
    this.list.refresh();
    this.updateActive();
  }

  /** New rows came in above: keep what the user looks at where it is. */
  shiftBy(n: number): void {
    this.list.shiftBy(n);
  }

  get domRows(): number {
    return this.element.querySelectorAll('.row:not(.head):not([hidden])').length;
  }

  select(index: number, how: 'single' | 'toggle' | 'range' = 'single'): void {
    const { s } = this;
    const r = s.view[index];
    if (!r) return;
    if (how === 'single') {
      s.selected.clear();
      s.selected.add(r.key);
      s.anchor = index;
    } else if (how === 'toggle') {
      if (s.selected.has(r.key)) s.selected.delete(r.key);
      else s.selected.add(r.key);
      s.anchor = index;
    } else {
      s.selected.clear();
      const [a, b] = s.anchor < 0 ? [index, index] : [Math.min(s.anchor, index), Math.max(s.anchor, index)];
      for (let i = a; i <= b; i++) {
        const x = s.view[i];
        if (x) s.selected.add(x.key);
      }
    }
    s.active = index;
    this.list.scrollToIndex(index);
    this.list.refresh();
    this.updateActive();
    this.on.select(r);
  }

  private key(e: KeyboardEvent): void {
    const { s } = this;
    const page = this.list.visibleRows - 1;
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    let next: number | undefined;
    if (e.key in moves) next = Math.min(s.view.length - 1, Math.max(0, (s.active < 0 ? -1 : s.active) + (moves[e.key] ?? 0)));
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = s.view.length - 1;
    else if (e.key === 'Enter') {
      if (s.active >= 0) this.on.open();
      e.preventDefault();
      return;
    } else if (e.key === ' ' && s.active >= 0) {
      this.select(s.active, 'toggle');
      e.preventDefault();
      return;
    }
    if (next !== undefined && next >= 0) {
      this.select(next, e.shiftKey ? 'range' : 'single');
      e.preventDefault();
    }
  }

  private updateActive(): void {
    const r = this.s.view[this.s.active];
    if (r) this.element.setAttribute('aria-activedescendant', `row-${r.key}`);
    else this.element.removeAttribute('aria-activedescendant');
  }

  private renderRow(rowEl: HTMLElement, index: number): void {
    const { s } = this;
    const r = s.view[index];
    if (!r) return;
    let cells = this.cells.get(rowEl);
    if (!cells) {
      // Each cell's text is one Text node, kept: a scrolled row changes its data, not its nodes (new nodes per
      // frame were garbage for the DOM's collector while scrolling 50,000 rows).
      cells = [el('span'), el('span'), el('span', 'status'), el('span')].map((span) => {
        const text = document.createTextNode('');
        span.append(text);
        return { span, text };
      });
      rowEl.textContent = '';
      rowEl.append(...cells.map((c) => c.span));
      rowEl.setAttribute('role', 'option');
      this.cells.set(rowEl, cells);
    }
    const [time, event, status, config] = cells as [Cell, Cell, Cell, Cell];
    const selected = s.selected.has(r.key);
    rowEl.className = `row${selected ? ' selected' : ''}${index === s.active ? ' active' : ''}`;
    rowEl.id = `row-${r.key}`;
    rowEl.dataset.index = String(index);
    rowEl.setAttribute('aria-selected', String(selected));
    const eventText = displayText(r.event_type, 200);
    const statusLabel = statusText(r.status_code);
    const configText = displayText(r.configName ?? r.webhook_url, 200);
    setCell(time, relativeTime(r.event_created_at), cut(r.event_created_at));
    setCell(event, eventText, eventText);
    setCell(status, statusLabel, cut(r.error_message ?? ''));
    status.span.className = `status s${statusClassOf(r.status_code)}`;
    setCell(config, configText, displayText(r.webhook_url));
    rowEl.setAttribute('aria-label', `${eventText}, ${statusLabel}, ${cut(r.event_created_at, 100)}, ${configText}`);
  }
}
