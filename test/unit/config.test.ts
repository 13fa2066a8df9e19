/** Webhook configurations as code (src/core/config): parse, plan, apply over real HTTP against the sandbox. */
import { strict as assert } from 'node:assert';
import type { TranscryptsClient } from '../../src/core/api/client';
import type { Webhook } from '../../src/core/api/schemas';
import type { Sandbox } from '../../src/core/sandbox';
import { apply, canonicalText, diffSides, hasErrors, parseConfigFile, plan, type ConfigFileModel, type Resolver } from '../../src/core/config';
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
