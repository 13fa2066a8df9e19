/**
 * /v1/webhook-requests/: the delivery attempts of the request's environment in the last 30 days, newest first,
 * filtered by event type, status code and date range, and paged by cursor (keyset paging over the store's rows).
 */
import type { FieldError } from '../../core/api/errors';
import { HISTORY_WINDOW_MS, LIMITS, type EnvType } from '../../core/model';
import type { SandboxContext } from '../context';
import { decodeCursor, encodeCursor, type Cursor, type RowKey } from '../cursor';
import { badParams } from '../http/errors';
import type { Call, Reply } from '../http/router';
import { compareRows, type StoredRequest } from '../store';
import { positiveIntParam, withParam } from './query';
import { partitionPoint } from '../../shared/partitionPoint';

interface HistoryQuery {
  /** ISO bounds of created_at (inclusive); `from` is never before the history window. */
  from: string;
  to: string | undefined;
  eventType: string | null;
  status: number | undefined;
  size: number;
  cursor: Cursor | undefined;
}

export function listHistory(ctx: SandboxContext, { url, env }: Call): Reply {
  const query = parseQuery(url.searchParams, Date.now());
  const { page, moreOlder, moreNewer } = pageOf(ctx.store.requests, matcher(query, env), query.size, query.cursor);
  const link = (dir: Cursor['dir'], r: StoredRequest) => withParam(url, 'cursor', encodeCursor({ dir, key: { created_at: r.created_at, seq: r.seq } }));
  const first = page[0];
  const last = page[page.length - 1];
  const next = moreOlder && last ? link('before', last) : null;
  const previous = moreNewer && first ? link('after', first) : null;
  // Only as bytes: the rows' objects are made once, when a row is first sent (rowJson).
  return { status: 200, body: null, json: pageJson(next, previous, page) };
}

/**
 * The page as UTF-8 JSON, the same bytes as JSON.stringify of its body, from each row's bytes, made once (rows
 * never change once stored): one copy per answer, not a serialization and an encoding.
 */
function pageJson(next: string | null, previous: string | null, page: readonly StoredRequest[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`{"next":${JSON.stringify(next)},"previous":${JSON.stringify(previous)},"results":[`)];
  page.forEach((r, i) => {
    if (i > 0) parts.push(COMMA);
    parts.push(rowJson(r));
  });
  parts.push(END);
  return Buffer.concat(parts);
}

const COMMA = Buffer.from(',');
const END = Buffer.from(']}');

/** Rows' JSON as answered, the oldest made dropped first when over ROW_JSON_LIMIT bytes in all. */
const rowJsonCache = new Map<StoredRequest, Buffer>();
const ROW_JSON_LIMIT = 4_000_000;
let rowJsonBytes = 0;

function rowJson(r: StoredRequest): Buffer {
  let bytes = rowJsonCache.get(r);
  if (bytes !== undefined) return bytes;
  bytes = Buffer.from(JSON.stringify(publicRow(r)));
  rowJsonCache.set(r, bytes);
  rowJsonBytes += bytes.length;
  for (const [k, v] of rowJsonCache) {
    if (rowJsonBytes <= ROW_JSON_LIMIT) break;
    rowJsonCache.delete(k);
    rowJsonBytes -= v.length;
  }
  return bytes;
}

/** The query, or 400 naming every parameter that is wrong. */
function parseQuery(q: URLSearchParams, nowMs: number): HistoryQuery {
  const errors: FieldError[] = [];
  const windowStart = nowMs - HISTORY_WINDOW_MS;
  const { gte, lte } = dateRange(q, windowStart, errors);
  const status = statusParam(q, errors);
  const size = positiveIntParam(q, 'page_size', LIMITS.historyPageSizeMax);
  if (typeof size === 'object') errors.push(size);
  const cursorRaw = q.get('cursor');
  const cursor = cursorRaw === null ? undefined : decodeCursor(cursorRaw);
  if (cursorRaw !== null && !cursor) errors.push({ field: 'cursor', message: 'Invalid cursor.' });
  if (errors.length > 0) throw badParams(errors);
  return {
    from: new Date(gte ?? windowStart).toISOString(),
    to: lte === undefined ? undefined : new Date(lte).toISOString(),
    eventType: q.get('event_type'),
    status,
    size: typeof size === 'number' ? size : LIMITS.historyPageSizeDefault,
    cursor,
  };
}

