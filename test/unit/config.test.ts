/** Webhook configurations as code (src/core/config): parse, plan, apply over real HTTP against the sandbox. */
import { strict as assert } from 'node:assert';
import Ajv from 'ajv';
import fc from 'fast-check';
import addFormats from 'ajv-formats';
import type { TranscryptsClient } from '../../src/core/api/client';
import { EVENT_TYPES } from '../../src/core/events';
import type { Webhook } from '../../src/core/api/schemas';
import type { Sandbox } from '../../src/sandbox';
import { apply, canonicalText, configFileSchema, describeStep, diffSides, exportFile, hasErrors, LineIndex, mapUrlHost, parseConfigFile, plan, planFile, promote, type ConfigFileModel, type Resolver, type Step } from '../../src/core/config';
import { clientFor, withSandbox } from './helpers';

const vars: Record<string, string> = { DEV_HOST: 'dev.example.com' };
const settings: Record<string, unknown> = { 'transcrypts.prodHost': 'api.example.com', 'transcrypts.list': ['a'] };
const resolver: Resolver = { env: (n) => vars[n], config: (k) => settings[k] };

function parse(text: string): ConfigFileModel {
  return parseConfigFile(text, resolver);
}

function file(environments: Record<string, unknown[]>, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ environments, ...extra }, null, 2);
}

function entry(name: string, url: string, events: string[] = ['order-created'], more: Record<string, unknown> = {}): Record<string, unknown> {
  return { name, webhook_url: url, events, ...more };
}

/** Clients for every environment of the sandbox, counting requests. */
function clients(s: Sandbox): { clients: Record<string, TranscryptsClient>; requests: string[] } {
  const requests: string[] = [];
  const out: Record<string, TranscryptsClient> = {};
  for (const env of s.profile.environments) out[env] = clientFor(s, env, { onAttempt: (a) => requests.push(`${a.method} ${a.path}`) });
  return { clients: out, requests };
}

async function lists(c: Record<string, TranscryptsClient>, envs: readonly string[]): Promise<Record<string, Webhook[]>> {
  const out: Record<string, Webhook[]> = {};
  for (const env of envs) out[env] = await (c[env] as TranscryptsClient).listWebhooks();
  return out;
}

function model(text: string): ConfigFileModel {
  const m = parse(text);
  assert.ok(!hasErrors(m), JSON.stringify(m.problems));
  return m;
}

describe('LineIndex (the configuration file\'s and the fixtures\' offsets to lines)', () => {
  it('gives the line and column a scan of the text gives, for any text and offset', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '\n', '\r', ' ', 'é') }), fc.nat(), (text, n) => {
        const offset = n % (text.length + 1);
        let line = 0;
        let column = 0;
        for (let i = 0; i < offset; i++) {
          if (text[i] === '\n') {
            line++;
            column = 0;
          } else column++;
        }
        assert.deepEqual(new LineIndex(text).position(offset), { offset, line, column });
      }),
      { numRuns: 1000 },
    );
  });
});

describe('config as code: parse', () => {
  it('reads environments, substitutes variables and keeps the source range', () => {
    const text = file({ dev: [entry('Orders', 'https://${env:DEV_HOST}/hooks', ['order-created'], { enabled: true })], prod: [entry('P', 'https://${config:transcrypts.prodHost}/h')] });
    const m = model(text);
    const [d] = m.desired.dev ?? [];
    assert.equal(d?.webhook_url, 'https://dev.example.com/hooks');
    assert.equal(d?.enabled, true);
    assert.equal(d?.range.start.line, 3);
    assert.equal(m.desired.prod?.[0]?.webhook_url, 'https://api.example.com/h');
    assert.equal(m.prune, false);
  });

  it('names the line and column of an unknown variable', () => {
    const text = '{\n  "environments": {\n    "dev": [\n      {"name": "A", "webhook_url": "https://${env:NOPE}/x"}\n    ]\n  }\n}';
    const m = parse(text);
    const [p] = m.problems;
    assert.equal(p?.severity, 'error');
    assert.match(p?.message ?? '', /\$\{env:NOPE\}/);
    assert.deepEqual([p?.range.start.line, p?.range.start.column], [3, text.split('\n')[3]?.indexOf('${env:NOPE}')]);
    assert.deepEqual(m.desired.dev, []);
  });
});

