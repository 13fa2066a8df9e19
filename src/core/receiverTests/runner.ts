/**
 * Sends receiver-test cases (cases.ts) to a receiver over real HTTP, signed as the platform signs, and judges each
 * answer by the platform's rules: 2xx within 10 s for a delivery, 4xx for a forged one. No `vscode`: the Test
 * Explorer, `npm run receiver-tests` and Replay History share it. The secret never appears in a result: requests
 * are reported with their signature header only.
 */
import { randomBytes } from 'node:crypto';
import * as l10n from '@vscode/l10n';
import { sendReplay, signedRequest, type ReplayFailure } from '../replay/replay';
import { statusClassOf } from '../../shared/filters';
import { signBody, type SignatureFormat } from '../signature';
import { ANSWER_WITHIN_MS, CUT_MARGIN_MS, type PlannedRequest, type ReceiverCase } from './cases';

/** The first bytes of a receiver's answer kept in a result. */
export const ANSWER_EXCERPT = 4096;
/** The first bytes of a sent body shown in a result. */
const BODY_EXCERPT = 2048;

export interface SentRequest {
  url: string;
  /** As sent: Content-Type, User-Agent and X-WEBHOOK-SIGN (a signature, never the secret). */
  headers: Record<string, string>;
  bytes: number;
  /** The start of the body (the whole body when short). */
  bodyExcerpt: string;
}

export interface Exchange {
  note: string;
  expect: PlannedRequest['expect'];
  request: SentRequest;
  /** The receiver's answer; undefined when none came (refused, reset, cut at the deadline). */
  status?: number;
  body?: string;
  ms: number;
  /** Why no answer came, and in words. */
  failure?: ReplayFailure;
  error?: string;
  /** Why the exchange breaks the rule, in one sentence; undefined: it keeps it. */
  problem?: string;
}

export type Outcome = 'passed' | 'failed' | 'errored';

export interface CaseResult {
  id: string;
  outcome: Outcome;
  /** The slowest answer of the case (what the 10 s rule judges). */
  ms: number;
  /** One line: what happened. */
  message: string;
  exchanges: Exchange[];
}

export interface RunOptions {
  url: string;
  secret: string;
  format: SignatureFormat;
  /** The 10 s rule (shorter in tests). */
  answerWithinMs?: number;
  /** How long past the rule the runner still waits for an answer. */
  cutMarginMs?: number;
  signal?: AbortSignal;
}

/** Sends one planned request (through the replay's own sender) and judges its answer. */
export async function exchange(plan: PlannedRequest, o: RunOptions): Promise<Exchange> {
  const within = o.answerWithinMs ?? ANSWER_WITHIN_MS;
  const sent = plan.signing === 'tampered' ? tamper(plan.body) : plan.body;
  const signer = plan.signing === 'other-secret' ? `other-${randomBytes(12).toString('hex')}` : o.secret;
  const req = signedRequest(o.url, sent, plan.signing === 'none' ? undefined : signBody(plan.body, signer, o.format));
  const request: SentRequest = { url: o.url, headers: req.headers, bytes: Buffer.byteLength(sent), bodyExcerpt: excerpt(sent, BODY_EXCERPT) };
  const result = await sendReplay(req, { timeoutMs: within + (o.cutMarginMs ?? CUT_MARGIN_MS), signal: o.signal });
  const base = { note: plan.note, expect: plan.expect, request, ms: result.ms };
  if (result.ok) return judge({ ...base, status: result.status, body: excerpt(result.body, ANSWER_EXCERPT) }, within);
  const failure = result.reason ?? 'failed';
  const error = failureText(failure, o.url, within, result.error);
  return { ...base, failure, error, problem: error };
}

function failureText(failure: ReplayFailure, url: string, within: number, said: string): string {
  switch (failure) {
    case 'timeout':
      return l10n.t('No answer within {0} s: the platform would have given up and retried.', within / 1000);
    case 'refused':
      return l10n.t('Connection refused at {0}: start your receiver (nothing listens on {1}).', url, new URL(url).host);
    default:
      return said;
  }
}