function dateRange(q: URLSearchParams, windowStart: number, errors: FieldError[]): { gte?: number; lte?: number } {
  const date = (key: string): number | undefined => {
    const v = q.get(key);
    if (v === null) return undefined;
    const t = Date.parse(v);
    if (Number.isNaN(t)) errors.push({ field: key, message: 'Enter a valid date/time.' });
    return Number.isNaN(t) ? undefined : t;
  };
  const gte = date('created_at__gte');
  const lte = date('created_at__lte');
  // One minute of grace for clocks and for "now - 30 days" computed by a client a moment ago.
  if (gte !== undefined && gte < windowStart - 60_000) errors.push({ field: 'created_at__gte', message: `History is kept for ${LIMITS.historyDays} days; choose a later date.` });
  if (gte !== undefined && lte !== undefined && gte > lte) errors.push({ field: 'created_at__gte', message: 'Must be earlier than or equal to created_at__lte.' });
  return { gte, lte };
}

function statusParam(q: URLSearchParams, errors: FieldError[]): number | undefined {
  const raw = q.get('status_code');
  if (raw === null) return undefined;
  const status = /^\d{3}$/.test(raw) ? Number(raw) : NaN;
  const { statusCodeMin: min, statusCodeMax: max } = LIMITS;
  if (!(status >= min && status <= max)) errors.push({ field: 'status_code', message: `Ensure this value is an integer between ${min} and ${max}.` });
  return status;
}

function matcher(q: HistoryQuery, env: EnvType): (r: StoredRequest) => boolean {
  return (r) =>
    r.env_type === env &&
    r.created_at >= q.from &&
    (q.to === undefined || r.created_at <= q.to) &&
    (q.eventType === null || r.event_type === q.eventType) &&
    (q.status === undefined || r.status_code === q.status);
}

/**
 * One page, newest first, from rows ascending by (created_at, seq): without a cursor or `before` one, the matching
 * rows just below it (a binary search finds where to start, no newer row is skipped one by one); with an `after`
 * one, the matching rows just above it, closest first, then shown newest first.
 */
function pageOf(rows: readonly StoredRequest[], match: (r: StoredRequest) => boolean, size: number, cursor: Cursor | undefined) {
  if (!cursor || cursor.dir === 'before') {
    const start = cursor ? indexAfter(rows, cursor.key, false) - 1 : rows.length - 1;
    const { taken, more } = take(rows, start, -1, match, size);
    return { page: taken, moreOlder: more, moreNewer: cursor !== undefined };
  }
  const { taken, more } = take(rows, indexAfter(rows, cursor.key, true), 1, match, size);
  return { page: taken.reverse(), moreOlder: true, moreNewer: more };
}

/** Up to `size` matching rows from `start` in the direction `step`, and whether a further one matches. */
function take(rows: readonly StoredRequest[], start: number, step: 1 | -1, match: (r: StoredRequest) => boolean, size: number) {
  const taken: StoredRequest[] = [];
  for (let i = start; i >= 0 && i < rows.length; i += step) {
    const r = rows[i] as StoredRequest;
    if (!match(r)) continue;
    if (taken.length === size) return { taken, more: true };
    taken.push(r);
  }
  return { taken, more: false };
}

/** The first index after every row below `key` (`orAt`: below or at it); rows ascending. */
function indexAfter(rows: readonly StoredRequest[], key: RowKey, orAt: boolean): number {
  return partitionPoint(rows.length, (i) => {
    const c = compareRows(rows[i] as StoredRequest, key);
    return c < 0 || (orAt && c === 0);
  });
}

function publicRow(r: StoredRequest) {
  return {
    webhook_id: r.webhook_id,
    event_type: r.event_type,
    event_created_at: r.event_created_at,
    status_code: r.status_code,
    error_message: r.error_message,
    webhook_payload: r.webhook_payload,
    webhook_url: r.webhook_url,
  };
}
