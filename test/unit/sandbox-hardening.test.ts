/**
 * The sandbox against a hostile or careless caller: a secret works on its own environment only (D4), the
 * transcrypts profile validates a create as the platform's documents do (D5), and a deeply nested body is a 400,
 * never a dead process (F-G). All over real loopback HTTP.
 */
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import type { Sandbox } from '../../src/sandbox';
import { MAX_JSON_DEPTH } from '../../src/sandbox/http/io';
import type { ProfileName } from '../../src/core/profiles';
import { raw, spawnServer, tempDir, testServer, until, withSandbox, type TestServer } from './helpers';

const CLI = path.resolve(__dirname, '../../src/sandbox/cli.ts');

interface InvalidParam {
  field: string;
  message: string;
}
interface ErrorBody {
  error: { code: string; message: string; extra?: { 'invalid-params': InvalidParam[] } };
}
interface ListBody {
  count: number;
  results: Array<{ id: string; env_type: string }>;
}

/** The platform's 400 ([Truv] shape) with exactly these invalid params. */
function badParams(invalid: InvalidParam[]): ErrorBody {
  return { error: { code: 'incorrect_parameters', message: 'Incorrect request parameters', extra: { 'invalid-params': invalid } } };
}

const NOT_FOUND = { detail: 'Not Found.' };

/** `[[[…]]]`, `depth` levels deep. */
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

const tooDeep = (r: { status: number; json: unknown }) => {
  assert.equal(r.status, 400, JSON.stringify(r.json)?.slice(0, 300));
  assert.deepEqual(r.json, badParams([{ field: 'body', message: `JSON nested too deeply: arrays and objects may nest at most ${MAX_JSON_DEPTH} levels deep.` }]));
};

async function withReceiver<T>(fn: (receiver: TestServer) => Promise<T>): Promise<T> {
  const receiver = await testServer((_req, _body, res) => res.writeHead(200).end());
  try {
    return await fn(receiver);
  } finally {
    await receiver.close();
  }
}

