/**
 * Listen: watch an environment's request history and forward each new delivery, freshly signed, to a receiver
 * on this machine (a tunnel-free `stripe listen --forward-to`). Pure core, no `vscode`: the adapter (terminal,
 * status bar, tree, task) subscribes to the events of a `Listener`.
 *
 * One loop: read the history from the watermark to its end (one request in flight), forward the new deliveries in
 * the receivers' order (one receiver request at a time), commit the watermark, wait an interval (or back off), and
 * again. Failed forwards are retried on timers (4 attempts, as the platform), never holding later deliveries.
 */
import type { TranscryptsClient } from '../api/client';
import type { ApiErrorKind } from '../api/errors';
import { secretScrubber } from '../log/redact';
import { LIMITS } from '../model';
import { buildReplay, sendReplay } from '../replay/replay';
import type { SignatureFormat } from '../signature';
import { Emitter, type Disposable, type Handler } from './emitter';
import { isListenPosition, MAX_POSITION_IDS, SeenSet, type ListenPosition } from './position';
import { deliveryKey, selectNew, type NewDelivery, type RowFilter } from './select';
import { asApiError, backoffMs, queryFrom, readWindow, watermarkAfter } from './source';
import { forwardTargetProblem } from './target';

/** The header each forwarded request carries: the delivery id it re-delivers. */
export const FORWARDED_HEADER = 'X-Transcrypts-Forwarded';

export interface ListenOptions {
  /** The environment's client (it holds the environment's keys). Its own GET retries come before the listener's. */
  client: TranscryptsClient;
  /** The receiver: an absolute http(s) URL. Which hosts are allowed is the adapter's policy: `forwardTargetProblem`. */
  forwardTo: string;
  /** Signs each forwarded body (`X-WEBHOOK-SIGN`); it appears in no event and no error. */
  secret: string;
  signatureFormat: SignatureFormat;
  /** Event types to forward (`rowEventName`); undefined: all. */
  events?: ReadonlySet<string>;
  /** Only the deliveries to this configuration URL (rows' `webhook_url`); undefined: all. */
  webhookUrl?: string;
  /** Where to start: a time (deliveries made at or after it), or the `position()` of a listener that stopped. */
  since: Date | ListenPosition;
  /** Between two reads of the history. Default 2 s. */
  intervalMs?: number;
  /** Retry a failed forward like the platform: 3 more attempts, `retryDelayMs` apart. Default false. */
  retry?: boolean;
  /** Default 30 s (the platform's interval). */
  retryDelayMs?: number;
  /** The receiver's time to answer. Default 10 s (the platform's). */
  receiverTimeoutMs?: number;
  /** The longest wait after failed reads of the history. Default 60 s. */
  maxBackoffMs?: number;
  /** History page size. Default 500. */
  pageSize?: number;
  /** How far behind the newest row the watermark stays. Default 60 s. */
  marginMs?: number;
  /** How long a handled id is remembered after the last row that names it. Default 10 min. */
  dedupeWindowMs?: number;
}

export interface ForwardedEvent {
  deliveryId: string;
  eventType: string;
  /** The configuration URL of the delivery's row (where the platform delivered it). */
  webhookUrl: string;
  /** 1 for the first forward, up to `attempts`. */
  attempt: number;
  attempts: number;
  /** The receiver answered 2xx. */
  ok: boolean;
  status?: number;
  ms: number;
  /** Why it failed, one line: the status and the first line of the answer, or the connection error. */
  error?: string;
  /** Set when another attempt is scheduled. */
  retryInMs?: number;
  /** The receiver's answer (headers and body, cut at REPLAY_BODY_LIMIT, the secret removed), when it answered. */
  answer?: { headers: Record<string, string>; body: string; truncated: boolean };
}

export interface PollEvent {
  /** New deliveries found, about to be forwarded. */
  newCount: number;
  rows: number;
  pages: number;
  ms: number;
  /** The `created_at__gte` of this read (ISO). */
  from: string;
  /** The page limit stopped the read: the watermark stays, the next read covers the rest. */
  truncated: boolean;
}

