/**
 * Replay History against the receiver: the last N deliveries of an environment (or of one configuration), sent
 * signed to the receiver as the platform sent them, each answer compared with what the platform recorded for that
 * delivery — "was 500, now 200" (fixed), "was 200, now 400" (broken). No `vscode`.
 */
import * as l10n from '@vscode/l10n';
import type { WebhookRequest, WebhookRequestPage } from '../api/schemas';
import { rowDeliveryId, rowEventName } from '../api/schemas';
import { statusClassOf } from '../../shared/filters';
import { replayBody } from '../replay/replay';
import { exchange, UNREACHABLE, type Exchange, type RunOptions } from './runner';

export type Verdict = 'same' | 'fixed' | 'broken' | 'still failing';

const accepted = (status: number | null | undefined) => statusClassOf(status ?? null) === '2xx';

/** What the platform recorded (its last attempt's status, null without an answer) against the receiver's answer now. */
export function verdictOf(recorded: number | null, now: number | undefined): Verdict {
  if (accepted(recorded)) return accepted(now) ? 'same' : 'broken';
  return accepted(now) ? 'fixed' : 'still failing';
}

/** One delivery as the platform recorded it: its newest attempt. */
export interface RecordedDelivery {
  deliveryId: string;
  eventType: string;
  /** The newest attempt's time and status. */
  at: string;
  status: number | null;
  row: WebhookRequest;
}

/**
 * The newest `limit` distinct deliveries from history pages (newest first), their attempts folded into one, and
 * only those sent to `webhookUrl` when given (the history has no filter by configuration). Stops paging once it has
 * them, or at `maxRows` rows read.
 */
export async function recentDeliveries(pages: AsyncIterable<WebhookRequestPage>, o: { limit: number; webhookUrl?: string; maxRows?: number; signal?: AbortSignal }): Promise<RecordedDelivery[]> {
  const byId = new Map<string, RecordedDelivery>();
  let read = 0;
  const maxRows = o.maxRows ?? o.limit * 10;
  for await (const page of pages) {
    for (const row of page.results) {
      read++;
      if (o.webhookUrl !== undefined && row.webhook_url !== o.webhookUrl) continue;
      const id = rowDeliveryId(row);
      // Newest first: the first row of a delivery is its last attempt, what the platform recorded in the end.
      if (byId.has(id) || byId.size >= o.limit) continue;
      byId.set(id, { deliveryId: id, eventType: rowEventName(row), at: row.event_created_at, status: row.status_code, row });
    }
    if (o.signal?.aborted || read >= maxRows || byId.size >= o.limit) break;
  }
  return [...byId.values()];
}

export interface ReplayedDelivery {
  delivery: RecordedDelivery;
  verdict: Verdict;
  exchange: Exchange;
  /** "was 500, now 200". */
  summary: string;
}

const said = (status: number | null | undefined, error?: string) => (typeof status === 'number' ? String(status) : error ? l10n.t('no answer') : l10n.t('no status'));

export interface ReplayedHistory {
  replayed: ReplayedDelivery[];
  /** Why the replay stopped before the end: the receiver cannot be reached (nothing listens, no such host). */
  stopped?: string;
}

/**
 * Sends each delivery (oldest first: receivers order by updated_at) and compares; `onEach` hears each as it ends.
 * A receiver that cannot be reached stops the replay (its deliveries are not "broken": the receiver is not running).
 */
export async function replayDeliveries(deliveries: readonly RecordedDelivery[], o: RunOptions, onEach?: (r: ReplayedDelivery) => void): Promise<ReplayedHistory> {
  const ordered = [...deliveries].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const out: ReplayedDelivery[] = [];
  for (const d of ordered) {
    if (o.signal?.aborted) break;
    const body = replayBody(d.row.webhook_payload);
    const x = await exchange({ body, signing: 'valid', expect: 'accept', note: l10n.t('delivery {0}', d.deliveryId) }, o);
    if (x.failure === 'cancelled') break;
    if (x.failure && UNREACHABLE.has(x.failure)) return { replayed: out, stopped: x.error };
    const verdict = verdictOf(d.status, x.status);
    const r = { delivery: d, verdict, exchange: x, summary: l10n.t('was {0}, now {1}', said(d.status), said(x.status, x.error)) };
    out.push(r);
    onEach?.(r);
  }
  return { replayed: out };
}

export function countVerdicts(results: readonly ReplayedDelivery[]): Record<Verdict, number> {
  const counts: Record<Verdict, number> = { same: 0, fixed: 0, broken: 0, 'still failing': 0 };
  for (const r of results) counts[r.verdict]++;
  return counts;
}

/** "100 replayed: 90 same, 6 fixed, 1 broken, 3 still failing". */
export function verdictSummary(results: readonly ReplayedDelivery[], of: number): string {
  const c = countVerdicts(results);
  return results.length < of
    ? l10n.t('{0} of {1} replayed: {2} same, {3} fixed, {4} broken, {5} still failing.', results.length, of, c.same, c.fixed, c.broken, c['still failing'])
    : l10n.t('{0} replayed: {1} same, {2} fixed, {3} broken, {4} still failing.', results.length, c.same, c.fixed, c.broken, c['still failing']);
}
