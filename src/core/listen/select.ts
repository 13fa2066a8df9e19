/** Which history rows are new deliveries for a listener, and in which order they are forwarded. */
import { createHash } from 'node:crypto';
import { rowDeliveryId, rowEventName, type WebhookRequest } from '../api/schemas';
import { eventTimeOf } from '../events';

export interface RowFilter {
  /** Event types to forward (compared with `rowEventName`); undefined: all. */
  events?: ReadonlySet<string>;
  /** Only the deliveries to this configuration URL (a row's `webhook_url`); undefined: all. */
  webhookUrl?: string;
}

/** One delivery to forward: its id, its event, and the row of its first attempt seen. */
export interface NewDelivery {
  id: string;
  eventType: string;
  row: WebhookRequest;
  /** Microseconds since the epoch the receiver orders by; +Infinity when the payload and row carry no time. */
  orderKey: number;
}

/**
 * The delivery a row is an attempt of: `rowDeliveryId`; a row that names none (no id in the payload or the row)
 * is keyed by a hash of its payload, so its retries still count once.
 */
export function deliveryKey(row: WebhookRequest): string {
  const id = rowDeliveryId(row);
  if (id !== '') return id;
  return `payload:${createHash('sha256').update(JSON.stringify(row.webhook_payload) ?? '').digest('hex').slice(0, 32)}`;
}

/** An ISO time as microseconds since the epoch (the platform sends µs: `…08.073930Z`), or undefined. */
export function micros(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const frac = /T\d{2}:\d{2}:\d{2}\.(\d+)/.exec(text)?.[1] ?? '';
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return undefined;
  // Date.parse keeps the milliseconds and drops the rest: add the 4th to 6th fraction digits back.
  return ms * 1000 + Number(frac.padEnd(6, '0').slice(3, 6));
}

/** What receivers order by ([T]): the payload's `updated_at`, else its `event_created_at`, else the row's. */
export function orderKeyOf(row: WebhookRequest): number {
  const p = row.webhook_payload;
  const updated = typeof p === 'object' && p !== null && !Array.isArray(p) ? (p as Record<string, unknown>).updated_at : undefined;
  return (typeof updated === 'string' ? micros(updated) : undefined) ?? micros(eventTimeOf(p)) ?? micros(row.event_created_at) ?? Number.POSITIVE_INFINITY;
}

export function matches(row: WebhookRequest, f: RowFilter): boolean {
  if (f.webhookUrl !== undefined && row.webhook_url !== f.webhookUrl) return false;
  return f.events === undefined || f.events.has(rowEventName(row));
}

/**
 * The deliveries among `rows` (newest first) that match `filter` and are not `seen`, each once with the row of
 * its earliest attempt, in the order receivers expect: `updated_at`/`event_created_at`, then id. Rows without a
 * payload are skipped: there is nothing to forward. `onSeen` hears every id already seen that a row names.
 */
export function selectNew(rows: readonly WebhookRequest[], filter: RowFilter, seen: (id: string) => boolean, onSeen?: (id: string) => void): NewDelivery[] {
  const byId = new Map<string, WebhookRequest>();
  for (const row of rows) {
    if (row.webhook_payload === undefined || !matches(row, filter)) continue;
    const id = deliveryKey(row);
    if (seen(id)) onSeen?.(id);
    // Newest first: a later row of the same delivery is an earlier attempt; keep the earliest.
    else byId.set(id, row);
  }
  const out = [...byId].map(([id, row]) => ({ id, row, eventType: rowEventName(row), orderKey: orderKeyOf(row) }));
  return out.sort((a, b) => (a.orderKey === b.orderKey ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.orderKey < b.orderKey ? -1 : 1));
}