describe('sandbox hardening', function () {
  this.timeout(60_000);

  describe('D4: every configuration route is scoped by the secret\'s environment, as the list is', () => {
    for (const profile of ['transcrypts', 'truv'] as const satisfies readonly ProfileName[]) {
      it(`${profile}: a dev secret neither reads, changes nor deletes a prod configuration (404, as if it did not exist)`, () =>
        withSandbox({ profile }, async (s) => {
          const created = await raw(s, 'POST', '/v1/webhooks/', { name: 'Prod', webhook_url: 'https://example.com/prod', env_type: 'prod', events: ['order-created'] }, {}, 'prod');
          assert.equal(created.status, 201, JSON.stringify(created.json));
          const prod = created.json as { id: string };
          const at = `/v1/webhooks/${encodeURIComponent(prod.id)}/`;

          assert.deepEqual(await raw(s, 'GET', at, undefined, {}, 'dev').then((r) => [r.status, r.json]), [404, NOT_FOUND]);
          assert.deepEqual(await raw(s, 'PATCH', at, { name: 'Hijacked' }, {}, 'dev').then((r) => [r.status, r.json]), [404, NOT_FOUND]);
          assert.deepEqual(await raw(s, 'PATCH', at, { env_type: 'dev' }, {}, 'dev').then((r) => [r.status, r.json]), [404, NOT_FOUND]);
          assert.deepEqual(await raw(s, 'DELETE', at, undefined, {}, 'dev').then((r) => [r.status, r.json]), [404, NOT_FOUND]);
          // There is no PUT (the platform updates with PATCH): the same 405 for a prod id as for an unknown one.
          const put = await raw(s, 'PUT', at, { name: 'Hijacked' }, {}, 'dev');
          const putUnknown = await raw(s, 'PUT', '/v1/webhooks/no-such-id/', { name: 'Hijacked' }, {}, 'dev');
          assert.deepEqual([put.status, put.json, put.headers.get('allow')], [putUnknown.status, putUnknown.json, putUnknown.headers.get('allow')]);
          assert.equal(put.status, 405);

          const devList = (await raw(s, 'GET', '/v1/webhooks/', undefined, {}, 'dev')).json as ListBody;
          assert.equal(devList.count, 0);
          // Untouched, and still there for the prod keys.
          const got = await raw(s, 'GET', at, undefined, {}, 'prod');
          assert.deepEqual([got.status, got.json], [200, created.json]);
          const prodList = (await raw(s, 'GET', '/v1/webhooks/', undefined, {}, 'prod')).json as ListBody;
          assert.deepEqual(prodList.results.map((w) => w.id), [prod.id]);
          assert.equal((await raw(s, 'DELETE', at, undefined, {}, 'prod')).status, 204);
        }));

      it(`${profile}: a dev secret can neither create a prod configuration nor move one there (400 on env_type)`, () =>
        withSandbox({ profile }, async (s) => {
          const scope = badParams([{ field: 'env_type', message: '"prod" is not the environment of these keys (dev); use the prod keys for prod configurations.' }]);
          const body = { name: 'Sneaky', webhook_url: 'https://example.com/sneaky', env_type: 'prod', events: ['order-created'] };
          assert.deepEqual(await raw(s, 'POST', '/v1/webhooks/', body, {}, 'dev').then((r) => [r.status, r.json]), [400, scope]);
          assert.equal(((await raw(s, 'GET', '/v1/webhooks/', undefined, {}, 'prod')).json as ListBody).count, 0, 'nothing was created in prod');

          const dev = await raw(s, 'POST', '/v1/webhooks/', { ...body, env_type: 'dev' }, {}, 'dev');
          assert.equal(dev.status, 201);
          const at = `/v1/webhooks/${encodeURIComponent((dev.json as { id: string }).id)}/`;
          assert.deepEqual(await raw(s, 'PATCH', at, { env_type: 'prod' }, {}, 'dev').then((r) => [r.status, r.json]), [400, scope]);
          assert.equal(((await raw(s, 'GET', at, undefined, {}, 'dev')).json as { env_type: string }).env_type, 'dev');
          assert.equal(((await raw(s, 'GET', '/v1/webhooks/', undefined, {}, 'prod')).json as ListBody).count, 0);
        }));
    }

    it('request history and triggered events: a secret sees and triggers only its own environment\'s deliveries', () =>
      withReceiver((receiver) =>
        withSandbox({ profile: 'transcrypts' }, async (s) => {
          const hook = { name: 'R', webhook_url: `${receiver.url}/prod`, env_type: 'prod', events: ['order-created'] };
          assert.equal((await raw(s, 'POST', '/v1/webhooks/', hook, {}, 'prod')).status, 201);
          assert.equal((await raw(s, 'POST', '/_sandbox/events/', { env_type: 'prod', event_type: 'order-created' }, {}, 'prod')).status, 202);
          await s.deliverer.idle();
          const rows = (env: string) => raw(s, 'GET', '/v1/webhook-requests/', undefined, {}, env).then((r) => (r.json as { results: unknown[] }).results.length);
          assert.equal(await rows('prod'), 1);
          assert.equal(await rows('dev'), 0, 'a dev secret sees no prod deliveries');

          const viaDev = await raw(s, 'POST', '/_sandbox/events/', { env_type: 'prod', event_type: 'order-created' }, {}, 'dev');
          assert.deepEqual(
            [viaDev.status, viaDev.json],
            [400, badParams([{ field: 'env_type', message: '"prod" is not the environment of these keys (dev); use the prod keys for prod configurations.' }])],
          );
          await s.deliverer.idle();
          assert.equal(receiver.requests.length, 1, 'no prod delivery was triggered with dev keys');
          assert.equal(await rows('prod'), 1);
        }),
      ));
  });

  describe('D5: the transcrypts profile validates a create as the platform\'s documents do', () => {
    const required = (field: string) => ({ field, message: 'This field is required.' });

    it('transcrypts: name, webhook_url and events are required; env_type is optional and defaults to the secret\'s environment', () =>
      withSandbox({ profile: 'transcrypts' }, async (s) => {
        assert.deepEqual(await raw(s, 'POST', '/v1/webhooks/', {}, {}, 'dev').then((r) => [r.status, r.json]), [400, badParams([required('name'), required('webhook_url'), required('events')])]);
        const noEvents = await raw(s, 'POST', '/v1/webhooks/', { name: 'R', webhook_url: 'https://example.com/a', env_type: 'dev' }, {}, 'dev');
        assert.deepEqual([noEvents.status, noEvents.json], [400, badParams([required('events')])]);

        const dev = await raw(s, 'POST', '/v1/webhooks/', { name: 'R', webhook_url: 'https://example.com/a', events: ['task-status-updated'] }, {}, 'dev');
        assert.equal(dev.status, 201, JSON.stringify(dev.json));
        assert.equal((dev.json as { env_type: string }).env_type, 'dev');
        const prod = await raw(s, 'POST', '/v1/webhooks/', { name: 'R', webhook_url: 'https://example.com/a', events: [] }, {}, 'prod');
        assert.equal(prod.status, 201, JSON.stringify(prod.json));
        assert.equal((prod.json as { env_type: string }).env_type, 'prod');
        assert.deepEqual(((await raw(s, 'GET', '/v1/webhooks/', undefined, {}, 'dev')).json as ListBody).results.map((w) => w.env_type), ['dev']);
      }));

    it('truv keeps its rules: env_type required, events optional (none)', () =>
      withSandbox({ profile: 'truv' }, async (s) => {
        assert.deepEqual(await raw(s, 'POST', '/v1/webhooks/', {}, {}, 'dev').then((r) => [r.status, r.json]), [400, badParams([required('name'), required('webhook_url'), required('env_type')])]);
        const created = await raw(s, 'POST', '/v1/webhooks/', { name: 'R', webhook_url: 'https://example.com/a', env_type: 'dev' }, {}, 'dev');
        assert.equal(created.status, 201, JSON.stringify(created.json));
        assert.deepEqual((created.json as { events: unknown }).events, []);
      }));
  });

  describe('F-G: a deeply nested body is a 400, and the sandbox keeps serving', () => {
    for (const depth of [20_000, 100_000]) {
      it(`refuses a ${depth.toLocaleString('en')}-deep body on every route that reads one, then serves the next request`, () =>
        withReceiver((receiver) =>
          withSandbox({ profile: 'transcrypts' }, async (s: Sandbox) => {
            const hook = await raw(s, 'POST', '/v1/webhooks/', { name: 'R', webhook_url: `${receiver.url}/`, env_type: 'dev', events: ['task-status-updated'] }, {}, 'dev');
            assert.equal(hook.status, 201);
            const at = `/v1/webhooks/${(hook.json as { id: string }).id}/`;
            tooDeep(await raw(s, 'POST', '/_sandbox/events/', `{"env_type":"dev","event_type":"task-status-updated","payload":{"x":${nested(depth)}}}`, {}, 'dev'));
            tooDeep(await raw(s, 'POST', '/v1/webhooks/', `{"name":"D","webhook_url":"https://example.com/d","events":${nested(depth)}}`, {}, 'dev'));
            tooDeep(await raw(s, 'PATCH', at, `{"events":${nested(depth)}}`, {}, 'dev'));
            tooDeep(await raw(s, 'POST', '/_sandbox/faults/', `{"rules":${nested(depth)}}`, {}, 'dev'));

            const ok = await raw(s, 'POST', '/_sandbox/events/', { env_type: 'dev', event_type: 'task-status-updated' }, {}, 'dev');
            assert.equal(ok.status, 202, JSON.stringify(ok.json));
            await s.deliverer.idle();
            assert.equal(receiver.requests.length, 1, 'only the normal event was delivered');
            const list = (await raw(s, 'GET', '/v1/webhooks/', undefined, {}, 'dev')).json as ListBody;
            assert.equal(list.count, 1);
          }),
        ));
    }

    it(`accepts a body nested exactly ${MAX_JSON_DEPTH} deep (brackets inside strings do not count), refuses one level more`, () =>
      withReceiver((receiver) =>
        withSandbox({ profile: 'transcrypts' }, async (s) => {
          assert.equal((await raw(s, 'POST', '/v1/webhooks/', { name: 'R', webhook_url: `${receiver.url}/`, env_type: 'dev', events: ['order-created'] }, {}, 'dev')).status, 201);
          // The body object is level 1, payload level 2: x nests the rest.
          const note = JSON.stringify(`"\\${'['.repeat(1000)}`);
          const body = (d: number) => `{"env_type":"dev","event_type":"order-created","payload":{"note":${note},"x":${nested(d - 2)}}}`;
          const ok = await raw(s, 'POST', '/_sandbox/events/', body(MAX_JSON_DEPTH), {}, 'dev');
          assert.equal(ok.status, 202, JSON.stringify(ok.json)?.slice(0, 300));
          await s.deliverer.idle();
          assert.equal(receiver.requests.length, 1);
          const delivered = JSON.parse(receiver.requests[0]?.body ?? '{}') as { note?: string };
          assert.equal(delivered.note, `"\\${'['.repeat(1000)}`);
          tooDeep(await raw(s, 'POST', '/_sandbox/events/', body(MAX_JSON_DEPTH + 1), {}, 'dev'));
        }),
      ));

    it('the standalone sandbox process survives 20,000- and 100,000-deep bodies and serves the next request', () =>
      withReceiver(async (receiver) => {
        const cli = await spawnServer(process.execPath, ['--import', 'tsx', CLI, '--json', '--port', '0', '--data', tempDir('tw-hard-')], {
          ready: /^(\{"baseUrl".*\})$/,
          timeoutMs: 30_000,
        });
        try {
          const info = JSON.parse(cli.url) as { baseUrl: string; clientId: string; secrets: Record<string, string> };
          const call = async (method: string, p: string, body?: string) => {
            const res = await fetch(new URL(p, info.baseUrl), {
              method,
              headers: { 'X-Access-Client-Id': info.clientId, 'X-Access-Secret': info.secrets.dev ?? '', ...(body ? { 'Content-Type': 'application/json' } : {}) },
              body,
            });
            const text = await res.text();
            return { status: res.status, json: text ? (JSON.parse(text) as unknown) : undefined };
          };
          const hook = await call('POST', '/v1/webhooks/', JSON.stringify({ name: 'R', webhook_url: `${receiver.url}/`, env_type: 'dev', events: ['task-status-updated'] }));
          assert.equal(hook.status, 201, JSON.stringify(hook.json));
          const refused: Array<{ status: number; json: unknown }> = [];
          for (const depth of [20_000, 100_000]) {
            refused.push(await call('POST', '/_sandbox/events/', `{"env_type":"dev","event_type":"task-status-updated","payload":{"x":${nested(depth)}}}`));
          }
          // First that the process is still there (before the fix it died of a RangeError), then what it answered.
          const ok = await call('POST', '/_sandbox/events/', JSON.stringify({ env_type: 'dev', event_type: 'task-status-updated' }));
          assert.equal(ok.status, 202, JSON.stringify(ok.json));
          await until(() => receiver.requests.length === 1, 10_000, 'the normal event to be delivered');
          assert.equal((await call('GET', '/v1/webhooks/')).status, 200);
          refused.forEach(tooDeep);
          assert.deepEqual(cli.output.filter((l) => /RangeError|call stack/.test(l)), []);
        } finally {
          cli.stop();
        }
      }));
  });
});
