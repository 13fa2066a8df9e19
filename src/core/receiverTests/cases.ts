/**
 * Receiver tests: what a webhook receiver must do by the platform's rules (docs/platform.md, "Deliveries"), as
 * cases of planned requests — and each saved fixture as a case of its own. Pure data and payload building: no
 * I/O, no `vscode`. The runner (runner.ts) sends them; the Test Explorer, `npm run receiver-tests` and the
 * generated tests all use these same cases.
 */
import * as l10n from '@vscode/l10n';
import { EVENT_TYPES, eventFieldOf, eventNameOf } from '../events';
import { replayBody } from '../replay/replay';
import { generatePayload } from '../samples/payloads';
import { hex, seededRng, type Rng } from '../samples/random';
import { errorMessage } from '../../shared/errorMessage';

/** What the receiver must answer: 2xx (accept), or 4xx (refuse: a forged delivery). */
export type Expectation = 'accept' | 'refuse';

/** How one request is signed: correctly, not at all, with another secret, or over other bytes than it carries. */
export type Signing = 'valid' | 'none' | 'other-secret' | 'tampered';

export interface PlannedRequest {
  /** The bytes sent (compact JSON, as the platform sends them). */
  body: string;
  signing: Signing;
  expect: Expectation;
  /** What this request stands for, in the case's message ("first delivery", "the retry"). */
  note: string;
}

export type CaseGroup = 'signature' | 'delivery' | 'compatibility' | 'fixture';

export interface ReceiverCase {
  /** Stable across runs: `rule/<name>` or `fixture/<path relative to the fixtures folder>`. */
  id: string;
  label: string;
  /** What the case checks, with the source of the rule. */
  description: string;
  /** Where the rule is written (`docs/platform.md, "Deliveries"`); a fixture has none. */
  source?: string;
  group: CaseGroup;
  /** The event type a fixture or a signed-delivery case is about. */
  eventType?: string;
  /** A fixture's file, relative to the fixtures folder. */
  file?: string;
  /** The requests, in order; or why the case cannot run (a fixture that is not JSON). */
  plan: PlannedRequest[] | { error: string };
}

/** The platform's own answer time [T]: "The receiver must answer 2xx within 10 s". */
export const ANSWER_WITHIN_MS = 10_000;
/** The runner waits this much longer before it stops waiting (the answer still fails the 10 s rule). */
export const CUT_MARGIN_MS = 1_000;

/** An event type no platform sends (yet): a receiver must still answer 2xx (forward compatibility). */
export const UNKNOWN_EVENT_TYPE = 'receiver-test-event-from-the-future';
const ONE_MIB = 1024 * 1024;

/**
 * Where each rule is written, as a user can look it up: the platform's own documentation ([T] in docs/platform.md,
 * "Deliveries"); forward compatibility is this project's rule for what the documents do not list yet. Getters: the
 * words are asked for when shown, after the host gave @vscode/l10n the display language's bundle.
 */
export const RULE_SOURCES = {
  get deliveries() { return l10n.t('Transcrypts docs (sdk.transcrypts.com): webhook deliveries'); },
  get tolerance() { return l10n.t('forward compatibility: the platform may add event types and fields'); },
};

const SOURCE = {
  get signature() { return l10n.t("{0}: X-WEBHOOK-SIGN is the HMAC-SHA256 of the raw body with the environment's secret.", RULE_SOURCES.deliveries); },
  get answer() { return l10n.t('{0}: the receiver must answer 2xx within 10 s, else the platform retries (3 retries, 30 s apart).', RULE_SOURCES.deliveries); },
  get duplicates() { return l10n.t('{0}: no timestamp in the signature; receivers expect duplicates (a retry is the same payload and signature).', RULE_SOURCES.deliveries); },
  get order() { return l10n.t('{0}: receivers order by updated_at (else event_created_at), not by arrival.', RULE_SOURCES.deliveries); },
  get unknown() { return l10n.t('{0}: event types and fields not documented today may come; a receiver accepts what it does not know.', RULE_SOURCES.tolerance); },
};