describe('config as code: a variable\'s value never reaches a problem (F-F)', () => {
  it('property: whatever the file writes with ${env:…} in names, URLs and events, no problem says the value', () => {
    const secret = 'tok-SECRET-0123456789';
    const withSecret: Resolver = { env: (n) => (n === 'TOKEN' ? secret : n === 'EMPTY' ? '' : undefined), config: () => undefined };
    const value = fc.oneof(
      fc.constantFrom('${env:TOKEN}', 'x-${env:TOKEN}', 'https://${env:TOKEN}/h', 'http://h/${env:TOKEN}?a=${env:TOKEN}', '${env:TOKEN}${env:TOKEN}', '${env:EMPTY}'),
      fc.string({ maxLength: 6 }).map((t) => `${t}\${env:TOKEN}`),
    );
    const entry = fc.record({ name: value, webhook_url: value, events: fc.array(value, { maxLength: 3 }) });
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 3 }), fc.boolean(), (entries, twice) => {
        const list = twice ? [...entries, ...entries] : entries;
        const model = parseConfigFile(file({ dev: list }), withSecret);
        for (const p of model.problems) assert.ok(!p.message.includes(secret), p.message);
      }),
      { seed: 20261206, numRuns: 300 },
    );
  });
});

describe('config as code: a file nested thousands deep (F-I)', () => {
  it('is one clear problem at the place it goes too deep, for parse, export and promote, at 6,000 and 100,000 deep', () => {
    for (const n of [6_000, 100_000]) {
      const text = `{"environments": {"dev": [${'['.repeat(n)}${']'.repeat(n)}]}}`;
      const model = parse(text);
      assert.equal(model.problems.length, 1);
      assert.match(model.problems[0]?.message ?? '', /^Arrays and objects nest more than 1000 deep here; a configurations file needs 4 levels\. Nothing in the file was read\.$/);
      assert.ok(hasErrors(model));
      assert.throws(() => exportFile({ dev: [] }, text, { resolve: resolver }), /not a valid JSON object/);
      assert.throws(() => promote(model, 'dev', 'prod', {}), /nests more than 1000 deep/);
    }
    // Brackets in comments and strings are not nesting: a file with more than the limit of them is read.
    const fine = parse(`// ${'['.repeat(1200)}\n/* ${'{'.repeat(1200)} */\n{"environments": {"dev": [{"name": "x[{", "webhook_url": "https://e.com/h?q=${'%5B'.repeat(300)}", "events": []}]}}`);
    assert.deepEqual(fine.problems.filter((p) => p.severity === 'error'), []);
  });
});

describe('config as code: plan and apply against the sandbox', () => {
  it('creates, changes only the changed fields, keeps what the file lacks, and deletes it with prune', () =>
    withSandbox({}, async (s) => {
      const { clients: c, requests } = clients(s);
      const dev = c.dev as TranscryptsClient;
      const keep = await dev.createWebhook({ name: 'Keep', webhook_url: 'https://example.com/keep', env_type: 'dev', events: ['order-created'] });
      await dev.createWebhook({ name: 'Change', webhook_url: 'https://example.com/old', env_type: 'dev', events: ['order-created', 'link-connected'] });
      await dev.createWebhook({ name: 'Extra', webhook_url: 'https://example.com/extra', env_type: 'dev', events: [] });
      const text = file({ dev: [entry('Keep', keep.webhook_url), entry('Change', 'https://example.com/new', ['link-connected', 'order-created']), entry('New', 'https://example.com/new2')] });
      const m = model(text);
      const p = plan(m.desired, await lists(c, ['dev']), { prune: false });
      assert.equal(p.summary, 'dev: 1 to create, 1 to change, 0 to delete, 1 not in the file (kept)');
      assert.deepEqual(p.envs[0]?.updates[0]?.patch, { webhook_url: 'https://example.com/new' });
      requests.length = 0;
      const r = await apply(p, c);
      assert.deepEqual([r.applied.length, r.notRun.length, r.failed], [2, 0, undefined]);
      assert.deepEqual(requests, ['POST /v1/webhooks/', `PATCH /v1/webhooks/${p.envs[0]?.updates[0]?.id}/`]);
      const pruned = plan(m.desired, await lists(c, ['dev']), { prune: true });
      assert.equal(pruned.summary, 'dev: 0 to create, 0 to change, 1 to delete');
      await apply(pruned, c);
      const after = await lists(c, ['dev']);
      assert.deepEqual(after.dev?.map((w) => w.name).sort(), ['Change', 'Keep', 'New']);
      assert.equal(plan(m.desired, after, { prune: true }).summary, 'dev: in sync');
      const sides = diffSides(m.desired, after);
      assert.equal(sides.platform, sides.file);
      assert.equal(sides.file, canonicalText(m.desired));
    }));
});

