/** Filters applied to loaded rows (what the API cannot filter), shared by the webview and the unit tests. */
import * as l10n from '@vscode/l10n';
import { isValidStatus } from './display';
import type { ListRow, LocalFilters, Row, StatusClass } from './protocol';

export function statusClassOf(code: number | null): StatusClass {
  if (code === null) return 'none';
  if (!isValidStatus(code)) return 'invalid';
  if (code < 200) return '1xx';
  if (code >= 200 && code < 300) return '2xx';
  if (code >= 300 && code < 400) return '3xx';
  if (code >= 400 && code < 500) return '4xx';
  return '5xx';
}

/** Lower-cased searchable text of a row, computed once per row. */
export function searchText(row: ListRow): string {
  return `${row.webhook_id}\n${row.event_type}\n${row.webhook_url}\n${row.configName ?? ''}\n${row.error_message ?? ''}\n${row.payloadJson}`.toLowerCase();
}

/** Whether any local filter is set (a row passes matchesLocal whatever it is when none is). */
export function hasLocalFilter(f: LocalFilters): boolean {
  return Boolean(f.statusClass) || Boolean(f.text?.trim()) || Boolean(f.time);
}

export function matchesLocal(row: ListRow, f: LocalFilters, text: (row: ListRow) => string = searchText): boolean {
  if (f.statusClass && statusClassOf(row.status_code) !== f.statusClass) return false;
  const q = f.text?.trim().toLowerCase();
  if (q && !text(row).includes(q)) return false;
  if (f.time) {
    const t = timeOf(row);
    // NaN (no valid time) is in no span.
    if (!(t >= f.time.from && t < f.time.to)) return false;
  }
  return true;
}

/** A row's event time in epoch milliseconds, NaN when the server sent no valid time. */
export function timeOf(row: Pick<Row, 'event_created_at'>): number {
  return Date.parse(row.event_created_at);
}

type Identity = Pick<Row, 'webhook_id' | 'event_created_at' | 'status_code' | 'error_message'>;

/** Identity of a delivery attempt across sessions (the API has no attempt id). */
export function rowIdentity(r: Identity): string {
  return `${r.webhook_id}|${r.event_created_at}|${r.status_code ?? 'none'}|${r.error_message ?? ''}`;
}

/**
 * Rows of a fresh first page that are newer than what is shown: those before the first row identical to the
 * current top. When none matches (more new rows than a page), the whole page is new.
 */
export function newerRows<T extends Identity>(fresh: T[], currentTop: T | undefined): T[] {
  if (!currentTop) return fresh;
  const top = rowIdentity(currentTop);
  const i = fresh.findIndex((r) => rowIdentity(r) === top);
  return i === -1 ? fresh : fresh.slice(0, i);
}

/** "3 minutes ago", from an ISO time. */
export function relativeTime(iso: string, now = Date.now()): string {
  if (iso === '') return '—';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const s = Math.round((now - t) / 1000);
  if (s < 45) return l10n.t('just now');
  const m = Math.round(s / 60);
  if (m < 60) return l10n.t('{0} min ago', m);
  const h = Math.round(m / 60);
  if (h < 24) return l10n.t('{0} h ago', h);
  const d = Math.round(h / 24);
  return d === 1 ? l10n.t('1 day ago') : l10n.t('{0} days ago', d);
}
