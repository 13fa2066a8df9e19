/**
 * What a generated test file holds: the platform's rule cases (cases.ts) as plain data a test in any language can
 * send — the same payloads, forgeries and expectations the Test Explorer runs — and where the files go.
 */
import { ruleCases, type ReceiverCase } from '../cases';
import { tamper } from '../runner';
import type { SignatureFormat } from '../../signature';
import type { TestStack } from './stack';

/** One request as the generated helper sends it. */
export interface EmittedRequest {
  note: string;
  expect: 'accept' | 'refuse';
  /** The bytes sent (before padding). */
  body: string;
  sign: 'valid' | 'none' | 'other-secret';
  /** A tampered request: the signature is over these bytes, not over the body sent. */
  signOver?: string;
  /** Padded at run time to this many bytes (the 1 MB case; the file stays small). */
  padTo?: number;
}

export interface EmittedCase {
  name: string;
  /** Where the rule is written. */
  source: string;
  requests: EmittedRequest[];
}

/** A fixed date and seed: regenerating without a change writes the same bytes (a clean diff). */
const GENERATED_AT = new Date('2026-01-01T00:00:00Z');
const GENERATED_SEED = 20_260_101;

/** The rule cases for the subscribed event types (every documented type when none is given). */
export function emittedCases(eventTypes?: readonly string[]): EmittedCase[] {
  return ruleCases({ eventTypes, seed: GENERATED_SEED, now: GENERATED_AT }).map(emit);
}

function emit(c: ReceiverCase): EmittedCase {
  if (!Array.isArray(c.plan)) throw new Error(`rule ${c.id} has no plan`);
  return {
    name: c.label,
    source: c.source ?? '',
    requests: c.plan.map((p): EmittedRequest => {
      const base = { note: p.note, expect: p.expect };
      if (p.signing === 'tampered') return { ...base, body: tamper(p.body), sign: 'valid', signOver: p.body };
      const padded = unpad(p.body);
      return { ...base, body: padded ? padded.body : p.body, sign: p.signing, ...(padded ? { padTo: padded.bytes } : {}) };
    }),
  };
}

/** A body made large by a `padding` field (cases.ts' 1 MB case): the body without it, and its length. */
function unpad(body: string): { body: string; bytes: number } | undefined {
  if (body.length < 64 * 1024) return undefined;
  const v = JSON.parse(body) as Record<string, unknown>;
  if (typeof v.padding !== 'string') return undefined;
  const { padding: _padding, ...rest } = v;
  return { body: JSON.stringify(rest), bytes: Buffer.byteLength(body) };
}

/** The options the generated files are written from. */
export interface GenerateOptions {
  stack: TestStack;
  /** The default receiver URL (TRANSCRYPTS_RECEIVER_URL overrides it when the tests run). */
  url: string;
  format: SignatureFormat;
  /** The fixtures folder, relative to the workspace root, `/`-separated. */
  fixturesDir: string;
  /** The test folder, relative to the workspace root (`test`, `tests`). */
  testDir: string;
  eventTypes?: readonly string[];
}

export interface GeneratedFile {
  /** Relative to the workspace root, `/`-separated. */
  path: string;
  content: string;
  /** `helper`: generated whole (rewritten); `test`: its marked region is generated, the rest is the user's. */
  kind: 'helper' | 'test';
}

/** The environment variables the generated tests read: the secret is never written into a file. */
export const ENV = { secret: 'TRANSCRYPTS_WEBHOOK_SECRET', url: 'TRANSCRYPTS_RECEIVER_URL', format: 'TRANSCRYPTS_SIGNATURE_FORMAT' } as const;

/** The path from the test folder to the fixtures folder (`../fixtures/x`), `/`-separated. */
export function relativeFrom(fromDir: string, to: string): string {
  const a = fromDir.split('/').filter((s) => s && s !== '.');
  const b = to.split('/').filter((s) => s && s !== '.');
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/') || '.';
}