export interface PollErrorEvent {
  message: string;
  kind: ApiErrorKind;
  status?: number;
  /** When the next read is; undefined with `fatal`. */
  retryInMs?: number;
  /** Waiting cannot help (keys refused, no permission…): the listener has stopped. */
  fatal: boolean;
}

export type ListenState = 'idle' | 'listening' | 'backing-off' | 'stopping' | 'stopped' | 'failed';

export interface StateEvent {
  state: ListenState;
  message?: string;
}

export interface ListenEvents {
  forwarded: ForwardedEvent;
  poll: PollEvent;
  'poll-error': PollErrorEvent;
  state: StateEvent;
}

export interface ListenStats {
  /** Deliveries the receiver accepted (2xx). */
  forwarded: number;
  /** Deliveries given up: failed with retry off, or failed on every attempt. */
  failed: number;
  /** Deliveries waiting for another attempt. */
  pendingRetries: number;
  /** Receiver requests made. */
  attempts: number;
}

interface PendingRetry {
  delivery: NewDelivery;
  /** The watermark of the read that found it: a position must not pass it while the delivery is undelivered. */
  foundFrom: number;
  timer?: NodeJS.Timeout;
}

interface Settings {
  intervalMs: number;
  retryDelayMs: number;
  receiverTimeoutMs: number;
  maxBackoffMs: number;
  pageSize: number;
  marginMs: number;
  dedupeWindowMs: number;
}

const DEFAULTS: Settings = {
  intervalMs: 2000,
  retryDelayMs: LIMITS.deliveryRetryIntervalMs,
  receiverTimeoutMs: LIMITS.deliveryTimeoutMs,
  maxBackoffMs: 60_000,
  pageSize: LIMITS.historyPageSizeMax,
  marginMs: 60_000,
  dedupeWindowMs: 600_000,
};
const MAX_SEEN = 50_000;
/**
 * A fresh start (from a time) first reads this far back before it: deliveries made then are not new, and their
 * retries (3 more attempts, 30 s apart, each with 10 s to answer) land after the start. They are not forwarded.
 */
export const PRIOR_ATTEMPTS_MS = (LIMITS.deliveryAttempts - 1) * LIMITS.deliveryRetryIntervalMs + LIMITS.deliveryTimeoutMs * LIMITS.deliveryAttempts;

export class Listener {
  private readonly emitter = new Emitter<ListenEvents>();
  private readonly o: Settings;
  private readonly filter: RowFilter;
  private readonly seen: SeenSet;
  private readonly retries = new Map<string, PendingRetry>();
  private readonly controller = new AbortController();
  private readonly counts = { forwarded: 0, failed: 0, attempts: 0 };
  /** Removes the secret in every form from what the receiver or the history says (its forms computed once). */
  private readonly scrubber: (text: string) => string;
  private watermarkMs: number;
  private current: ListenState = 'idle';
  private loop: Promise<void> | undefined;
  private chain: Promise<void> = Promise.resolve();
  private stopping: Promise<void> | undefined;
  /** The deliveries made before a fresh start are known (see PRIOR_ATTEMPTS_MS); a resumed position knows its own. */
  private primed: boolean;

  /** Throws when `forwardTo` is not an absolute http(s) URL or `since` is not a valid time or position. */
  constructor(private readonly options: ListenOptions) {
    const problem = forwardTargetProblem(options.forwardTo, true);
    if (problem) throw new Error(problem);
    const n = (v: number | undefined, d: number) => (v !== undefined && Number.isFinite(v) && v >= 0 ? v : d);
    this.o = {
      intervalMs: Math.max(1, n(options.intervalMs, DEFAULTS.intervalMs)),
      retryDelayMs: n(options.retryDelayMs, DEFAULTS.retryDelayMs),
      receiverTimeoutMs: Math.max(1, n(options.receiverTimeoutMs, DEFAULTS.receiverTimeoutMs)),
      maxBackoffMs: n(options.maxBackoffMs, DEFAULTS.maxBackoffMs),
      pageSize: Math.max(1, Math.floor(n(options.pageSize, DEFAULTS.pageSize))),
      marginMs: n(options.marginMs, DEFAULTS.marginMs),
      dedupeWindowMs: n(options.dedupeWindowMs, DEFAULTS.dedupeWindowMs),
    };
    this.filter = { events: options.events, webhookUrl: options.webhookUrl };
    this.scrubber = options.secret ? secretScrubber([options.secret]) : (text) => text;
    this.seen = new SeenSet(this.o.dedupeWindowMs, MAX_SEEN);
    const since = options.since;
    this.watermarkMs = isListenPosition(since) ? Date.parse(since.watermark) : since.getTime();
    if (Number.isNaN(this.watermarkMs)) throw new Error('Listen needs a valid start time.');
    if (isListenPosition(since)) for (const id of since.seen) this.seen.touch(id, Date.now());
    this.primed = isListenPosition(since);
  }

