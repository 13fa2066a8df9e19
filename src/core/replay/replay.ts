/**
 * Replay a delivery to a receiver: the exact payload bytes, a fresh `X-WEBHOOK-SIGN` over them, the platform's
 * User-Agent. Also the same request as a POSIX shell cURL command, and a signature check that says why a
 * signature does not match. Pure core (node-fetch), no `vscode`.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { urlToHttpOptions } from 'node:url';
import * as l10n from '@vscode/l10n';
import fetch from 'node-fetch';
import { deadline } from './deadlines';
import { DELIVERY_USER_AGENT, isLoopbackHost, LIMITS, SIGNATURE_HEADER } from '../model';
import { parseSignature, signBody, verifySignature, type SignatureFormat } from '../signature';

export interface ReplayRequest {
  url: string;
  /** The bytes sent and signed. */
  body: string;
  headers: Record<string, string>;
}

export type { ReplayFailure, ReplayResult } from '../../shared/protocol';
import type { ReplayFailure, ReplayResult } from '../../shared/protocol';
export { REPLAY_BODY_LIMIT } from '../../shared/limits';
import { REPLAY_BODY_LIMIT } from '../../shared/limits';
import { errorMessage } from '../../shared/errorMessage';

// Bidi embeddings, overrides, isolates and marks: inside JSON strings they are written as \uXXXX escapes (the
// same JSON value), so a body pasted into a terminal or read in a log can never display reordered.
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** The payload as compact JSON: the bytes that are signed and sent. */
export function replayBody(payload: unknown): string {
  return JSON.stringify(payload).replace(BIDI, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The request that replays `payload` to `url`, signed with `secret` in `format`. */
export function buildReplay(payload: unknown, url: string, secret: string, format: SignatureFormat): ReplayRequest {
  const body = replayBody(payload);
  return signedRequest(url, body, signBody(body, secret, format));
}

/** A delivery as the platform sends it: JSON, the platform's User-Agent, and `X-WEBHOOK-SIGN` when given. */
export function signedRequest(url: string, body: string, signature: string | undefined): ReplayRequest {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'User-Agent': DELIVERY_USER_AGENT };
  if (signature !== undefined) headers[SIGNATURE_HEADER] = signature;
  return { url, body, headers };
}

/** The answers fetch follows as redirects (the others, 300 and 304 among them, are answers). */
const REDIRECTS: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** The connections a sender keeps: one agent per scheme. */
export interface Agents {
  http: http.Agent;
  https: https.Agent;
}

/**
 * Connections kept open, at most `maxSockets` per receiver, and closed as Node's global agent closes them: an idle
 * one after 5 s, or a second before the receiver's own `Keep-Alive: timeout=` (Node heeds that hint only for an agent
 * with a timeout), so a request is not sent on a connection the receiver is closing (an ECONNRESET, a delivery failed
 * for nothing).
 */
export function keepAliveAgents(maxSockets = Infinity): Agents {
  const options: http.AgentOptions = { keepAlive: true, timeout: 5000, maxSockets };
  return { http: new http.Agent(options), https: new https.Agent(options) };
}

// Replays, Listen's forwards and the receiver tests go to the same few receivers, often one after another: one
// connection each, kept open, instead of a TCP handshake per delivery.
const agents = keepAliveAgents(4);

/**
 * The last URL replayed to, parsed, and as node:http's options (Listen and the receiver tests send many requests
 * to one receiver; converting a URL for node:http costs a tenth of a loopback POST).
 */
let lastUrl: { href: string; url: URL; options: http.RequestOptions } | undefined;
function parsed(href: string): { url: URL; options: http.RequestOptions } {
  if (lastUrl?.href !== href) {
    const url = new URL(href);
    lastUrl = { href, url, options: urlToHttpOptions(url) };
  }
  return lastUrl;
}

/**
 * The deadline and the caller's cancel of one replay, as one stop: it destroys the node:http request in flight
 * (`watch`), or aborts fetch's `signal`, made only when fetch needs one (a signal on every loopback request, and
 * an AbortController for each, cost a tenth of a Listen forward).
 */
class Stopper {
  timedOut = false;
  private stopped = false;
  private controller: AbortController | undefined;
  private onStop: (() => void) | undefined;
  private readonly cancelDeadline: () => void;

  constructor(
    ms: number,
    private readonly caller: AbortSignal | undefined,
  ) {
    this.cancelDeadline = deadline(ms, () => {
      this.timedOut = true;
      this.stop();
    });
    if (caller?.aborted) this.stopped = true;
    else caller?.addEventListener('abort', this.stop, { once: true });
  }

  private readonly stop = (): void => {
    this.stopped = true;
    this.controller?.abort();
    this.onStop?.();
  };

  get signal(): AbortSignal {
    this.controller ??= new AbortController();
    if (this.stopped) this.controller.abort();
    return this.controller.signal;
  }

  /** Calls `fn` on a stop (at once when already stopped); the last `fn` watched is the one called. */
  watch(fn: () => void): void {
    this.onStop = fn;
    if (this.stopped) fn();
  }

  dispose(): void {
    this.cancelDeadline();
    this.caller?.removeEventListener('abort', this.stop);
    this.onStop = undefined;
  }
}

/**
 * POST the request. `followRedirects: false` (Listen) returns a 3xx as the answer: a receiver on this machine
 * cannot send the delivery on to another host. `agents`: the connections to use (default: the replays' own, at
 * most 4 per receiver).
 */
export async function sendReplay(req: ReplayRequest, o: { timeoutMs?: number; signal?: AbortSignal; followRedirects?: boolean; agents?: Agents } = {}): Promise<ReplayResult> {
  const started = Date.now();
  // A replay stands in for the platform's delivery: the receiver gets the same time to answer.
  const timeoutMs = o.timeoutMs ?? LIMITS.deliveryTimeoutMs;
  const stopper = new Stopper(timeoutMs, o.signal);
  try {
    const follow = o.followRedirects !== false;
    const own = o.agents ?? agents;
    const { url: u, options } = parsed(req.url);
    // A receiver on this machine: straight through node:http (no proxy ever applies to loopback, and node-fetch's
    // Headers cost a third of a receiver-test run); a redirect to follow goes the general way below.
    let answer = u.protocol === 'http:' && isLoopbackHost(u.hostname) ? await postLoopback(options, req, stopper, own.http) : undefined;
    // Not sent yet, or a redirect to follow: the request (or where the redirect points) through node-fetch. A
    // redirect is followed as fetch does — 307 and 308 send the POST again, the others become a GET — never by
    // posting to the first address twice.
    const location = follow && answer && REDIRECTS.has(answer.status) ? answer.headers.location : undefined;
    if (!answer || location !== undefined) {
      const again = location === undefined || answer?.status === 307 || answer?.status === 308;
      const target = location === undefined ? req.url : new URL(location, u).href;
      const init = again ? { method: 'POST', body: req.body, headers: req.headers } : { method: 'GET', headers: { 'User-Agent': req.headers['User-Agent'] ?? DELIVERY_USER_AGENT } };
      const res = await fetch(target, { ...init, redirect: follow ? 'follow' : 'manual', signal: stopper.signal as never, agent: (at: URL) => (at.protocol === 'https:' ? own.https : own.http), compress: false });
      const headers: Record<string, string> = {};
      res.headers.forEach((v, k) => (headers[k] = v));
      answer = { status: res.status, headers, buf: await res.buffer() };
    }
    return {
      ok: true,
      status: answer.status,
      headers: answer.headers,
      body: answer.buf.subarray(0, REPLAY_BODY_LIMIT).toString('utf8'),
      truncated: answer.buf.length > REPLAY_BODY_LIMIT,
      ms: Date.now() - started,
    };
  } catch (e) {
    const reason = failureOf(e, stopper.timedOut, o.signal?.aborted === true);
    // Only the reason's sentence is made, from the URL as parsed for the request.
    const error = {
      timeout: () => l10n.t('No answer within {0} s (timeout).', timeoutMs / 1000),
      cancelled: () => l10n.t('Cancelled.'),
      refused: () => l10n.t('The connection was refused: is the receiver running on {0}?', parsed(req.url).url.host),
      'not-found': () => l10n.t('The host {0} was not found.', parsed(req.url).url.hostname),
      reset: () => l10n.t('The receiver at {0} closed the connection without an answer.', parsed(req.url).url.host),
      failed: () => l10n.t('The request failed: {0}', errorMessage(e)),
    }[reason]();
    return { ok: false, error, reason, ms: Date.now() - started };
  } finally {
    stopper.dispose();
  }
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  buf: Buffer;
}

/** One POST to a loopback receiver with node:http: the same request node-fetch would send (its headers, no compression). */
function postLoopback(target: http.RequestOptions, req: ReplayRequest, stopper: Stopper, agent: http.Agent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // The body as text: Node writes the head and a string body in one write (a Buffer body goes as a second one).
    const headers = { Accept: '*/*', ...req.headers, 'Content-Length': String(Buffer.byteLength(req.body, 'utf8')) };
    // Once answered, its socket may carry the next request: a stop then destroys nothing.
    let answered = false;
    const request = http.request({ ...target, method: 'POST', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        answered = true;
        const flat: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) flat[k] = Array.isArray(v) ? v.join(', ') : v;
        resolve({ status: res.statusCode ?? 0, headers: flat, buf: Buffer.concat(chunks) });
      });
    });
    request.on('error', reject);
    stopper.watch(() => answered || request.destroy(Object.assign(new Error('The operation was aborted.'), { name: 'AbortError', code: 'ABORT_ERR' })));
    request.end(req.body, 'utf8');
  });
}

