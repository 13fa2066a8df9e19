import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import fc from 'fast-check';
import addFormats from 'ajv-formats';
import { buildFixtures, type FixtureInput } from '../../src/core/fixtures/build';
import { driftOf, fetchReference, locate, parseFixture } from '../../src/core/fixtures/driftCheck';
import { fixtureModule, payloadOfModule } from '../../src/core/fixtures/module';
import { fixtureContent } from '../../src/core/fixtures/naming';
import { redact } from '../../src/core/fixtures/redact';
import { documentedShape, eventShape } from '../../src/core/fixtures/shape/documented';
import { shapeOf } from '../../src/core/fixtures/shape/infer';
import { eventSchema, typeName } from '../../src/core/fixtures/shape/schema';
import { interfacesFor } from '../../src/core/fixtures/typegen';
import { EVENT_TYPES, familyOf, type EventType } from '../../src/core/events';
import { generatePayload } from '../../src/core/samples/payloads';
import { seededRng } from '../../src/core/samples/random';
import { clientFor, raw, tempDir, testServer, tscStrict, withSandbox } from './helpers';


const PII = { employee: { first_name: 'Ada', last_name: 'Lovelace', ssn: '123-45-6789', address: { street: '12 St James Sq', zip: 'SW1Y' } }, account_number: 20394857 };

function samples(eventType: EventType, n: number, extra: Record<string, unknown> = {}): Record<string, unknown>[] {
  const rng = seededRng(EVENT_TYPES.indexOf(eventType) + 1);
  return Array.from({ length: n }, (_, i) => generatePayload(eventType, rng, new Date(Date.UTC(2026, 10, 1, 0, i)), `${i}`.padStart(32, 'a'), i % 2 ? extra : {}));
}