  on<K extends keyof ListenEvents>(type: K, fn: Handler<ListenEvents[K]>): Disposable {
    return this.emitter.on(type, fn);
  }

  get state(): ListenState {
    return this.current;
  }

  get stats(): ListenStats {
    return { ...this.counts, pendingRetries: this.retries.size };
  }

  /** Start polling now. Once only: a stopped listener is not restarted; start a new one from its `position()`. */
  start(): void {
    if (this.loop || this.stopping) return;
    this.setState('listening');
    this.loop = this.run();
  }

  /** Stop: cancel the history read and the receiver request in flight and the retry timers; resolves when idle. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      const failed = this.current === 'failed';
      if (!failed) this.setState('stopping');
      this.halt();
      await this.loop;
      await this.chain;
      if (!failed) this.setState('stopped');
      this.emitter.clear();
    })();
    return this.stopping;
  }

  /**
   * Where a new listener must start to forward exactly what this one has not: the committed watermark (moved back
   * to the read that found any delivery still waiting for a retry) and the ids handled, those waiting excluded.
   */
  position(): ListenPosition {
    let watermark = this.watermarkMs;
    for (const r of this.retries.values()) watermark = Math.min(watermark, r.foundFrom);
    const seen = this.seen.ids().filter((id) => !this.retries.has(id));
    return { version: 1, watermark: new Date(watermark).toISOString(), seen: seen.slice(-MAX_POSITION_IDS) };
  }

  private get aborted(): boolean {
    return this.controller.signal.aborted;
  }

  private halt(): void {
    this.controller.abort();
    for (const r of this.retries.values()) {
      if (r.timer) clearTimeout(r.timer);
      r.timer = undefined;
    }
  }

  private setState(state: ListenState, message?: string): void {
    if (this.current === state) return;
    this.current = state;
    this.emitter.emit('state', message === undefined ? { state } : { state, message: this.scrub(message) });
  }

  /** The loop: read and forward, then wait an interval, or the back-off after a failed read. Ends on stop. */
  private async run(): Promise<void> {
    let failures = 0;
    while (!this.aborted) {
      let wait = this.o.intervalMs;
      try {
        await this.pollOnce();
        failures = 0;
        if (!this.aborted) this.setState('listening');
      } catch (e) {
        if (this.aborted) break;
        const err = asApiError(e);
        const retryInMs = backoffMs(err, ++failures, this.o.intervalMs, this.o.maxBackoffMs);
        const message = this.scrub(err.message.split('\n')[0] ?? '');
        this.emitter.emit('poll-error', { message, kind: err.kind, status: err.status, retryInMs, fatal: retryInMs === undefined });
        if (retryInMs === undefined) {
          this.setState('failed', message);
          this.halt();
          break;
        }
        this.setState('backing-off', message);
        wait = retryInMs;
      }
      await this.sleep(wait);
    }
  }

  /** One read of the history and the forwarding of what it found; the watermark moves only once all is handled. */
  private async pollOnce(): Promise<void> {
    if (!this.primed) await this.prime();
    const started = Date.now();
    const from = queryFrom(this.watermarkMs, started);
    const window = await readWindow(this.options.client, from, { pageSize: this.o.pageSize, signal: this.controller.signal });
    if (this.aborted) return;
    const fresh = selectNew(window.rows, this.filter, (id) => this.seen.has(id), (id) => this.seen.touch(id, started));
    this.emitter.emit('poll', {
      newCount: fresh.length,
      rows: window.rows.length,
      pages: window.pages,
      ms: Date.now() - started,
      from: new Date(from).toISOString(),
      truncated: window.truncated,
    });
    for (const delivery of fresh) {
      if (this.aborted) return;
      await this.enqueue(() => this.forward(delivery, 1, from));
    }
    if (this.aborted) return;
    const next = window.truncated ? undefined : watermarkAfter(window.rows, started, this.o.marginMs);
    if (next !== undefined && next > this.watermarkMs) this.watermarkMs = next;
    this.seen.prune(Date.now());
  }