function failureOf(e: unknown, timedOut: boolean, cancelled: boolean): ReplayFailure {
  if (timedOut) return 'timeout';
  if (cancelled) return 'cancelled';
  switch ((e as { code?: unknown } | null)?.code) {
    case 'ECONNREFUSED':
      return 'refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'not-found';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'reset';
    default:
      return 'failed';
  }
}

/** Single-quote for a POSIX shell: every byte literal, `'` as `'\''`. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Above this, a body no longer fits one command-line argument (Linux's 128 KiB per argument). */
export const CURL_ARG_LIMIT = 128 * 1024;

/**
 * The request as a cURL command. It carries the signature (never the secret). A body over 128 KiB would fail
 * with "Argument list too long" as an argument: it is piped in by the shell's `printf` builtin instead (a builtin
 * is not exec'd, so no argument limit applies), byte for byte, with no trailing newline added.
 */
export function curlCommand(req: ReplayRequest): string {
  const parts = ['curl', '-sS', '-X', 'POST', shellQuote(req.url)];
  for (const [k, v] of Object.entries(req.headers)) parts.push('-H', shellQuote(`${k}: ${v}`));
  if (Buffer.byteLength(req.body) <= CURL_ARG_LIMIT) {
    parts.push('--data-binary', shellQuote(req.body));
    return parts.join(' ');
  }
  return `printf '%s' ${shellQuote(req.body)} | ${parts.join(' ')} --data-binary @-`;
}

