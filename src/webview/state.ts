/** The one state of the history webview: the panel's state (filters, scope) and the list's (rows, selection, loading). */
import type { PanelState, ListRow } from '../shared/protocol';

export interface Loading {
  id: number;
  more: boolean;
  started: number;
}

export interface HistoryState {
  panel: PanelState | undefined;
  /** Every loaded row, newest first. */
  rows: ListRow[];
  /** The rows the local filters let through, as listed. */
  view: ListRow[];
  selected: Set<number>;
  /** Index in `view` of the active (focused) row, or -1. */
  active: number;
  /** Where a Shift range starts. */
  anchor: number;
  hasMore: boolean;
  loading: Loading | undefined;
  /** The last load failed (a Retry repeats it). */
  failed: { more: boolean } | undefined;
  /** Time of each page, request to rows (for the bench). */
  loadTimes: number[];
}

export function createState(): HistoryState {
  return { panel: undefined, rows: [], view: [], selected: new Set(), active: -1, anchor: -1, hasMore: false, loading: undefined, failed: undefined, loadTimes: [] };
}

/** The selected rows, in list order. */
export function selectedKeys(s: HistoryState): number[] {
  return s.view.filter((r) => s.selected.has(r.key)).map((r) => r.key);
}