  /** Before a fresh start's first read: the deliveries attempted just before the start, whose retries come after it. */
  private async prime(): Promise<void> {
    const start = this.watermarkMs;
    const now = Date.now();
    const before = await readWindow(this.options.client, queryFrom(start - PRIOR_ATTEMPTS_MS, now), { pageSize: this.o.pageSize, signal: this.controller.signal, lteMs: start });
    for (const row of before.rows) this.seen.touch(deliveryKey(row), now);
    this.primed = true;
  }

  /** Receiver requests one at a time, in the order asked: new deliveries and due retries share the line. */
  private enqueue(task: () => Promise<void>): Promise<void> {
    const p = this.chain.then(task);
    this.chain = p.catch(() => undefined);
    return p;
  }

  private async forward(delivery: NewDelivery, attempt: number, foundFrom: number): Promise<void> {
    if (this.aborted) return;
    const req = buildReplay(delivery.row.webhook_payload, this.options.forwardTo, this.options.secret, this.options.signatureFormat);
    req.headers[FORWARDED_HEADER] = /^[\x21-\x7e]{1,200}$/.test(delivery.id) ? delivery.id : encodeURIComponent(delivery.id).slice(0, 200);
    const result = await sendReplay(req, { timeoutMs: this.o.receiverTimeoutMs, signal: this.controller.signal, followRedirects: false });
    // A forward cut short by stop is not counted: the position keeps it, and the listener that resumes sends it.
    if (this.aborted) return;
    this.counts.attempts++;
    this.seen.touch(delivery.id, Date.now());
    const ok = result.ok && result.status >= 200 && result.status < 300;
    const attempts = this.options.retry ? LIMITS.deliveryAttempts : 1;
    const retryInMs = !ok && attempt < attempts ? this.o.retryDelayMs : undefined;
    if (ok) this.counts.forwarded++;
    else if (retryInMs === undefined) this.counts.failed++;
    if (retryInMs === undefined) this.retries.delete(delivery.id);
    else this.scheduleRetry(delivery, attempt + 1, foundFrom);
    const event: ForwardedEvent = { deliveryId: delivery.id, eventType: delivery.eventType, webhookUrl: delivery.row.webhook_url, attempt, attempts, ok, ms: result.ms };
    if (result.ok) {
      event.status = result.status;
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(result.headers)) headers[k] = this.scrub(v);
      event.answer = { headers, body: this.scrub(result.body), truncated: result.truncated };
    }
    if (!ok) event.error = this.scrub(result.ok ? `HTTP ${result.status}${firstLine(result.body)}` : (result.error.split('\n')[0] ?? ''));
    if (retryInMs !== undefined) event.retryInMs = retryInMs;
    this.emitter.emit('forwarded', event);
  }

  private scheduleRetry(delivery: NewDelivery, attempt: number, foundFrom: number): void {
    const entry: PendingRetry = { delivery, foundFrom };
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      if (!this.aborted) this.enqueue(() => this.forward(delivery, attempt, foundFrom)).catch(() => undefined);
    }, this.o.retryDelayMs);
    this.retries.set(delivery.id, entry);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const signal = this.controller.signal;
      if (signal.aborted) return resolve();
      const done = () => {
        clearTimeout(t);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const t = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  private scrub(text: string): string {
    return this.scrubber(text);
  }
}

/** ": <the first line of a receiver's answer>", at most 200 characters; empty for an empty answer. */
function firstLine(body: string): string {
  const line = body.trim().split(/\r?\n/, 1)[0]?.trim() ?? '';
  return line ? `: ${line.slice(0, 200)}` : '';
}
