/**
 * The one message protocol between the history panel host and its webview: a typed discriminated union per
 * direction. The webview starts with `ready`; the host sends nothing before it (no message is lost).
 */

/** An environment as the API names it: `dev`, `prod`, `sandbox` or any other env_type (core/model re-exports it). */
export type EnvType = string;

/** What a panel shows: an environment's deliveries, or one configuration's (rows matching its URL). */
export interface HistoryScope {
  env: EnvType;
  webhookId?: string;
  webhookUrl?: string;
  /** Configuration name, or the environment's label. */
  title: string;
}

/** `invalid`: a status outside the HTTP range (shared/limits.ts; a broken server), never counted as a server error. */
export type StatusClass = '1xx' | '2xx' | '3xx' | '4xx' | '5xx' | 'none' | 'invalid';

/** Filters the API applies (sent to the server). */
export interface ServerFilters {
  eventType?: string;
  statusCode?: number;
  /** ISO date-times within the history window (shared/limits.ts). */
  from?: string;
  to?: string;
}

/** A span of time in epoch milliseconds, `from` included, `to` excluded (a bar of the delivery chart). */
export interface TimeRange {
  from: number;
  to: number;
}

/** Filters applied to the loaded rows (the API cannot). */
export interface LocalFilters {
  statusClass?: StatusClass;
  text?: string;
  /** The rows whose event time falls in this span (a chart bar was chosen). */
  time?: TimeRange;
}

export interface Row {
  /** Unique within a panel's session (assigned by the host, in arrival order). */
  key: number;
  /** The delivery's id: its payload's `webhook_id`, else the row's. */
  webhook_id: string;
  /** The event: its payload's `event_type ?? event`, else the row's `event_type`. */
  event_type: string;
  /** The row's own `webhook_id`, when it differs from the payload's (its meaning is unconfirmed). */
  rowWebhookId?: string;
  /** The row's own `event_type`, when it differs from the payload's. */
  rowEventType?: string;
  event_created_at: string;
  status_code: number | null;
  error_message: string | null;
  webhook_url: string;
  /** The configuration's name, when one of the connected environment matches the URL. */
  configName?: string;
  /** The payload as the API returned it (JSON value). */
  payload: unknown;
}

/**
 * A row as the panel's list holds it: the payload as its compact JSON text, one string, parsed only when the row
 * is shown. 10,000 parsed payloads were some 300,000 objects in the webview's heap, whose garbage collection
 * made the longest tasks while scrolling; the text is also what the search reads.
 */
export type ListRow = Omit<Row, 'payload'> & { payloadJson: string };

export function toListRow(row: Row): ListRow {
  const { payload, ...rest } = row;
  return { ...rest, payloadJson: JSON.stringify(payload) ?? 'null' };
}

/** What the webview keeps with getState/setState and the serializer restores. */
export interface PanelState {
  scope: HistoryScope;
  server: ServerFilters;
  local: LocalFilters;
  selectedKey?: number;
  /** Identity of the selected row across reloads (keys are per session). */
  selected?: { webhook_id: string; event_created_at: string; status_code: number | null };
  autoRefresh: boolean;
  /**
   * How many rows were loaded: a webview made again (VS Code drops a hidden one) loads that many again rather than
   * one page (m15).
   */
  loaded?: number;
}

/** Actions on deliveries: each carries a request id and gets one `reply` (done, or failed with a message). */
export type ActionRequest =
  | { type: 'copyPayload'; requestId: number; key: number }
  | { type: 'openPayload'; requestId: number; key: number }
  | { type: 'saveFixtures'; requestId: number; keys: number[]; askFormat?: boolean }
  | { type: 'replay'; requestId: number; keys: number[] }
  | { type: 'copyCurl'; requestId: number; key: number }
  | { type: 'compare'; requestId: number; key: number };

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'load'; requestId: number; filters: ServerFilters; more: boolean }
  | { type: 'cancel'; requestId: number }
  | { type: 'poll'; filters: ServerFilters }
  | { type: 'state'; state: PanelState }
  | ActionRequest;

/** The answer to an ActionRequest: done (with what to show, if anything), or failed with why (redacted). */
export type Reply = { type: 'reply'; requestId: number; ok: true; message?: string } | { type: 'reply'; requestId: number; ok: false; message: string };

export type HostToWebview =
  | { type: 'init'; state: PanelState; eventTypes: readonly string[] }
  | { type: 'rows'; requestId: number; rows: ListRow[]; append: boolean; hasMore: boolean }
  | { type: 'newRows'; rows: ListRow[] }
  | { type: 'loadError'; requestId: number; message: string; retryable: boolean }
  /** A replay's answer, or (`via: 'listen'`) the local receiver's answer to Listen's forward of the delivery. */
  | { type: 'replayResult'; key: number; url: string; result: ReplayResult; via?: 'listen' }
  /** Select the delivery with this id (a listening terminal's link), loading the newest rows when it is not shown. */
  | { type: 'reveal'; webhookId: string }
  /** The connection changed under the panel: what it shows is from another one; load again. */
  | { type: 'reload'; message: string }
  | Reply;

/** The localized strings of the webview (VS Code's `l10n.bundle`, embedded in the page as JSON), absent in English. */
export type L10nContents = Record<string, string | { message: string; comment: string[] }>;

/** Why a replay got no answer: the kind, for code that words it itself (the receiver tests); `error` says it. */
export type ReplayFailure = 'timeout' | 'cancelled' | 'refused' | 'not-found' | 'reset' | 'failed';

/** What the receiver answered to a replay (the body cut at REPLAY_BODY_LIMIT), or why there was no answer. */
export type ReplayResult =
  | { ok: true; status: number; headers: Record<string, string>; body: string; truncated: boolean; ms: number }
  | { ok: false; error: string; reason?: ReplayFailure; ms: number };
