/**
 * Documents from outside nesting 100,000 levels (issue F-I): a delivery's payload from the request history, a
 * fixture file in the workspace. Every walker of them is iterative or stops at MAX_DOCUMENT_DEPTH: the drift check,
 * Save as Fixture (redaction, shapes, JSON Schema, TypeScript), Compare, the webview's highlighter. A document as
 * deep as the limit is still handled in full. Deep values are built from text (JSON.parse does not recurse).
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import ts from 'typescript';
import type { TranscryptsClient } from '../../src/core/api/client';
import type { WebhookRequest } from '../../src/core/api/schemas';
import { buildFixtures, wellFormed, type FixtureInput } from '../../src/core/fixtures/build';
import { canonicalJson, sortKeys } from '../../src/core/fixtures/canonical';
import { compactJson, depthOf, tooDeep } from '../../src/core/fixtures/depth';
import { driftOf, fetchReference, locate, parseFixture, type ParsedFixture } from '../../src/core/fixtures/driftCheck';
import { MAX_LITERAL_DEPTH, payloadOfModule } from '../../src/core/fixtures/module';
import { fixtureContent } from '../../src/core/fixtures/naming';
import { placeholder, redact } from '../../src/core/fixtures/redact';
import { eventShape } from '../../src/core/fixtures/shape/documented';
import { drift } from '../../src/core/fixtures/shape/drift';
import { shapeOf, type Shape } from '../../src/core/fixtures/shape/infer';
import { eventSchema } from '../../src/core/fixtures/shape/schema';
import { interfacesFor } from '../../src/core/fixtures/typegen';
import { deeperThan, MAX_DOCUMENT_DEPTH } from '../../src/shared/jsonDepth';
import { jsonPieces, MAX_HIGHLIGHT_DEPTH } from '../../src/webview/jsonTokens';
import { tempDir, tscStrict } from './helpers';

const N = 100_000;
const AT = '2026-11-27T00:00:00Z';
/** The limit as the messages write it (1,000). */
const LIMIT = MAX_DOCUMENT_DEPTH.toLocaleString('en-US');
/** What the drift check says of a 100,000-deep fixture (the payload object, 100,000 arrays, the object inside). */
const NOT_COMPARED = `nests 100,002 levels, deeper than ${LIMIT}: not compared`;

/** `levels` arrays around `inner` (text). */
const nest = (levels: number, inner: string): string => `${'['.repeat(levels)}${inner}${']'.repeat(levels)}`;

/**
 * An order-created payload (an object) whose `items` nest `arrays` arrays around an object holding an ssn: the
 * payload nests arrays + 2 levels. The text is what a fixture file or the API would hold, compact.
 */
function deepText(arrays: number, ssn = '123-45-6789'): string {
  return `{"event_type":"order-created","webhook_id":"deep-1","first_name":"Ada","items":${nest(arrays, `{"ssn":"${ssn}","n":1}`)}}`;
}

/** The same payload as deepText after default redaction. */
function redactedDeepText(arrays: number, ssn = '123-45-6789'): string {
  return `{"event_type":"order-created","webhook_id":"deep-1","first_name":"${placeholder('first_name', 'Ada')}","items":${nest(arrays, `{"ssn":"${placeholder('ssn', ssn)}","n":1}`)}}`;
}

const row = (payload: unknown, id = 'deep-1'): FixtureInput => ({ event_type: 'order-created', webhook_id: id, event_created_at: AT, status_code: 200, payload });

/** A client whose history holds these payloads (the drift check's reference), newest first. */
function historyOf(payloads: unknown[]): Pick<TranscryptsClient, 'historyPage'> {
  const results: WebhookRequest[] = payloads.map((p, i) => ({ webhook_id: `w${i}`, event_type: 'order-created', event_created_at: AT, status_code: 200, error_message: null, webhook_url: 'https://e.com/h', webhook_payload: p }));
  return { historyPage: () => Promise.resolve({ results, next: null, previous: null }) };
}

/** How many levels of `items` a shape goes down (a loop: the shape of a deep value is itself deep if unbounded). */
function itemLevels(s: Shape | undefined): number {
  let n = 0;
  for (let x = s; x?.items; x = x.items) n++;
  return n;
}