describe('config as code: file problems', () => {
  it('reports a duplicate name in an environment with its line, and keeps the first', () => {
    const text = file({ dev: [entry('A', 'https://example.com/1'), entry('A', 'https://example.com/2')], prod: [entry('A', 'https://example.com/1')] });
    const m = parse(text);
    const dup = m.problems.filter((p) => p.severity === 'error');
    assert.equal(dup.length, 1);
    assert.match(dup[0]?.message ?? '', /"A" is used twice in "dev" \(first on line 5\)/);
    assert.equal(dup[0]?.range.start.line, text.split('\n').findIndex((l, i) => i > 5 && l.includes('"name": "A"')));
    assert.deepEqual(m.desired.dev?.map((d) => d.webhook_url), ['https://example.com/1']);
    assert.equal(m.desired.prod?.length, 1);
  });

  it('reports syntax and shape errors with positions, and keeps unknown events and environments as warnings', () => {
    // Each case: the text, the first error's message, and the text the error points at (its first occurrence).
    const cases: Array<[string, RegExp, string]> = [
      ['{"environments": {"dev": [}', /not valid JSON/, '}'],
      ['[]', /must be a JSON object/, '['],
      ['{"environments": []}', /"environments" must be an object/, '[]'],
      ['{"environments": {"dev": {}}}', /must hold a list/, '{}'],
      ['{"environments": {"dev": [\n  {"webhook_url": "https://e.com/"}]}}', /has no "name"/, '{"webhook_url"'],
      ['{"environments": {"dev": [\n  {"name": "A"}]}}', /has no "webhook_url"/, '{"name"'],
      ['{"environments": {"dev": [\n  {"name": "A", "webhook_url": "https://e.com/", "events": "x"}]}}', /"events" must be a list/, '"x"'],
      ['{"environments": {"dev": [\n  {"name": "A", "webhook_url": "https://e.com/", "events": [1]}]}}', /must be text, not a number/, '1]'],
      ['{"environments": {"dev": [\n  {"name": "A", "webhook_url": "ftp://e.com/"}]}}', /http:\/\/ or https:\/\//, '"ftp'],
      ['{"environments": {"dev": [\n  {"name": "A", "webhook_url": "x${config:transcrypts.list}"}]}}', /not text \(the setting holds a list\)/, '${config'],
      ['{"environments": {"dev": [\n  {"name": "${other:X}", "webhook_url": "https://e.com/"}]}}', /Unknown variable \$\{other:X\}/, '${other'],
      ['{"environments": {"dev": [\n  {"name": "", "webhook_url": "https://e.com/"}]}}', /name cannot be empty/, '""'],
      ['{"environments": {}, "prune": "yes"}', /"prune" must be true or false/, '"yes"'],
      ['{"environments": {"dev": [], "dev": []}}', /"dev" appears twice/, '"dev": []}'],
      ['{"environments": {"dev": [{"name": "A", "webhook_url": "https://e.com/", "enabled": 1}]}}', /"enabled" must be true or false/, '1}'],
      ['{"environments": {"dev": [{"name": "A", "webhook_url": "https://e.com/"}]}, "promote": {"dev→prod": {}}}', /"hostMap"/, '{}}}'],
      ['', /empty/, ''],
    ];
    for (const [text, message, at] of cases) {
      const errors = parse(text).problems.filter((p) => p.severity === 'error');
      assert.ok(errors.length > 0, text);
      assert.match(errors[0]?.message ?? '', message, text);
      const offset = text.indexOf(at);
      const line = text.slice(0, offset).split('\n').length - 1;
      const column = offset - (text.lastIndexOf('\n', offset - 1) + 1);
      assert.deepEqual(errors[0]?.range.start, { offset, line, column }, text);
    }
    const m = parse(file({ staging: [entry('A', 'https://e.com/', ['payment-created', 'order-created'])] }, { extra: 1 }));
    assert.ok(!hasErrors(m));
    assert.deepEqual(m.desired.staging?.[0]?.events, ['payment-created', 'order-created']);
    assert.deepEqual(m.problems.map((p) => p.message.split(':')[0]?.split(' ').slice(0, 2).join(' ')), ['"staging" is', '"payment-created" is', 'Unknown key']);
  });
});

function stored(s: Sandbox, env: string, name: string, url: string, events: string[]): Webhook {
  const at = new Date().toISOString();
  const w: Webhook = { id: `${name}-${env}-${s.store.webhooks.size}`, name, webhook_url: url, events, env_type: env, created_at: at, updated_at: at };
  if (s.profile.enabledField) w.enabled = true;
  s.store.putWebhook(w);
  return w;
}

describe('config as code: the platform as it is', () => {
  it('notes duplicate names on the platform and leaves them alone, even with prune', () =>
    withSandbox({}, async (s) => {
      const { clients: c, requests } = clients(s);
      const dev = c.dev as TranscryptsClient;
      for (const url of ['https://e.com/1', 'https://e.com/2']) await dev.createWebhook({ name: 'Twin', webhook_url: url, env_type: 'dev', events: [] });
      for (const url of ['https://e.com/3', 'https://e.com/4']) await dev.createWebhook({ name: 'Gone', webhook_url: url, env_type: 'dev', events: [] });
      const m = model(file({ dev: [entry('Twin', 'https://e.com/new')] }));
      const p = plan(m.desired, await lists(c, ['dev']), { prune: true });
      assert.equal(p.steps.length, 0);
      assert.equal(p.summary, 'dev: in sync (2 notes)');
      assert.match(p.envs[0]?.notes[0] ?? '', /2 configurations named "Twin".*does not touch them/);
      assert.match(p.envs[0]?.notes[1] ?? '', /2 configurations named "Gone"/);
      requests.length = 0;
      assert.deepEqual((await apply(p, c)).applied, []);
      assert.deepEqual(requests, []);
    }));

  it('keeps unknown event types of a newer platform through export and plan (no change)', () =>
    withSandbox({}, async (s) => {
      const { clients: c } = clients(s);
      stored(s, 'dev', 'Newer', 'https://e.com/n', ['payment-created', 'order-created']);
      stored(s, 'prod', 'Prod', 'https://e.com/p', ['order-created']);
      const actual = await lists(c, ['dev', 'prod']);
      const text = exportFile(actual, undefined, { schema: 'https://example.com/schema.json' });
      const m = model(text);
      assert.deepEqual(m.desired.dev?.[0]?.events, ['order-created', 'payment-created']);
      assert.equal(m.schema, 'https://example.com/schema.json');
      assert.ok(m.problems.some((p) => p.severity === 'warning' && p.message.includes('payment-created')));
      const p = plan(m.desired, actual, { prune: true });
      assert.equal(p.summary, 'dev: in sync · prod: in sync');
      // Export of dev alone into the file replaces dev and keeps prod, prune, promote and $schema.
      const edited = text.replace('"prune": false', '"prune": true, "promote": {"dev→prod": {"hostMap": {"a": "b"}}}');
      stored(s, 'dev', 'Later', 'https://e.com/l', []);
      const merged = parse(exportFile({ dev: await (c.dev as TranscryptsClient).listWebhooks() }, edited));
      assert.deepEqual(merged.desired.dev?.map((d) => d.name), ['Later', 'Newer']);
      assert.deepEqual(merged.desired.prod?.map((d) => d.name), ['Prod']);
      assert.deepEqual([merged.prune, merged.promote, merged.schema], [true, { 'dev→prod': { hostMap: { a: 'b' } } }, 'https://example.com/schema.json']);
    }));

  it('is idempotent: after apply the plan is in sync, and applying it makes no request', () =>
    withSandbox({}, async (s) => {
      const { clients: c, requests } = clients(s);
      const envs = { dev: [entry('A', 'https://e.com/a', ['order-created'], { enabled: false }), entry('B', 'https://e.com/b', [])], prod: [entry('A', 'https://e.com/a')] };
      const m = model(file(envs, { prune: true }));
      const first = await apply(plan(m.desired, await lists(c, ['dev', 'prod']), { prune: m.prune }), c);
      assert.equal(first.applied.length, 3);
      const again = plan(m.desired, await lists(c, ['dev', 'prod']), { prune: m.prune });
      assert.equal(again.summary, 'dev: in sync · prod: in sync');
      requests.length = 0;
      const second = await apply(again, c);
      assert.deepEqual([second.applied, second.notRun, requests], [[], [], []]);
      assert.equal((await (c.dev as TranscryptsClient).listWebhooks()).find((w) => w.name === 'A')?.enabled, false);
    }));

  it('stops at a failed third request, says what ran and what did not, and the new plan is exactly the rest', () =>
    withSandbox({}, async (s) => {
      const { clients: c, requests } = clients(s);
      const dev = c.dev as TranscryptsClient;
      const old = await dev.createWebhook({ name: 'Old', webhook_url: 'https://e.com/old', env_type: 'dev', events: [] });
      await dev.createWebhook({ name: 'Change', webhook_url: 'https://e.com/c', env_type: 'dev', events: [] });
      const m = model(file({ dev: ['1', '2', '3'].map((n) => entry(`New ${n}`, `https://e.com/${n}`)).concat(entry('Change', 'https://e.com/c2')) }));
      const p = plan(m.desired, await lists(c, ['dev']), { prune: true });
      assert.deepEqual(p.steps.map((x) => `${x.kind} ${x.name}`), ['create New 1', 'create New 2', 'create New 3', 'update Change', 'delete Old']);
      requests.length = 0;
      const r = await apply(p, c, { onStep: (_step, i) => i === 2 && s.faults.set({ rules: [{ kind: '5xx', count: 1, status: 503, path: '/v1/webhooks/' }] }) });
      assert.deepEqual(r.applied.map((x) => x.name), ['New 1', 'New 2']);
      assert.equal(r.failed?.step.name, 'New 3');
      assert.match(r.failed?.error.message ?? '', /503/);
      assert.deepEqual(r.notRun.map((x) => x.name), ['Change', 'Old']);
      assert.equal(requests.length, 3);
      const rest = plan(m.desired, await lists(c, ['dev']), { prune: true });
      assert.deepEqual(rest.steps.map((x) => `${x.kind} ${x.name}`), ['create New 3', 'update Change', 'delete Old']);
      assert.equal(rest.steps.find((x) => x.kind === 'delete')?.id, old.id);
      assert.equal((await apply(rest, c)).applied.length, 3);
      assert.equal(plan(m.desired, await lists(c, ['dev']), { prune: true }).summary, 'dev: in sync');
    }));

  it('cancels between steps', () =>
    withSandbox({}, async (s) => {
      const { clients: c, requests } = clients(s);
      const m = model(file({ dev: [entry('A', 'https://e.com/a'), entry('B', 'https://e.com/b'), entry('C', 'https://e.com/c')] }));
      const p = plan(m.desired, await lists(c, ['dev']), { prune: false });
      const controller = new AbortController();
      requests.length = 0;
      const r = await apply(p, c, { signal: controller.signal, onStep: (_s, i) => i === 1 && controller.abort() });
      assert.deepEqual([r.applied.length, r.notRun.length, r.cancelled, r.failed, requests.length], [1, 2, true, undefined, 1]);
    }));

  it('on a platform without "enabled" (transcrypts profile), a file\'s "enabled" is a note, not a change each time', () =>
    withSandbox({ profile: 'transcrypts' }, async (s) => {
      const { clients: c, requests } = clients(s);
      const m = model(file({ dev: [entry('A', 'https://e.com/a', ['order-created'], { enabled: false })], prod: [entry('P', 'https://e.com/p', [], { enabled: true })] }));
      const first = plan(m.desired, await lists(c, ['dev', 'prod']), { prune: false });
      assert.equal(first.summary, 'dev: 1 to create, 0 to change, 0 to delete · prod: 1 to create, 0 to change, 0 to delete');
      assert.equal((await apply(first, c)).applied.length, 2);
      const after = await lists(c, ['dev', 'prod']);
      assert.match(after.dev?.[0]?.id ?? '', /^[0-9a-f-]{36}$/);
      assert.equal('enabled' in (after.dev?.[0] ?? {}), false);
      const again = plan(m.desired, after, { prune: false });
      assert.equal(again.summary, 'dev: in sync (1 note) · prod: in sync (1 note)');
      assert.match(again.envs[0]?.notes[0] ?? '', /no "enabled" field.*\(A\)/);
      requests.length = 0;
      await apply(again, c);
      assert.deepEqual(requests, []);
      // A new configuration is now created without "enabled": the platform's configurations show they lack it.
      const more = model(file({ dev: [entry('A', 'https://e.com/a', ['order-created'], { enabled: false }), entry('B', 'https://e.com/b', [], { enabled: true })] }));
      const create = plan(more.desired, after, { prune: false }).steps[0];
      assert.deepEqual(create?.kind === 'create' ? create.body : undefined, { name: 'B', webhook_url: 'https://e.com/b', env_type: 'dev', events: [] });
    }));
});

describe('config as code: promote and the JSON Schema', () => {
  it('promotes dev to prod with hosts mapped, variables kept, and records the host map', () =>
    withSandbox({}, async (s) => {
      const text = file({
        dev: [entry('Orders', 'https://${env:DEV_HOST}/hooks'), entry('Port', 'https://u@dev.example.com:8443/x?q=1'), entry('Other', 'https://other.example.com/')],
        prod: [entry('Gone', 'https://api.example.com/gone')],
      });
      const hostMap = { '${env:DEV_HOST}': 'api.example.com', 'dev.example.com': 'api.example.com' };
      const r = promote(model(text), 'dev', 'prod', hostMap);
      assert.deepEqual([r.copied, r.unmapped], [3, ['Other']]);
      const m = model(r.text);
      assert.deepEqual(m.desired.prod?.map((d) => d.webhook_url), ['https://api.example.com/hooks', 'https://u@api.example.com:8443/x?q=1', 'https://other.example.com/']);
      assert.deepEqual(m.desired.dev?.map((d) => d.webhook_url)[0], 'https://dev.example.com/hooks');
      assert.deepEqual(m.promote, { 'dev→prod': { hostMap } });
      // Applied, both environments hold the same names (the same URL in two environments is allowed).
      const { clients: c } = clients(s);
      await apply(plan(m.desired, await lists(c, ['dev', 'prod']), { prune: true }), c);
      assert.equal(plan(m.desired, await lists(c, ['dev', 'prod']), { prune: true }).summary, 'dev: in sync · prod: in sync');
      assert.throws(() => promote(model(text), 'sandbox', 'prod', {}), /no "sandbox" list/);
      assert.equal(mapUrlHost('https://dev.example.com:1/', { 'dev.example.com:1': 'x.test' }), 'https://x.test/');
    }));

  it('validates good files and rejects broken ones (ajv, draft-07); unknown event types stay valid', () => {
    const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true });
    addFormats(ajv);
    const validate = ajv.compile(configFileSchema(EVENT_TYPES));
    const good = [
      { $schema: 'x', environments: { dev: [entry('Orders', 'https://${env:DEV_HOST}/hooks', ['order-created'], { enabled: true })], prod: [] }, prune: false, promote: { 'dev→prod': { hostMap: { 'dev.example.com': 'api.example.com' } } } },
      { environments: { staging: [entry('A', 'https://e.com/a', ['payment-created'])] } },
      { environments: { dev: [{ name: 'A', webhook_url: 'http://127.0.0.1:3000/x' }] } },
    ];
    for (const g of good) assert.ok(validate(g), ajv.errorsText(validate.errors));
    const bad: unknown[] = [
      {},
      { environments: [] },
      { environments: { dev: [entry('', 'https://e.com/')] } },
      { environments: { dev: [entry('A', 'not a url')] } },
      { environments: { dev: [entry('A', 'ftp://e.com/')] } },
      { environments: { dev: [entry('A', 'https://e.com/', ['order-created', 'order-created'])] } },
      { environments: { dev: [entry('A', 'https://e.com/', [''])] } },
      { environments: { dev: [{ name: 'A', webhook_url: 'https://e.com/', events: [1] }] } },
      { environments: { dev: [entry('A', 'https://e.com/', [], { enabled: 'yes' })] } },
      { environments: { dev: [{ name: 'A' }] } },
      { environments: {}, prune: 'no' },
      { environments: {}, promote: { 'dev→prod': { hostMap: { a: 1 } } } },
    ];
    for (const b of bad) assert.equal(validate(b), false, JSON.stringify(b));
    const schema = configFileSchema(EVENT_TYPES) as { definitions: { eventType: { anyOf: Array<{ enum?: string[] }> } } };
    assert.deepEqual(schema.definitions.eventType.anyOf[0]?.enum, [...EVENT_TYPES]);
  });
});