function judge(x: Omit<Exchange, 'problem'> & { status: number }, within: number): Exchange {
  const seconds = (x.ms / 1000).toFixed(x.ms < 10_000 ? 2 : 1);
  const cls = statusClassOf(x.status);
  if (x.expect === 'accept') {
    if (cls !== '2xx') return { ...x, problem: l10n.t('Answered {0} to {1}: the platform counts anything but 2xx as a failure and retries.', x.status, x.note) };
  } else if (cls === '2xx') {
    return { ...x, problem: l10n.t('Answered {0} to {1}: the receiver accepted it, so it would accept forged payroll data. Verify X-WEBHOOK-SIGN over the raw body and answer 401.', x.status, x.note) };
  } else if (cls === '5xx') {
    return { ...x, problem: l10n.t('Answered {0} to {1}: refuse it with a 4xx (401) before any handler runs; a 5xx says the receiver failed, not that it refused.', x.status, x.note) };
  } else if (cls !== '4xx') {
    return { ...x, problem: l10n.t('Answered {0} to {1}: refuse it with a 4xx (401).', x.status, x.note) };
  }
  if (x.ms > within) return { ...x, problem: l10n.t("Answered {0} in {1} s, over the platform's {2} s: it would count as failed and retry.", x.status, seconds, within / 1000) };
  return x;
}

/** No receiver could be reached: an error of the run, not a verdict on the receiver. */
export const UNREACHABLE: ReadonlySet<ReplayFailure> = new Set(['refused', 'not-found', 'cancelled', 'failed']);

/** Runs one case: its requests in order; the first request that fails ends it. */
export async function runCase(c: ReceiverCase, o: RunOptions): Promise<CaseResult> {
  if (!Array.isArray(c.plan)) return { id: c.id, outcome: 'errored', ms: 0, message: c.plan.error, exchanges: [] };
  const exchanges: Exchange[] = [];
  for (const plan of c.plan) {
    const x = await exchange(plan, o);
    exchanges.push(x);
    if (x.problem !== undefined) break;
  }
  const ms = Math.max(0, ...exchanges.map((x) => x.ms));
  const bad = exchanges.find((x) => x.problem !== undefined);
  if (!bad) {
    const statuses = exchanges.map((x) => x.status).join(', ');
    return { id: c.id, outcome: 'passed', ms, message: l10n.t('Answered {0} in {1} ms.', statuses, ms), exchanges };
  }
  // A cut at the deadline or a connection closed without an answer is a verdict (the platform would retry).
  const outcome: Outcome = bad.failure !== undefined && UNREACHABLE.has(bad.failure) ? 'errored' : 'failed';
  return { id: c.id, outcome, ms, message: bad.problem ?? bad.error ?? l10n.t('Failed.'), exchanges };
}

export interface RunReport {
  results: CaseResult[];
  passed: number;
  failed: number;
  errored: number;
}

/** Runs the cases one at a time, in order (the out-of-order case depends on it); `onResult` hears each as it ends. */
export async function runCases(cases: Iterable<ReceiverCase> | AsyncIterable<ReceiverCase>, o: RunOptions, onResult?: (c: ReceiverCase, r: CaseResult) => void): Promise<RunReport> {
  const results: CaseResult[] = [];
  for await (const c of cases) {
    if (o.signal?.aborted) break;
    const r = await runCase(c, o);
    results.push(r);
    onResult?.(c, r);
  }
  const count = (k: Outcome) => results.filter((r) => r.outcome === k).length;
  return { results, passed: count('passed'), failed: count('failed'), errored: count('errored') };
}

/** The body with one value changed after signing (or, when it has none to change, one byte added). */
export function tamper(body: string): string {
  try {
    const v: unknown = JSON.parse(body);
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      const key = Object.keys(o).find((k) => typeof o[k] === 'string' && o[k] !== '' && !['event_type', 'event', 'webhook_id'].includes(k));
      if (key) {
        const s = o[key] as string;
        return JSON.stringify({ ...o, [key]: `${s.slice(0, -1)}${s.endsWith('0') ? '1' : '0'}` });
      }
    }
  } catch {
    // not JSON: change a byte below
  }
  return `${body} `;
}

function excerpt(text: string, limit: number): string {
  return text.length <= limit ? text : l10n.t('{0}… ({1} more characters)', text.slice(0, limit), text.length - limit);
}