/** A documented example payload of `eventType` (every documented field, as the sandbox sends it). */
export function examplePayload(eventType: string, rng: Rng, at: Date): Record<string, unknown> {
  return generatePayload(eventType, rng, at, hex(rng, 32));
}

const compact = (v: unknown) => JSON.stringify(v);

export interface RuleOptions {
  /** The event types the receiver is subscribed to (default: every documented type). */
  eventTypes?: readonly string[];
  /** For reproducible payloads (default: a fixed seed). */
  seed?: number;
  now?: Date;
}

/** The platform's rules as cases. */
export function ruleCases(o: RuleOptions = {}): ReceiverCase[] {
  const rng = seededRng(o.seed ?? 20_261_206);
  const now = o.now ?? new Date();
  const types = o.eventTypes && o.eventTypes.length > 0 ? [...new Set(o.eventTypes)] : [...EVENT_TYPES];
  const base = examplePayload(types.includes('task-status-updated') ? 'task-status-updated' : (types[0] as string), rng, now);
  const baseBody = compact(base);
  const cases: ReceiverCase[] = types.map((type) => ({
    id: `rule/signed/${type}`,
    label: l10n.t('A correctly signed {0} delivery is answered 2xx within 10 s', type),
    description: `${SOURCE.signature} ${SOURCE.answer}`,
    source: RULE_SOURCES.deliveries,
    group: 'delivery',
    eventType: type,
    plan: [{ body: compact(examplePayload(type, rng, now)), signing: 'valid', expect: 'accept', note: /^[aeiou]/.test(type) ? l10n.t('an {0} delivery', type) : l10n.t('a {0} delivery', type) }],
  }));
  cases.push(
    forged('tampered', l10n.t('A tampered body is refused'), l10n.t('The body was changed after signing (one value edited); the signature is of the original bytes.'), baseBody, 'tampered'),
    forged('unsigned', l10n.t('A delivery without a signature is refused'), l10n.t('No X-WEBHOOK-SIGN header.'), baseBody, 'none'),
    forged('other-secret', l10n.t('A delivery signed with another secret is refused'), l10n.t('Signed correctly, but with a secret that is not this environment\'s.'), baseBody, 'other-secret'),
    {
      id: 'rule/retry',
      label: l10n.t('The same delivery twice (a retry) is answered 2xx both times'),
      description: SOURCE.duplicates,
      source: RULE_SOURCES.deliveries,
      group: 'delivery',
      plan: [
        { body: baseBody, signing: 'valid', expect: 'accept', note: l10n.t('the first delivery') },
        { body: baseBody, signing: 'valid', expect: 'accept', note: l10n.t('the retry (same payload, same signature)') },
      ],
    },
    outOfOrder(rng, now),
    {
      id: 'rule/unknown-event-type',
      label: l10n.t('An unknown event type is answered 2xx'),
      description: SOURCE.unknown,
      source: RULE_SOURCES.tolerance,
      group: 'compatibility',
      plan: [{ body: compact({ ...base, [eventFieldOf(String(base.event_type ?? ''))]: UNKNOWN_EVENT_TYPE }), signing: 'valid', expect: 'accept', note: l10n.t('an event of type {0}', UNKNOWN_EVENT_TYPE) }],
    },
    {
      id: 'rule/unknown-fields',
      label: l10n.t('Unknown extra fields are answered 2xx'),
      description: SOURCE.unknown,
      source: RULE_SOURCES.tolerance,
      group: 'compatibility',
      plan: [{ body: compact({ ...base, field_added_later: { nested: [1, 'two', null] }, another_new_field: 'value' }), signing: 'valid', expect: 'accept', note: l10n.t('a delivery with two fields the documents do not list') }],
    },
    {
      id: 'rule/large-payload',
      label: l10n.t('A 1 MB payload is answered 2xx'),
      description: `${SOURCE.unknown} ${l10n.t("Payroll objects can be large; a body limit below 1 MB (Express's json() default is 100 KB) refuses them.")}`,
      source: RULE_SOURCES.tolerance,
      group: 'compatibility',
      plan: [{ body: padTo(base, ONE_MIB), signing: 'valid', expect: 'accept', note: l10n.t('a 1 MB delivery') }],
    },
  );
  return cases;
}