describe('config as code: renames and guarded planning', () => {
  it('turns a new name on the URL of a pruned configuration into a rename (PATCH), since a URL is taken once per environment', () =>
    withSandbox({}, async (s) => {
      const { clients: c, requests } = clients(s);
      const dev = c.dev as TranscryptsClient;
      const old = await dev.createWebhook({ name: 'Old', webhook_url: 'https://e.com/u', env_type: 'dev', events: ['order-created'] });
      const renamed = model(file({ dev: [entry('New', 'https://e.com/u', ['order-created', 'link-connected'])] }, { prune: true }));
      const p = planFile(renamed, await lists(c, ['dev']));
      assert.equal(p.summary, 'dev: 0 to create, 1 to change, 0 to delete');
      assert.deepEqual(p.steps[0]?.kind === 'update' ? [p.steps[0].id, p.steps[0].patch] : undefined, [old.id, { name: 'New', events: ['order-created', 'link-connected'] }]);
      assert.match(describeStep(p.steps[0] as Step), /change "New": name Old → New; events \[order-created\] → \[link-connected, order-created\]/);
      requests.length = 0;
      const r = await apply(p, c);
      assert.deepEqual([r.applied.length, requests], [1, [`PATCH /v1/webhooks/${old.id}/`]]);
      assert.equal(planFile(renamed, await lists(c, ['dev'])).summary, 'dev: in sync');
      // Without prune the old one stays, and the plan says why the create will be refused.
      await dev.createWebhook({ name: 'Kept', webhook_url: 'https://e.com/k', env_type: 'dev', events: [] });
      const clash = model(file({ dev: [entry('New', 'https://e.com/u', ['order-created', 'link-connected']), entry('Clash', 'https://e.com/k')] }));
      const q = planFile(clash, await lists(c, ['dev']));
      assert.equal(q.summary, 'dev: 1 to create, 0 to change, 0 to delete, 1 not in the file (kept) (1 note)');
      assert.match(q.envs[0]?.notes[0] ?? '', /"Clash" has the URL of "Kept".*will be refused/);
      const failed = await apply(q, c);
      assert.match(failed.failed?.error.message ?? '', /already registered/);
    }));

  it('refuses to plan a file with errors, naming each with its line and column', () => {
    const m = parse('{"environments": {"dev": [\n  {"name": "A", "webhook_url": "https://${env:NOPE}/"}]}, "prune": true}');
    assert.throws(() => planFile(m, { dev: [] }), (e: Error) => /1 error/.test(e.message) && /transcrypts\.webhooks\.json:2:41: Unknown variable \$\{env:NOPE\}/.test(e.message));
  });
});