describe('deep documents (100,000 levels): walked without recursion, or not walked', () => {
  it('measures and writes a 100,000-deep value without recursion, as JSON.stringify writes it', () => {
    const text = nest(N, '{"a":[1,"x",null,true]}');
    const value: unknown = JSON.parse(text);
    assert.equal(depthOf(value), N + 2);
    assert.equal(tooDeep(value), N + 2);
    assert.equal(compactJson(value), text);
    assert.equal(tooDeep(JSON.parse(nest(MAX_DOCUMENT_DEPTH, '1'))), undefined, 'the limit itself is within it');
    assert.equal(tooDeep(JSON.parse(nest(MAX_DOCUMENT_DEPTH + 1, '1'))), MAX_DOCUMENT_DEPTH + 1);
    // The same text as JSON.stringify for any JSON value, and its rules for the values JSON has no text for.
    fc.assert(fc.property(fc.jsonValue(), (v) => compactJson(v) === JSON.stringify(v)), { numRuns: 300 });
    const odd = { u: undefined, f: () => 1, n: NaN, i: -Infinity, d: new Date(0), a: [undefined, () => 1], e: {}, z: [] };
    assert.equal(compactJson(odd), JSON.stringify(odd));
    const proto: unknown = JSON.parse('{"__proto__":{"x":1},"b":2}');
    assert.equal(compactJson(proto), JSON.stringify(proto));
    const cycle: Record<string, unknown> = {};
    cycle.self = { cycle };
    assert.throws(() => compactJson(cycle), TypeError);
  });

  it('drift check: a 100,000-deep fixture is a clear problem, not a crash, and the other fixtures are still checked', async () => {
    const deep = deepText(N);
    const f = parseFixture(deep, 'json');
    assert.ok('problem' in f, 'not compared');
    assert.equal(f.problem, NOT_COMPARED);
    assert.equal(f.tooDeep?.depth, N + 2);
    assert.equal(f.tooDeep?.eventType, 'order-created', 'its event type: the quick fix refreshes it from a delivery');
    // The problem sits at the first bracket too deep.
    assert.equal(f.tooDeep?.offset, deep.indexOf('[') + MAX_DOCUMENT_DEPTH - 1);
    // Not JSON and deep: still no recursion, and says both.
    assert.deepEqual(parseFixture(`${'['.repeat(N)}oops`, 'json'), { problem: `not valid JSON (and nesting deeper than ${LIMIT} levels)` });

    // The check's loop over a folder: the deep fixture is set aside, the others are compared. The reference
    // deliveries include a 100,000-deep one too (redacted and shaped without recursion).
    const files = [
      { name: 'a.json', text: JSON.stringify({ event_type: 'order-created', webhook_id: 'a', items: [{ ssn: 'x', n: 1 }] }, null, 2) },
      { name: 'deep.json', text: deep },
      { name: 'b.json', text: JSON.stringify({ event_type: 'order-created', webhook_id: 'b', items: [{ ssn: 'x', n: 'one' }], extra: true }, null, 2) },
    ];
    const parsed: Array<{ name: string; fixture: ParsedFixture }> = [];
    const problems: Array<{ name: string; problem: string }> = [];
    for (const file of files) {
      const p = parseFixture(file.text, 'json');
      if ('problem' in p) problems.push({ name: file.name, problem: p.problem });
      else parsed.push({ name: file.name, fixture: p });
    }
    assert.deepEqual(problems, [{ name: 'deep.json', problem: NOT_COMPARED }]);
    const ref = await fetchReference(historyOf([JSON.parse(deepText(N)), { event_type: 'order-created', webhook_id: 'r', first_name: 'Bo', items: [{ ssn: 'y', n: 2 }] }]), 'order-created', 5, undefined);
    assert.ok(ref);
    assert.equal(ref.count, 2);
    const found = parsed.map((p) => ({ name: p.name, drift: driftOf(p.fixture, ref).map((d) => `${d.kind} ${d.path.join('.')}`) }));
    assert.deepEqual(found, [
      { name: 'a.json', drift: ['added first_name'] },
      { name: 'b.json', drift: ['changed items.0.n', 'removed extra', 'added first_name'] },
    ]);
  });

  it('Save as Fixture (JSON): a 100,000-deep delivery is saved whole, redacted at every depth, as one line; the schema stops at the type depth', async () => {
    const shallow = { event_type: 'order-created', webhook_id: 'ok-1', first_name: 'Bo', items: [{ ssn: '1', n: 2 }] };
    const built = await buildFixtures([row(JSON.parse(deepText(N))), row(shallow, 'ok-1')], { format: 'json', env: 'dev', folder: 'f', fileName: '{webhook_id}.json', redactRules: undefined });
    assert.equal(built.files.length, 2);
    assert.equal(new TextDecoder().decode(built.files[0]?.content), `${deepText(N)}\n`, 'exactly the payload, compact');
    assert.equal(new TextDecoder().decode(built.files[1]?.content), fixtureContent(shallow), 'a shallow one pretty-printed as ever');
    assert.deepEqual(built.deep, [{ rel: 'f/deep-1.json', depth: N + 2 }]);
    const schema = JSON.parse(new TextDecoder().decode(built.schemas[0]?.content)) as Record<string, unknown>;
    assert.equal(schema.title, 'OrderCreatedPayload');

    const redacted = await buildFixtures([row(JSON.parse(deepText(N)))], { format: 'json', env: 'dev', folder: 'f', fileName: '{webhook_id}.json', redactRules: ['first_name', 'ssn'] });
    const text = new TextDecoder().decode(redacted.files[0]?.content);
    assert.equal(text, `${redactedDeepText(N)}\n`, 'the ssn 100,000 levels down is redacted too');
    assert.equal(redacted.redacted, 2);
    // The drift check later reads that file, and says it is too deep rather than crashing.
    const again = parseFixture(text, 'json');
    assert.ok('problem' in again && again.tooDeep?.depth === N + 2);
  });

  it('Save as Fixture (TypeScript): a 100,000-deep delivery becomes a module that compiles --strict and loads the exact payload', async function () {
    this.timeout(60_000);
    const built = await buildFixtures([row(JSON.parse(deepText(N)))], { format: 'typescript', env: 'dev', folder: 'f', fileName: '{webhook_id}.json', redactRules: ['first_name', 'ssn'], interfacesFor });
    const file = built.files[0];
    assert.ok(file);
    assert.equal(file.rel, 'f/deep-1.ts');
    assert.deepEqual(built.deep, [{ rel: 'f/deep-1.ts', depth: N + 2 }]);
    const text = new TextDecoder().decode(file.content);
    assert.ok(
      text.includes(`\n// The payload nests 100,002 levels, deeper than ${MAX_LITERAL_DEPTH}: it is JSON text parsed when the module loads (TypeScript cannot compile a literal this deep), so OrderCreatedPayload is asserted, not checked.\n`),
      'the header says why and what it means',
    );
    assert.match(text, /^export const payload: OrderCreatedPayload = JSON\.parse\(".*"\) as OrderCreatedPayload;$/m);
    assert.deepEqual(compile(text), []);
    const js = ts.transpileModule(text, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
    const mod: { exports: { payload?: unknown } } = { exports: {} };
    new Function('module', 'exports', js)(mod, mod.exports);
    assert.equal(compactJson(mod.exports.payload), redactedDeepText(N), 'the module loads the redacted payload exactly');
    // The drift check reads the module's payload back, and says it is too deep, at the payload.
    assert.equal(payloadOfModule(text)?.json, redactedDeepText(N));
    const f = parseFixture(text, 'typescript');
    assert.ok('problem' in f);
    assert.equal(f.problem, NOT_COMPARED);
    assert.equal(f.tooDeep?.offset, text.indexOf('JSON.parse('));
  });

  it('redacts a 100,000-deep payload at every depth, a deep value under a personal key leaf by leaf', () => {
    const { value, count } = redact(JSON.parse(deepText(N)));
    assert.equal(compactJson(value), redactedDeepText(N));
    assert.equal(count, 2);
    const under = redact(JSON.parse(`{"address":${nest(N, '{"street":"12 St James Sq","zip":null}')}}`));
    assert.equal(compactJson(under.value), `{"address":${nest(N, `{"street":"${placeholder('street', '12 St James Sq')}","zip":null}`)}}`);
    assert.equal(under.count, 1);
    // A path rule: "$.a.b[0][0]" is an array; the leaf 100,000 levels under it is replaced (named by its index).
    const paths = redact(JSON.parse(`{"a":{"b":${nest(N, '"x"')},"c":"secret"}}`), ['$.a.c', '$.a.b[0][0]']);
    assert.equal(compactJson(paths.value), `{"a":{"b":${nest(N, `"${placeholder('0', 'x')}"`)},"c":"${placeholder('c', 'secret')}"}}`);
    assert.equal(paths.count, 2);
    // The lone-surrogate copy behind the types, too.
    const fixed = wellFormed(JSON.parse(nest(N, '"\\ud800"')));
    assert.equal(fixed.replaced, 1);
    assert.equal(compactJson(fixed.value), nest(N, '"\uFFFD"'));
  });

  it('redacts as it always did (the recursive version is the reference), "__proto__" keys kept as own properties', () => {
    const rules = ['name', 'ssn', 'address', '$.a[*].b', '$.c.d', '$'];
    const keys = fc.constantFrom('name', 'Name', 'ssn', 'address', 'a', 'b', 'c', 'd', '__proto__', 'x');
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(keys, tie('value'), { maxKeys: 4 })),
    })).value;
    fc.assert(
      fc.property(json, fc.subarray(rules), (v, r) => {
        const parsed: unknown = JSON.parse(JSON.stringify(v));
        const got = redact(parsed, r);
        const want = recursiveRedact(parsed, r);
        assert.equal(got.count, want.count);
        assert.deepStrictEqual(got.value, want.value);
      }),
      { numRuns: 500 },
    );
    const protoKey = redact(JSON.parse('{"__proto__":{"name":"Ada"}}')).value as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(protoKey), Object.prototype);
    assert.ok(Object.hasOwn(protoKey, '__proto__'));
  });

  it('Compare: canonical JSON refuses a 100,000-deep document with why; key sorting itself works at any depth', () => {
    assert.throws(() => canonicalJson(JSON.parse(deepText(N))), { message: `The document nests 100,002 levels, deeper than ${LIMIT}: too deep to compare.` });
    const sorted = sortKeys(JSON.parse(nest(N, '{"b":1,"a":{"d":2,"c":3}}')));
    assert.equal(compactJson(sorted), nest(N, '{"a":{"c":3,"d":2},"b":1}'));
    // As it always did, shallow: keys sorted, a "__proto__" key an own property.
    fc.assert(fc.property(fc.jsonValue(), (v) => assert.deepStrictEqual(sortKeys(v), recursiveSortKeys(v))), { numRuns: 300 });
    const proto = sortKeys(JSON.parse('{"z":1,"__proto__":{"x":1}}')) as Record<string, unknown>;
    assert.deepEqual(Object.keys(proto), ['__proto__', 'z']);
    assert.equal(Object.getPrototypeOf(proto), Object.prototype);
  });

  it('shape inference, JSON Schema and drift stop at the limit on a 100,000-deep payload', () => {
    const payload: unknown = JSON.parse(deepText(N));
    const s = shapeOf(payload);
    // items: the arrays down to the limit shaped (the payload object is level 1), the rest by type alone.
    assert.equal(itemLevels(s.properties?.items), MAX_DOCUMENT_DEPTH - 1);
    const merged = eventShape('order-created', [payload, payload]);
    const schema = eventSchema('order-created', merged);
    assert.ok(JSON.stringify(schema).length < 100_000, 'a schema stops at the type depth');
    // drift() on a deep value (not through parseFixture) does not walk it past the limit either.
    assert.deepEqual(drift(payload, s), []);
    const other: unknown = JSON.parse(deepText(N, 'other'));
    assert.deepEqual(drift(other, shapeOf(payload)), []);
  });

  it('the highlighter tokenizes down to the limit and shows the rest of a 100,000-deep line plain', () => {
    assert.equal(MAX_HIGHLIGHT_DEPTH, MAX_DOCUMENT_DEPTH, 'the webview keeps the core limit');
    const line = nest(N, '"x"');
    const pieces = jsonPieces(line);
    assert.equal(pieces.map((p) => p.text).join(''), line, 'all the text, none lost');
    const tokens = pieces.filter((p) => p.types.length > 0);
    assert.equal(tokens.length, MAX_DOCUMENT_DEPTH);
    assert.ok(tokens.every((p) => p.text === '[' && p.types.join() === 'punctuation'));
    assert.deepEqual(pieces[pieces.length - 1], { text: line.slice(MAX_DOCUMENT_DEPTH), types: [] });
    // A line of a pretty-printed payload, as ever.
    assert.deepEqual(jsonPieces('  "name": "Ada", "n": [1, null]'), [
      { text: '  ', types: [] },
      { text: '"name"', types: ['property'] },
      { text: ':', types: ['operator'] },
      { text: ' ', types: [] },
      { text: '"Ada"', types: ['string'] },
      { text: ',', types: ['punctuation'] },
      { text: ' ', types: [] },
      { text: '"n"', types: ['property'] },
      { text: ':', types: ['operator'] },
      { text: ' ', types: [] },
      { text: '[', types: ['punctuation'] },
      { text: '1', types: ['number'] },
      { text: ',', types: ['punctuation'] },
      { text: ' ', types: [] },
      { text: 'null', types: ['null'] },
      { text: ']', types: ['punctuation'] },
    ]);
    // Brackets in strings do not count.
    assert.ok(jsonPieces(`"${'['.repeat(200)}"`).every((p) => p.types.length > 0));
  });
});