export interface NamedSecret {
  label: string;
  secret: string;
}

/** The verdict, with the header's form when it had one (`v1=<hex>` or bare hex). */
export type Verdict = ({ ok: true; matched: string } | { ok: false; reason: string }) & { format?: SignatureFormat };

const FORM: Record<SignatureFormat, () => string> = { v1: () => l10n.t('The header is in the v1=<hex> form.'), hex: () => l10n.t('The header is in the bare hex form.') };

/**
 * Does `header` sign `body` with one of `secrets`? If not, the likely reason: a malformed header, a body that was
 * re-serialized (pretty-printed or compacted), a trailing newline added or removed, or another environment's
 * secret.
 */
export function diagnoseSignature(body: string, header: string, secrets: NamedSecret[]): Verdict {
  const parsed = parseSignature(header);
  if (!parsed) return { ok: false, reason: l10n.t('The header is neither v1=<64 hex characters> nor the 64 hex characters alone.') };
  const verdict = diagnose(body, header.trim(), secrets);
  const form = FORM[parsed.format]();
  return { ...verdict, ...(verdict.ok ? {} : { reason: `${verdict.reason} ${form}` }), format: parsed.format };
}

function diagnose(body: string, h: string, secrets: NamedSecret[]): Verdict {
  const [first, ...others] = secrets;
  if (!first) return { ok: false, reason: l10n.t('No secret to check against.') };
  if (verifySignature(body, h, first.secret)) return { ok: true, matched: first.label };
  const other = others.find((s) => verifySignature(body, h, s.secret));
  if (other) return { ok: false, reason: l10n.t("It matches the {0} secret, not the {1} one: the wrong environment's secret.", other.label, first.label) };
  const variants: Array<[string, string]> = [];
  if (body.endsWith('\n')) variants.push([body.replace(/\r?\n$/, ''), l10n.t('A trailing newline was added to the body after signing (it matches without it).')]);
  else variants.push([`${body}\n`, l10n.t('The signed body ended with a newline that is missing here.')]);
  try {
    const parsed: unknown = JSON.parse(body);
    variants.push([JSON.stringify(parsed), l10n.t('The body was re-serialized (pretty-printed or re-ordered): it matches the compact JSON. Verify on the raw bytes received.')]);
    variants.push([JSON.stringify(parsed, null, 2), l10n.t('The body was re-serialized: it matches the 2-space pretty-printed JSON. Verify on the raw bytes received.')]);
  } catch {
    // not JSON: only the newline variants apply
  }
  for (const [variant, reason] of variants) {
    if (variant === body) continue;
    for (const s of secrets) if (verifySignature(variant, h, s.secret)) return { ok: false, reason: s === first ? reason : l10n.t('{0} (with the {1} secret)', reason, s.label) };
  }
  return { ok: false, reason: l10n.t('It matches none of the secrets ({0}) for these bytes: the body or the secret differs.', secrets.map((s) => s.label).join(', ')) };
}

/**
 * The one default receiver address of the product (Replay, Listen, the receiver tests, the MCP server): where the
 * demo receiver (scripts/demo) listens and the sandbox's "Local receiver" configuration delivers (m14).
 */
export const DEFAULT_RECEIVER_URL = 'http://127.0.0.1:3000/webhooks/transcrypts';
export const DEFAULT_REPLAY_URL = DEFAULT_RECEIVER_URL;

/**
 * The replay URL offered: the one the user chose last in this workspace; else the delivery's own URL when it is a
 * receiver on this machine (its path too, not a bare port); else DEFAULT_RECEIVER_URL.
 */
export function defaultReplayUrl(chosen: string | undefined, deliveryUrl: string | undefined): string {
  if (chosen) return chosen;
  if (!deliveryUrl) return DEFAULT_REPLAY_URL;
  try {
    return isLoopbackHost(new URL(deliveryUrl).hostname) ? deliveryUrl : DEFAULT_REPLAY_URL;
  } catch {
    return DEFAULT_REPLAY_URL;
  }
}