function forged(name: string, label: string, how: string, body: string, signing: Signing): ReceiverCase {
  return {
    id: `rule/forged/${name}`,
    label,
    description: `${how} ${SOURCE.signature} ${l10n.t('A receiver that answers 2xx would accept forged payroll data: it must refuse (4xx, e.g. 401).')}`,
    source: RULE_SOURCES.deliveries,
    group: 'signature',
    plan: [{ body, signing, expect: 'refuse', note: l10n.t('a forged delivery') }],
  };
}

/** A task's events out of order: `done` arrives before the `full_parse` that came earlier. */
function outOfOrder(rng: Rng, now: Date): ReceiverCase {
  const earlier = examplePayload('task-status-updated', rng, new Date(now.getTime() - 60_000));
  const task = { task_id: earlier.task_id, link_id: earlier.link_id, user_id: earlier.user_id };
  const done = { ...examplePayload('task-status-updated', rng, now), ...task, status: 'done' };
  const parse = { ...earlier, status: 'full_parse' };
  return {
    id: 'rule/out-of-order',
    label: l10n.t("A task's events out of order (done before full_parse) are answered 2xx"),
    description: SOURCE.order,
    source: RULE_SOURCES.deliveries,
    group: 'delivery',
    eventType: 'task-status-updated',
    plan: [
      { body: compact(done), signing: 'valid', expect: 'accept', note: l10n.t('status done (the later event), first') },
      { body: compact(parse), signing: 'valid', expect: 'accept', note: l10n.t('status full_parse (the earlier event), second') },
    ],
  };
}

/** The payload with an extra string field that makes its compact JSON `bytes` long. */
function padTo(payload: Record<string, unknown>, bytes: number): string {
  const without = compact({ ...payload, padding: '' });
  return compact({ ...payload, padding: 'x'.repeat(Math.max(0, bytes - Buffer.byteLength(without))) });
}

/** A fixture file as read: its path under the fixtures folder and its text, or why it could not be read. */
export interface FixtureFile {
  rel: string;
  text?: string;
  error?: string;
}

/** Each fixture as a case: sent as the platform would (compact JSON, signed), answered 2xx within 10 s. */
export function fixtureCases(files: readonly FixtureFile[]): ReceiverCase[] {
  return files.map(fixtureCase);
}

/** One fixture as a case. */
export function fixtureCase(f: FixtureFile): ReceiverCase {
  const folder = f.rel.includes('/') ? f.rel.slice(0, f.rel.indexOf('/')) : undefined;
  const base = { id: `fixture/${f.rel}`, label: f.rel.slice(f.rel.lastIndexOf('/') + 1), file: f.rel, group: 'fixture' as const };
  const cannot = (error: string): ReceiverCase => ({ ...base, eventType: folder, description: l10n.t('The fixture {0}.', f.rel), plan: { error } });
  if (f.text === undefined) return cannot(l10n.t('The fixture {0} could not be read: {1}.', f.rel, f.error ?? l10n.t('unknown error')));
  let payload: unknown;
  try {
    payload = JSON.parse(f.text);
  } catch (e) {
    return cannot(l10n.t('The fixture {0} is not valid JSON ({1}). Fix or delete the file; the other cases still run.', f.rel, errorMessage(e)));
  }
  const eventType = eventNameOf(payload) ?? folder;
  return {
    ...base,
    eventType,
    description: `${eventType ? l10n.t('The saved delivery {0} ({1}), sent as the platform sends it: compact JSON, signed.', f.rel, eventType) : l10n.t('The saved delivery {0}, sent as the platform sends it: compact JSON, signed.', f.rel)} ${SOURCE.answer}`,
    plan: [{ body: replayBody(payload), signing: 'valid', expect: 'accept', note: l10n.t('the fixture {0}', f.rel) }],
  };
}
