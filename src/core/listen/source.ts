/**
 * The listener's source: the request history of one environment, read newest first from a watermark
 * (`created_at__gte`) to its end; how far the watermark may move; and how long to wait after a failed read.
 */
import type { HistoryFilters, TranscryptsClient } from '../api/client';
import { ApiError } from '../api/errors';
import type { WebhookRequest } from '../api/schemas';
import { HISTORY_WINDOW_MS, LIMITS } from '../model';
import { isListenPosition, type ListenPosition } from './position';
import { micros, selectNew, type RowFilter } from './select';
import { errorMessage } from '../../shared/errorMessage';

/** A history request reads at most this many pages per poll (500 rows each: 250,000 rows). */
export const DEFAULT_MAX_PAGES = 500;

export interface Window {
  /** Newest first, as the history answers. */
  rows: WebhookRequest[];
  pages: number;
  /** The page limit stopped the read before the history's end. */
  truncated: boolean;
}

/**
 * `created_at__gte` may not be older than the history's 30 days (a 400): a watermark further back is moved to the
 * window's start, plus a minute for the difference between this clock and the server's.
 */
export function queryFrom(watermarkMs: number, now: number): number {
  return Math.max(watermarkMs, now - HISTORY_WINDOW_MS + 60_000);
}

/**
 * Every history row created at or after `gteMs` (and, with `lteMs`, at or before it), page by page (one request in
 * flight), at most `maxPages`.
 */
export async function readWindow(
  client: TranscryptsClient,
  gteMs: number,
  o: { pageSize?: number; maxPages?: number; signal?: AbortSignal; lteMs?: number },
): Promise<Window> {
  const filters: HistoryFilters = { createdAtGte: new Date(gteMs).toISOString(), pageSize: o.pageSize ?? LIMITS.historyPageSizeMax };
  if (o.lteMs !== undefined) filters.createdAtLte = new Date(o.lteMs).toISOString();
  const rows: WebhookRequest[] = [];
  let pages = 0;
  const maxPages = o.maxPages ?? DEFAULT_MAX_PAGES;
  for await (const page of client.historyPages(filters, { signal: o.signal })) {
    rows.push(...page.results);
    pages++;
    if (pages >= maxPages && page.next) return { rows, pages, truncated: true };
  }
  return { rows, pages, truncated: false };
}

/**
 * The watermark after a complete read at `pollStartMs`: a `margin` behind the newest row, in the server's clock.
 * Rows carry no `created_at`, so the newest `event_created_at` stands for it (an attempt is made after its event,
 * so it is never later than the row's creation), capped by this machine's clock (a payload may carry any time).
 * Undefined when no row has a time: the watermark then stays where it is.
 */
export function watermarkAfter(rows: readonly WebhookRequest[], pollStartMs: number, marginMs: number): number | undefined {
  let newest: number | undefined;
  for (const r of rows) {
    const us = micros(r.event_created_at);
    if (us !== undefined && (newest === undefined || us > newest)) newest = us;
  }
  return newest === undefined ? undefined : Math.min(Math.floor(newest / 1000), pollStartMs) - marginMs;
}

/**
 * How long to wait after a failed read, or undefined when waiting cannot help (keys refused, no permission, a
 * request the server calls invalid, a wrong base URL): a 429 waits its `Retry-After` (at least one interval);
 * anything else transient doubles from the interval up to `maxBackoffMs`.
 */
export function backoffMs(err: ApiError, failures: number, intervalMs: number, maxBackoffMs: number): number | undefined {
  if (err.kind === 'auth' || err.kind === 'permission' || err.kind === 'validation' || err.kind === 'not_found') return undefined;
  if (err.kind === 'rate_limited' && err.retryAfterMs !== undefined) return Math.max(err.retryAfterMs, intervalMs);
  return Math.min(maxBackoffMs, intervalMs * 2 ** Math.min(failures, 30));
}

export function asApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  return new ApiError('network', errorMessage(e), { cause: e });
}

export interface CountOptions extends RowFilter {
  pageSize?: number;
  maxPages?: number;
  signal?: AbortSignal;
}

/**
 * How many deliveries a listener starting at `from` would forward now ("Forward the 12 deliveries that arrived
 * while stopped?"): distinct deliveries matching the filters in the history from the date or the position's
 * watermark, minus those the position has handled. One read of the window; it forwards nothing.
 */
export async function countSince(client: TranscryptsClient, from: Date | ListenPosition, o: CountOptions = {}): Promise<number> {
  const { gte, seen } = isListenPosition(from) ? { gte: Date.parse(from.watermark), seen: new Set(from.seen) } : { gte: from.getTime(), seen: new Set<string>() };
  const w = await readWindow(client, queryFrom(gte, Date.now()), o);
  return selectNew(w.rows, o, (id) => seen.has(id)).length;
}
