/**
 * A panel's state comes back from places we do not control (the webview's getState, the serializer after a
 * reload): it is validated field by field, and only the validated value is kept. Shared by host and webview.
 */
import { STATUS_CODE_MAX, STATUS_CODE_MIN } from './limits';
import type { HistoryScope, LocalFilters, PanelState, ServerFilters, StatusClass, TimeRange } from './protocol';

const STATUS_CLASSES: readonly StatusClass[] = ['1xx', '2xx', '3xx', '4xx', '5xx', 'none', 'invalid'];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const isoDate = (v: unknown): string | undefined => (typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? v : undefined);

function scopeOf(v: unknown): HistoryScope | undefined {
  if (!isObj(v)) return undefined;
  const env = str(v['env']);
  const title = typeof v['title'] === 'string' ? v['title'] : undefined;
  if (env === undefined || title === undefined) return undefined;
  return { env, title, webhookId: str(v['webhookId']), webhookUrl: str(v['webhookUrl']) };
}

export function serverFiltersOf(v: unknown): ServerFilters {
  if (!isObj(v)) return {};
  const code = v['statusCode'];
  const out: ServerFilters = {};
  const eventType = str(v['eventType']);
  if (eventType) out.eventType = eventType;
  if (typeof code === 'number' && Number.isInteger(code) && code >= STATUS_CODE_MIN && code <= STATUS_CODE_MAX) out.statusCode = code;
  const from = isoDate(v['from']);
  const to = isoDate(v['to']);
  if (from) out.from = from;
  if (to) out.to = to;
  return out;
}

function localFiltersOf(v: unknown): LocalFilters {
  if (!isObj(v)) return {};
  const out: LocalFilters = {};
  const c = STATUS_CLASSES.find((x) => x === v['statusClass']);
  if (c) out.statusClass = c;
  const text = str(v['text']);
  if (text) out.text = text;
  const time = timeRangeOf(v['time']);
  if (time) out.time = time;
  return out;
}

/** Largest epoch milliseconds a Date can hold. */
const MAX_TIME = 8.64e15;
const epoch = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= MAX_TIME;

function timeRangeOf(v: unknown): TimeRange | undefined {
  if (!isObj(v)) return undefined;
  const from = v['from'];
  const to = v['to'];
  return epoch(from) && epoch(to) && from < to ? { from, to } : undefined;
}

function selectedOf(v: unknown): PanelState['selected'] {
  if (!isObj(v)) return undefined;
  const webhookId = typeof v['webhook_id'] === 'string' ? v['webhook_id'] : undefined;
  const at = typeof v['event_created_at'] === 'string' ? v['event_created_at'] : undefined;
  const status = v['status_code'];
  if (webhookId === undefined || at === undefined || !(status === null || typeof status === 'number')) return undefined;
  return { webhook_id: webhookId, event_created_at: at, status_code: status };
}

/** The valid part of a stored panel state, or undefined when it has no valid scope. */
/** A panel made again loads at most this many rows again (pages of the server's largest size). */
export const MAX_RESTORED_ROWS = 20_000;

export function parsePanelState(v: unknown): PanelState | undefined {
  if (!isObj(v)) return undefined;
  const scope = scopeOf(v['scope']);
  if (!scope) return undefined;
  const selectedKey = v['selectedKey'];
  const loaded = v['loaded'];
  return {
    scope,
    server: serverFiltersOf(v['server']),
    local: localFiltersOf(v['local']),
    ...(typeof selectedKey === 'number' && Number.isInteger(selectedKey) ? { selectedKey } : {}),
    selected: selectedOf(v['selected']),
    autoRefresh: v['autoRefresh'] === true,
    ...(typeof loaded === 'number' && Number.isInteger(loaded) && loaded > 0 ? { loaded: Math.min(loaded, MAX_RESTORED_ROWS) } : {}),
  };
}