describe('a document as deep as the limit is handled in full', () => {
  // The payload object, the arrays, the innermost object: MAX_DOCUMENT_DEPTH levels.
  const ARRAYS = MAX_DOCUMENT_DEPTH - 2;

  it('is within the limit', () => {
    assert.equal(depthOf(JSON.parse(deepText(ARRAYS))), MAX_DOCUMENT_DEPTH);
    assert.equal(deeperThan(JSON.parse(deepText(ARRAYS)), MAX_DOCUMENT_DEPTH), false);
  });

  it('drift check: compared down to its deepest field', async () => {
    const fixture = parseFixture(JSON.stringify(JSON.parse(deepText(ARRAYS)), null, 2), 'json');
    assert.ok(!('problem' in fixture), 'compared');
    const ref = await fetchReference(historyOf([JSON.parse(deepText(ARRAYS).replace('"n":1', '"n":"one"'))]), 'order-created', 5, undefined);
    assert.ok(ref);
    const found = driftOf(fixture, ref);
    assert.deepEqual(
      found.map((d) => `${d.kind} ${d.path.length}`),
      [`changed ${ARRAYS + 2}`],
      'the type changed at the deepest level is found',
    );
  });

  it('Save as Fixture: pretty-printed JSON; a TypeScript module the drift check compares, redacted at the deepest level', async function () {
    this.timeout(60_000);
    const payload: unknown = JSON.parse(deepText(ARRAYS));
    const redacted: unknown = JSON.parse(deepText(ARRAYS).replace('"123-45-6789"', JSON.stringify(placeholder('ssn', '123-45-6789'))));
    const json = await buildFixtures([row(payload)], { format: 'json', env: 'dev', folder: 'f', fileName: '{webhook_id}.json', redactRules: ['ssn'] });
    assert.deepEqual(json.deep, []);
    assert.equal(new TextDecoder().decode(json.files[0]?.content), fixtureContent(redacted));
    // Deeper than TypeScript compiles as a literal: JSON text in the module, which compiles, and is compared.
    const typed = await buildFixtures([row(payload)], { format: 'typescript', env: 'dev', folder: 'f', fileName: '{webhook_id}.json', redactRules: ['ssn'], interfacesFor });
    assert.deepEqual(typed.deep, [{ rel: 'f/deep-1.ts', depth: MAX_DOCUMENT_DEPTH }]);
    const module = new TextDecoder().decode(typed.files[0]?.content);
    assert.equal(payloadOfModule(module)?.json, compactJson(redacted));
    assert.deepEqual(compile(module), []);
    const parsed = parseFixture(module, 'typescript');
    assert.ok(!('problem' in parsed), 'compared');
    const ref = await fetchReference(historyOf([JSON.parse(deepText(ARRAYS).replace('"n":1', '"n":"one"'))]), 'order-created', 5, ['ssn']);
    assert.ok(ref);
    const found = driftOf(parsed, ref);
    assert.deepEqual(found.map((d) => `${d.kind} ${d.path.length}`), [`changed ${ARRAYS + 2}`]);
    // Shown at the payload's JSON text (its offsets are not the file's); the message names the place.
    const at = locate(parsed, found[0] as (typeof found)[0]);
    assert.equal(module.slice(at.start, at.end), 'JSON.parse');
  });

  it(`Save as Fixture (TypeScript): a literal down to ${MAX_LITERAL_DEPTH} levels, and it compiles --strict`, async function () {
    this.timeout(60_000);
    for (const levels of [64, MAX_LITERAL_DEPTH]) {
      const payload: unknown = JSON.parse(deepText(levels - 2));
      const typed = await buildFixtures([row(payload)], { format: 'typescript', env: 'dev', folder: 'f', fileName: '{webhook_id}.json', redactRules: undefined, interfacesFor });
      assert.deepEqual(typed.deep, [], `${levels} levels`);
      const module = new TextDecoder().decode(typed.files[0]?.content);
      assert.doesNotMatch(module, /JSON\.parse/);
      assert.deepEqual(JSON.parse(payloadOfModule(module)?.json ?? 'null'), payload);
      assert.deepEqual(compile(module), []);
      const parsed = parseFixture(module, 'typescript');
      assert.ok(!('problem' in parsed) && parsed.inString === undefined, 'compared, drift shown at its own place');
    }
  });

  it('Compare, shapes and the highlighter: in full', () => {
    const payload: unknown = JSON.parse(deepText(ARRAYS));
    assert.equal(canonicalJson(payload), `${JSON.stringify(recursiveSortKeys(payload), null, 2)}\n`);
    assert.equal(itemLevels(shapeOf(payload).properties?.items), ARRAYS);
    const line = deepText(ARRAYS);
    assert.ok(jsonPieces(line).every((p) => p.types.length > 0), 'every piece of a line as deep as the limit is a token');
  });
});

