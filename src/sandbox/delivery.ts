/**
 * Deliveries: signed POSTs of an event to every enabled configuration of an environment subscribed to it, with
 * a 10 s timeout and redirects followed; as [T] documents, a failed delivery is retried three times at a fixed
 * interval (30 s; tests scale it down), then no more. Every attempt becomes a history row.
 */
import { setMaxListeners } from 'node:events';
import { isEnabled } from '../core/api/schemas';
import { eventNameOf, eventTimeOf, type EventType } from '../core/events';
import { LIMITS, type EnvType } from '../core/model';
import { PLATFORM_SIGNATURE_FORMAT, signBody, type SignatureFormat } from '../core/signature';
import { keepAliveAgents, sendReplay, signedRequest } from '../core/replay/replay';
import type { ReplayFailure, ReplayResult } from '../shared/protocol';
import { generatePayload } from '../core/samples/payloads';
import { cryptoRng, newId } from '../core/samples/random';
import type { Store } from './store';

export interface DeliveryOptions {
  /** The fixed interval between attempts. Default 30 s ([T]). */
  retryIntervalMs: number;
  /** The first attempt and the retries. Default 4 ([T]: three retries). */
  attempts: number;
  timeoutMs: number;
  /** The form of `X-WEBHOOK-SIGN` (the profile's). Default `v1`. */
  signatureFormat: SignatureFormat;
}

export interface QueuedDelivery {
  webhook_id: string;
  webhook_url: string;
}

export class Deliverer {
  private readonly timers = new Map<NodeJS.Timeout, () => void>();
  /** Aborted at `close`: every attempt in flight stops, and none starts. */
  private readonly stop = new AbortController();
  /** The deliveries' own connections, kept open between attempts, with no cap per receiver (as the platform's). */
  private readonly agents = keepAliveAgents();
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly store: Store,
    private readonly secretOf: (env: EnvType) => string,
    private readonly options: DeliveryOptions,
  ) {
    // Each attempt in flight listens to it: hundreds at once are not a leak.
    setMaxListeners(0, this.stop.signal);
  }

  trigger(env: EnvType, eventType: EventType, overrides: Record<string, unknown>): { deliveries: QueuedDelivery[]; payload: Record<string, unknown> } {
    const now = new Date();
    const targets = [...this.store.webhooks.values()].filter((w) => w.env_type === env && isEnabled(w) && w.events.includes(eventType));
    const base = generatePayload(eventType, cryptoRng, now, newId(), overrides);
    const deliveries: QueuedDelivery[] = [];
    for (const target of targets) {
      const id = newId();
      const payload = { ...base, webhook_id: id };
      deliveries.push({ webhook_id: id, webhook_url: target.webhook_url });
      this.track(this.run(env, target.webhook_url, payload, 1));
    }
    return { deliveries, payload: base };
  }

  /** Resolves when every delivery started so far has finished all its attempts (for tests). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  close(): void {
    this.stop.abort();
    for (const [t, wake] of this.timers) {
      clearTimeout(t);
      wake();
    }
    this.timers.clear();
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  /** Keeps `p` until it settles; a delivery that throws is a process warning, never an unhandled rejection. */
  private track(p: Promise<void>): void {
    this.pending.add(p);
    void p
      .catch((e: unknown) => process.emitWarning(`sandbox delivery: ${e instanceof Error ? e.stack ?? e.message : String(e)}`))
      .finally(() => this.pending.delete(p));
  }

  private get closed(): boolean {
    return this.stop.signal.aborted;
  }

  private async run(env: EnvType, url: string, payload: Record<string, unknown>, attempt: number): Promise<void> {
    if (this.closed) return;
    const body = JSON.stringify(payload);
    // The loopback receiver's fast path (node:http) and node-fetch for the rest, redirects followed as fetch does.
    const answer = await sendReplay(signedRequest(url, body, signBody(body, this.secretOf(env), this.options.signatureFormat)), {
      timeoutMs: this.options.timeoutMs,
      signal: this.stop.signal,
      agents: this.agents,
    });
    const { status, error } = outcome(answer, this.options.timeoutMs);
    if (this.closed) return;
    await this.store.appendRequest({
      seq: this.store.nextSeq(),
      created_at: new Date().toISOString(),
      env_type: env,
      webhook_id: String(payload.webhook_id),
      event_type: eventNameOf(payload) ?? '',
      event_created_at: eventTimeOf(payload) ?? new Date().toISOString(),
      status_code: status,
      error_message: error,
      webhook_payload: payload,
      webhook_url: url,
    });
    if (error !== null && attempt < this.options.attempts) {
      const delay = this.options.retryIntervalMs;
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          this.timers.delete(t);
          resolve();
        }, delay);
        this.timers.set(t, resolve);
      });
      await this.run(env, url, payload, attempt + 1);
    }
  }
}

/** An attempt's history row fields: the receiver's status, and the error unless it answered 2xx. */
function outcome(answer: ReplayResult, timeoutMs: number): { status: number | null; error: string | null } {
  if (answer.ok) return { status: answer.status, error: answer.status >= 200 && answer.status < 300 ? null : answeredText(answer.status, answer.body) };
  const reason = answer.reason ?? 'failed';
  return { status: null, error: reason === 'timeout' ? noAnswerWithin(timeoutMs) : (noAnswer[reason] ?? answer.error.slice(0, 300)) };
}

/** The error of an attempt the receiver answered with another status than 2xx. */
export function answeredText(status: number, body: string): string {
  return `The receiver answered HTTP ${status}${body ? `: ${body.slice(0, 200)}` : ''}`;
}

/** The error of an attempt the receiver did not answer in time. */
export function noAnswerWithin(timeoutMs: number): string {
  return `No answer within ${timeoutMs / 1000} s (timeout)`;
}

/** The error of an attempt that got no answer, by why (the others: the sender's own sentence). */
export const NO_ANSWER = {
  refused: 'Connection refused',
  reset: 'Connection reset by the receiver',
  'not-found': 'The receiver host name could not be resolved (DNS)',
} as const satisfies Partial<Record<ReplayFailure, string>>;
const noAnswer: Partial<Record<ReplayFailure, string>> = NO_ANSWER;

export const DEFAULT_DELIVERY: DeliveryOptions = {
  retryIntervalMs: LIMITS.deliveryRetryIntervalMs,
  signatureFormat: PLATFORM_SIGNATURE_FORMAT.transcrypts,
  attempts: LIMITS.deliveryAttempts,
  timeoutMs: LIMITS.deliveryTimeoutMs,
};
