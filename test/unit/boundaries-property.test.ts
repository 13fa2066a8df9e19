/**
 * Property suites (#26, "close the classes") for the boundaries not held elsewhere: the API list's fast path against
 * zod on any JSON, the configurations file parser and planner on any text, and the payload highlighter on any line.
 * Seeded and bounded: a failure prints its seed and counterexample.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { fastWebhookPage, webhookPageZod } from '../../src/core/api/schemas';
import { parseConfigFile, plan } from '../../src/core/config';
import { jsonPieces } from '../../src/webview/jsonTokens';

const SEED = 20261206;
const resolver = { env: (n: string) => (n === 'HOST' ? 'h.example.com' : undefined), config: () => undefined };

/** A configuration as a hostile or sloppy server or user may write one: any field of any JSON type. */
const anyValue = fc.jsonValue({ maxDepth: 3 });
const configLike = fc.record(
  {
    id: fc.oneof(fc.string(), fc.constant('')),
    name: fc.oneof(fc.string({ maxLength: 20 }), anyValue),
    webhook_url: fc.oneof(fc.webUrl(), fc.string(), anyValue, fc.constant('https://${env:HOST}/h')),
    events: fc.oneof(fc.array(fc.oneof(fc.constantFrom('order-created', 'task-status-updated'), fc.string({ maxLength: 12 }))), anyValue),
    env_type: fc.oneof(fc.constantFrom('dev', 'prod', 'development', 'Production', 'staging'), anyValue),
    enabled: fc.oneof(fc.boolean(), anyValue),
    __proto__: fc.constant('p'),
  },
  { requiredKeys: [] },
);

describe('property: outside data at the boundaries', () => {
  it('the configuration list\'s fast path answers exactly as zod does, or leaves it to zod', () => {
    const page = fc.oneof(
      fc.array(configLike, { maxLength: 5 }),
      fc.record({ count: fc.oneof(fc.nat(), anyValue), next: fc.oneof(fc.constant(null), fc.webUrl(), anyValue), results: fc.oneof(fc.array(configLike, { maxLength: 5 }), anyValue) }, { requiredKeys: ['results'] }),
      anyValue,
    );
    let fast = 0;
    fc.assert(
      fc.property(page, (json) => {
        const reference = webhookPageZod.safeParse(json);
        const quick = fastWebhookPage(json);
        if (quick !== undefined) {
          fast++;
          assert.ok(reference.success, 'the fast path accepted what zod refuses');
          assert.deepEqual(JSON.parse(JSON.stringify(quick)), JSON.parse(JSON.stringify(reference.data)));
        }
      }),
      { seed: SEED, numRuns: 600 },
    );
    assert.ok(fast > 20, `the fast path answered ${fast} times: the generator must reach it`);
  });

  it('the configurations file parser never throws on any text, places each problem inside the file, and plans what it read', () => {
    const entry = fc.record({ name: fc.oneof(fc.string({ maxLength: 10 }), anyValue), webhook_url: fc.oneof(fc.webUrl(), fc.string(), fc.constant('https://${env:HOST}/h'), fc.constant('${env:NOPE}')), events: fc.oneof(fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }), anyValue), enabled: anyValue }, { requiredKeys: [] });
    const file = fc.oneof(
      fc.record({ environments: fc.dictionary(fc.constantFrom('dev', 'prod', 'staging', '', '__proto__'), fc.oneof(fc.array(entry, { maxLength: 4 }), anyValue)), prune: anyValue, promote: anyValue }, { requiredKeys: [] }).map((f) => JSON.stringify(f, null, 1)),
      fc.string({ maxLength: 200 }),
      fc.constantFrom('', '{', '{"environments": {"dev": [', '// c\n{/* x */"environments":{}}', '\uFEFF{}', '[]', 'null'),
    );
    fc.assert(
      fc.property(file, (text) => {
        const model = parseConfigFile(text, resolver);
        for (const p of model.problems) {
          assert.ok(p.range.start.offset >= 0 && p.range.end.offset <= text.length + 1 && p.range.start.offset <= p.range.end.offset, JSON.stringify(p));
          assert.ok(p.message.trim().length > 0);
        }
        if (!model.problems.some((p) => p.severity === 'error')) plan(model.desired, {}, { prune: model.prune });
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('the highlighter keeps every character of any line, in order, and never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.json({ maxDepth: 4 }), fc.constantFrom('"a\\"b"', '[[[[', '"\u2028"', '{"k": 1e400}', '"unterminated')), (line) => {
        assert.equal(jsonPieces(line).map((p) => p.text).join(''), line);
      }),
      { seed: SEED, numRuns: 600 },
    );
  });
});