/** tsc --strict's errors for a module. */
function compile(module: string): string[] {
  const dir = tempDir('deep-ts-');
  try {
    const file = path.join(dir, 'fixture.ts');
    fs.writeFileSync(file, module);
    return tscStrict([file]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Redaction as it was written before F-I (recursive): the reference for the iterative one. */
function recursiveRedact(payload: unknown, rules: readonly string[]): { value: unknown; count: number } {
  const keys = new Set(rules.filter((r) => !r.startsWith('$')).map((r) => r.toLowerCase()));
  const paths = rules
    .filter((r) => r.startsWith('$'))
    .map((r) => r.slice(1).replace(/\[(\*|\d+)\]/g, '.$1').split('.').filter((s) => s !== ''));
  const matches = (rule: string[], p: Array<string | number>) => rule.length === p.length && rule.every((seg, i) => seg === '*' || String(p[i]) === seg);
  let count = 0;
  const mapLeaves = (v: unknown, fn: (leaf: unknown, p: Array<string | number>) => unknown, p: Array<string | number> = []): unknown => {
    if (Array.isArray(v)) return v.map((x, i) => mapLeaves(x, fn, [...p, i]));
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapLeaves(x, fn, [...p, k])]));
    return v === null ? null : fn(v, p);
  };
  const walk = (v: unknown, p: Array<string | number>): unknown => {
    const key = p[p.length - 1];
    const hit = (typeof key === 'string' && keys.has(key.toLowerCase())) || paths.some((r) => matches(r, p));
    if (hit && v !== null && v !== undefined) {
      if (typeof v === 'object') {
        return mapLeaves(v, (leaf, leafPath) => {
          count++;
          return placeholder(String(leafPath[leafPath.length - 1] ?? key), leaf);
        });
      }
      count++;
      return placeholder(String(key), v);
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, [...p, i]));
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, [...p, k])]));
    return v;
  };
  return { value: walk(payload, []), count };
}

/** Key sorting as it was written before F-I (recursive). */
function recursiveSortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(recursiveSortKeys);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, recursiveSortKeys((v as Record<string, unknown>)[k])]));
  return v;
}