describe('config as code: export keeps variables', () => {
  it('keeps a URL written with variables when it still resolves to the platform\'s, and writes the new value when not', () => {
    const existing = `{
  "environments": {
    "dev": [
      { "name": "Orders", "webhook_url": "https://\${env:DEV_HOST}/hooks", "events": ["order-created"] },
      { "name": "Moved", "webhook_url": "https://\${env:DEV_HOST}/old", "events": [] }
    ]
  },
  "prune": false
}
`;
    const at = '2026-01-01T00:00:00Z';
    const lists: Record<string, Webhook[]> = {
      dev: [
        { id: 'a', name: 'Orders', webhook_url: 'https://dev.example.com/hooks', env_type: 'dev', events: ['order-created'], created_at: at, updated_at: at },
        { id: 'b', name: 'Moved', webhook_url: 'https://dev.example.com/new', env_type: 'dev', events: [], created_at: at, updated_at: at },
      ],
    };
    const resolve = { env: (n: string) => (n === 'DEV_HOST' ? 'dev.example.com' : undefined), config: () => undefined };
    const text = exportFile(lists, existing, { resolve });
    assert.match(text, /"webhook_url": "https:\/\/\$\{env:DEV_HOST\}\/hooks"/, 'the variable kept');
    assert.match(text, /"webhook_url": "https:\/\/dev\.example\.com\/new"/, 'the changed URL written as it is now');
    assert.ok(!text.includes('dev.example.com/hooks'), 'the value is never written for the variable');
    // Without a resolver, the platform's values (as before).
    assert.match(exportFile(lists, existing), /"https:\/\/dev\.example\.com\/hooks"/);
  });
});