describe('typed fixtures and JSON Schemas', () => {
  it('generates TypeScript fixtures for every event type that compile with tsc --strict, and a wrong one that does not', async function () {
    this.timeout(60_000);
    const dir = tempDir('tw-ts-');
    const files: string[] = [];
    for (const eventType of EVENT_TYPES) {
      const payloads = samples(eventType, 6, PII).map((p) => redact(p).value);
      const name = typeName(eventType);
      const interfaces = await interfacesFor(eventSchema(eventType, eventShape(eventType, payloads)), name);
      payloads.forEach((p, i) => {
        const file = path.join(dir, `${eventType}-${i}.ts`);
        fs.writeFileSync(file, fixtureModule(interfaces, name, p, [`${eventType} fixture ${i}`, 'a line with */ and \n a newline']));
        files.push(file);
      });
    }
    assert.deepEqual(tscStrict(files), []);
    // The interfaces are not `any`: a payload of the wrong shape fails to compile.
    const good = fs.readFileSync(files[0] as string, 'utf8');
    const broken = path.join(dir, 'broken.ts');
    fs.writeFileSync(broken, good.replace(/"product": "[a-z_]+"/, '"product": "not-a-product"').replace(/"user_id": "[0-9a-f]+"/, '"user_id": 42'));
    const errors = tscStrict([broken]);
    assert.equal(errors.length, 2, errors.join('\n'));
    assert.match(errors.join('\n'), /not-a-product/);
    assert.match(errors.join('\n'), /number.*not assignable to type 'string'/);
    // The payload reads back from the module exactly.
    assert.deepEqual(JSON.parse(payloadOfModule(good)?.json ?? ''), JSON.parse(JSON.stringify(redact(samples(EVENT_TYPES[0] ?? '', 1)[0]).value)));
  });

  it('writes a schema per event type that validates its fixtures and rejects broken ones', () => {
    const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true });
    addFormats(ajv);
    for (const eventType of EVENT_TYPES) {
      const payloads = samples(eventType, 8, PII).map((p) => redact(p).value);
      const schema = eventSchema(eventType, eventShape(eventType, payloads));
      const validate = ajv.compile(schema);
      for (const p of payloads) assert.ok(validate(p), `${eventType}: ${ajv.errorsText(validate.errors)}`);
      // A fresh delivery of the same type, not among the samples, validates too (documented fields carry it).
      assert.ok(validate(generatePayload(eventType, seededRng(99), new Date(), 'f'.repeat(32))), ajv.errorsText(validate.errors));
      const first = payloads[0] as Record<string, unknown>;
      const { webhook_id: _dropped, ...missing } = first;
      assert.equal(validate(missing), false, `${eventType}: a missing documented field is rejected`);
      const field = familyOf(eventType)?.eventField ?? 'event_type';
      if (field === 'event_type') {
        if (typeof first.data_source === 'string') assert.equal(validate({ ...first, data_source: 'carrier-pigeon' }), false, `${eventType}: an unknown enum value is rejected`);
        assert.equal(validate({ ...first, event_created_at: 'yesterday' }), false, `${eventType}: a time that is not a date-time is rejected`);
      } else {
        const data = first.data as Record<string, unknown>;
        assert.equal(validate({ ...first, data: { ...data, timestamp: 'yesterday' } }), false, `${eventType}: a time that is not a date-time is rejected`);
        assert.equal(validate({ ...first, data: { ...data, status: 'carrier-pigeon' } }), false, `${eventType}: an unknown enum value is rejected`);
      }
      assert.equal(validate({ ...first, [field]: 'order-created' === eventType ? 'link-deleted' : 'order-created' }), false, 'another event type is rejected');
    }
    // Undocumented fields seen in deliveries are described, typed, and optional.
    const schema = eventSchema('profile-updated', eventShape('profile-updated', samples('profile-updated', 4, { employee: { first_name: 'x' } })));
    const props = schema.properties as Record<string, { type?: unknown; required?: unknown }>;
    assert.deepEqual(props.employee?.type, 'object');
    assert.equal((schema.required as string[]).includes('employee'), false);
    assert.equal(props.employee?.required, undefined);
  });

  it('reports exactly the fields a crafted delivery changed, at their place in the fixture', async function () {
    this.timeout(20_000);
    const receiver = await testServer((_req, _body, res) => res.writeHead(200).end());
    try {
      await withSandbox({}, async (s) => {
        await raw(s, 'POST', '/v1/webhooks/', { name: 'r', webhook_url: `${receiver.url}/`, env_type: 'sandbox', events: [...EVENT_TYPES] });
        const client = clientFor(s);
        // The fixture: a delivery as it was, plus a field the platform has since dropped.
        await client.triggerSandboxEvent('sandbox', 'statements-updated', { template_id: null, tracking_info: 'user-1' });
        await s.deliverer.idle();
        const before = (await client.historyPage({ eventType: 'statements-updated', pageSize: 1 })).results[0];
        assert.ok(before);
        const fixture = { ...(before.webhook_payload as Record<string, unknown>), legacy_flag: true };
        const text = fixtureContent(fixture);
        // Now the platform adds a field, changes a type and sends an undocumented status.
        await client.triggerSandboxEvent('sandbox', 'statements-updated', { objects_count: '7', pay_frequency: 'biweekly', template_id: 'c'.repeat(32), product: 'payroll_connect' });
        await s.deliverer.idle();
        const ref = await fetchReference(client, 'statements-updated', 1, undefined);
        assert.ok(ref);
        assert.equal(ref.count, 1);
        const parsed = parseFixture(text, 'json');
        assert.ok(!('problem' in parsed));
        const found = driftOf(parsed, ref);
        assert.deepEqual(
          found.map((d) => `${d.kind} ${d.path.join('.')}`).sort(),
          ['added pay_frequency', 'changed objects_count', 'changed product', 'removed legacy_flag'],
          found.map((d) => d.message).join('\n'),
        );
        // template_id: null in the fixture, a string now; documented nullable: not a change.
        const at = (kind: string) => {
          const d = found.find((x) => x.kind === kind);
          assert.ok(d);
          const r = locate(parsed, d);
          return text.slice(r.start, r.end);
        };
        assert.equal(at('removed'), '"legacy_flag"');
        assert.equal(at('added'), '{');
        // The same check on a TypeScript fixture points into the module.
        const name = typeName('statements-updated');
        const module = fixtureModule(await interfacesFor(eventSchema('statements-updated', eventShape('statements-updated', [fixture])), name), name, fixture, ['x']);
        const parsedTs = parseFixture(module, 'typescript');
        assert.ok(!('problem' in parsedTs));
        const removed = driftOf(parsedTs, ref).find((d) => d.kind === 'removed');
        assert.ok(removed);
        const r = locate(parsedTs, removed);
        assert.equal(module.slice(r.start, r.end), '"legacy_flag"');
        // And a fixture refreshed from the newest delivery has no drift.
        const fresh = parseFixture(fixtureContent(ref.newest.webhook_payload), 'json');
        assert.ok(!('problem' in fresh));
        assert.deepEqual(driftOf(fresh, ref), []);
      });
    } finally {
      await receiver.close();
    }
  });

  it('compares redacted fixtures with redacted deliveries, and finds no drift in the seeded history', async function () {
    this.timeout(20_000);
    await withSandbox({ seed: true }, async (s) => {
      const client = clientFor(s);
      for (const eventType of ['order-status-updated', 'task-status-updated', 'bank-accounts-created'] as const) {
        const ref = await fetchReference(client, eventType, 20, ['employer_id']);
        assert.ok(ref && ref.count === 20);
        const older = (await client.historyPage({ eventType, pageSize: 500 })).results.at(-1);
        assert.ok(older);
        const parsed = parseFixture(fixtureContent(redact(older.webhook_payload, ['employer_id']).value), 'json');
        assert.ok(!('problem' in parsed));
        assert.deepEqual(driftOf(parsed, ref), [], eventType);
      }
    });
  });

  it('property: fixtures of one event type, any of them with keys named after Object.prototype members (F-A, F-B), all compile with tsc --strict and read back exactly', async function () {
    this.timeout(120_000);
    const inherited = Object.getOwnPropertyNames(Object.prototype);
    const key = fc.oneof(fc.constantFrom(...inherited), fc.constantFrom('status', 'note', 'amount', 'employee'), fc.string({ minLength: 1, maxLength: 8 }));
    const extra = fc.dictionary(key, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 });
    const base = samples('order-created', 1)[0] as Record<string, unknown>;
    // Every inherited name once, plus random ones; seeded, so a failure names its seed.
    const extras = [...inherited.map((k) => ({ [k]: k === 'toString' ? { nested: true } : 'x' })), ...fc.sample(extra, { seed: 20261206, numRuns: 24 })];
    const inputs: FixtureInput[] = extras.map((x, i) => ({
      event_type: 'order-created',
      webhook_id: `w${i}`.padEnd(32, '0'),
      event_created_at: '2026-11-01T00:00:00.000000Z',
      status_code: 200,
      payload: JSON.parse(JSON.stringify({ ...base, ...x })) as Record<string, unknown>,
    }));
    // The 24 random deliveries alone, and with the plain ones: each set of fixtures shares its interfaces.
    const built = await buildFixtures([...inputs, ...samples('order-created', 2).map((payload, i) => ({ ...inputs[0], webhook_id: `plain${i}`, payload }) as FixtureInput)], { format: 'typescript', env: 'sandbox', folder: 'f', fileName: '{event_type}/{webhook_id}.json', redactRules: undefined, interfacesFor });
    assert.equal(built.files.length, inputs.length + 2, 'every delivery written (a hasOwnProperty key wrote none)');
    const dir = tempDir('tw-proto-');
    const files = built.files.map((f, i) => {
      const file = path.join(dir, `f${i}.ts`);
      fs.writeFileSync(file, new TextDecoder().decode(f.content));
      return file;
    });
    assert.deepEqual(tscStrict(files), []);
    for (const [i, f] of built.files.entries()) {
      const back = payloadOfModule(new TextDecoder().decode(f.content));
      const want = i < inputs.length ? inputs[i]?.payload : undefined;
      if (want) assert.deepEqual(JSON.parse(back?.json ?? 'null'), want, `fixture ${i}`);
    }
  });

  it('keeps hostile deliveries data: no code from ids, no crash on prototype keys, values outside the docs typed', async function () {
    this.timeout(30_000);
    const dir = tempDir('tw-hostile-');
    const base = samples('order-created', 1)[0] as Record<string, unknown>;
    const hostile: FixtureInput = {
      event_type: 'order-created',
      webhook_id: 'x\u2028export const pwned = 1; //',
      event_created_at: '2026-11-01T00:00:00.000000Z',
      status_code: 200,
      // A value the documentation does not list, and keys that name Object.prototype members.
      payload: { ...base, status: 'queued', constructor: 'c', toString: { nested: true }, ['__proto__']: 'p', 'export const payload: X = {': 1 },
    };
    const built = await buildFixtures([hostile], { format: 'typescript', env: 'sandbox', folder: 'f', fileName: '{event_type}/{webhook_id}.json', redactRules: undefined, interfacesFor });
    const file = built.files[0];
    assert.ok(file);
    const text = new TextDecoder().decode(file.content);
    assert.ok(!text.split(/\r?\n|\u2028|\u2029/).some((l) => l.startsWith('export const pwned')), 'the id stays in its comment');
    const full = path.join(dir, 'hostile.ts');
    fs.writeFileSync(full, text);
    assert.deepEqual(tscStrict([full]), [], 'a status outside the documented enum is typed, the module compiles');
    fs.writeFileSync(path.join(dir, 'uses.ts'), `import './hostile';\nconst z: number = pwned;\nexport { z };\n`);
    assert.ok(tscStrict([path.join(dir, 'uses.ts')]).some((e) => /pwned/.test(e)), 'nothing named pwned is declared');
    // The payload reads back exactly, also after a CRLF checkout.
    const back = payloadOfModule(text.replace(/\n/g, '\r\n'));
    assert.deepEqual(JSON.parse(back?.json ?? 'null'), JSON.parse(JSON.stringify(hostile.payload)));
    // The schema accepts it; the drift check compares prototype-named keys as plain fields.
    const schemaText = new TextDecoder().decode(built.schemas[0]?.content);
    const ajv = new Ajv({ strict: true, allowUnionTypes: true });
    addFormats(ajv);
    assert.ok(ajv.validate(JSON.parse(schemaText) as object, JSON.parse(JSON.stringify(hostile.payload))), ajv.errorsText(ajv.errors));
    const ref = { eventType: 'order-created' as const, shape: shapeOf({ ...base, valueOf: 1 }), documented: documentedShape('order-created'), newest: { ...hostile, webhook_url: 'u', error_message: null, webhook_payload: base }, count: 1 };
    const parsed = parseFixture(text, 'typescript');
    assert.ok(!('problem' in parsed));
    const found = driftOf(parsed, ref).map((d) => `${d.kind} ${d.path.join('.')}`).sort();
    assert.deepEqual(found, ['added valueOf', 'changed status', 'removed __proto__', 'removed constructor', 'removed export const payload: X = {', 'removed toString']);
  });

  it('says why a file is not a fixture', () => {
    assert.deepEqual(parseFixture('{"a":', 'json'), { problem: 'not valid JSON' });
    assert.deepEqual(parseFixture('[1]', 'json'), { problem: 'not a JSON object' });
    assert.deepEqual(parseFixture('{"a":1}', 'json'), { problem: 'no event_type (or event)' });
    assert.deepEqual(parseFixture('export const x = 1;', 'typescript'), { problem: 'not a fixture module written by Save as Fixture' });
  });
});
