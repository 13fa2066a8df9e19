import { strict as assert } from 'node:assert';
import { raw, tempDir, withSandbox } from './helpers';

// In the environment of raw()'s default keys (sandbox): a secret works on its own environment's configurations.
const valid = { name: 'Receiver', webhook_url: 'https://example.com/hook', env_type: 'sandbox' };

describe('sandbox: configurations', () => {
  it('creates (201), retrieves, patches partially, lists and deletes (204)', () =>
    withSandbox({}, async (s) => {
      const created = await raw(s, 'POST', '/v1/webhooks/', { ...valid, events: ['order-created', 'order-created'] });
      assert.equal(created.status, 201);
      const w = created.json as Record<string, unknown>;
      assert.match(String(w.id), /^[0-9a-f]{32}$/);
      assert.deepEqual(w.events, ['order-created']);
      assert.equal(w.enabled, true);
      assert.match(String(w.created_at), /Z$/);
      const got = await raw(s, 'GET', `/v1/webhooks/${String(w.id)}/`);
      assert.deepEqual(got.json, w);
      const patched = await raw(s, 'PATCH', `/v1/webhooks/${String(w.id)}/`, { enabled: false });
      assert.equal(patched.status, 200);
      assert.deepEqual({ ...(patched.json as object), updated_at: 'x' }, { ...w, enabled: false, updated_at: 'x' });
      const list = await raw(s, 'GET', '/v1/webhooks/', undefined, {}, 'sandbox');
      assert.deepEqual((list.json as { results: unknown[] }).results.length, 1);
      assert.equal((await raw(s, 'DELETE', `/v1/webhooks/${String(w.id)}/`)).status, 204);
      assert.deepEqual(await raw(s, 'GET', `/v1/webhooks/${String(w.id)}/`).then((r) => [r.status, r.json]), [404, { detail: 'Not Found.' }]);
    }));

  it('defaults events to [] when omitted (the unconfirmed default)', () =>
    withSandbox({}, async (s) => {
      const created = await raw(s, 'POST', '/v1/webhooks/', valid);
      assert.deepEqual((created.json as { events: unknown }).events, []);
    }));

  const cases: Array<[string, unknown, string, string]> = [
    ['missing name', { ...valid, name: undefined }, 'name', 'This field is required.'],
    ['blank name', { ...valid, name: '  ' }, 'name', 'This field may not be blank.'],
    ['long name', { ...valid, name: 'n'.repeat(129) }, 'name', 'Ensure this field has no more than 128 characters.'],
    ['relative URL', { ...valid, webhook_url: '/hook' }, 'webhook_url', 'Enter a valid URL.'],
    ['ftp URL', { ...valid, webhook_url: 'ftp://example.com/x' }, 'webhook_url', 'Enter a valid URL.'],
    ['long URL', { ...valid, webhook_url: `https://example.com/${'a'.repeat(2030)}` }, 'webhook_url', 'Ensure this field has no more than 2048 characters.'],
    ['bad env', { ...valid, env_type: 'staging' }, 'env_type', '"staging" is not a valid choice. Choose one of sandbox, dev, prod.'],
    ['bad event', { ...valid, events: ['order-created', 'nope'] }, 'events', '"nope" is not a valid choice. Choose from 19 event types.'],
    ['events not a list', { ...valid, events: 'order-created' }, 'events', 'Expected a list of items.'],
    ['enabled not boolean', { ...valid, enabled: 'yes' }, 'enabled', 'Must be a valid boolean.'],
  ];
  for (const [what, body, field, message] of cases) {
    it(`400 for ${what}, naming the field`, () =>
      withSandbox({}, async (s) => {
        const r = await raw(s, 'POST', '/v1/webhooks/', body as object);
        assert.equal(r.status, 400);
        assert.deepEqual(r.json, {
          error: { code: 'incorrect_parameters', message: 'Incorrect request parameters', extra: { 'invalid-params': [{ field, message }] } },
        });
      }));
  }

  it('refuses the same URL twice for one environment, but not across environments', () =>
    withSandbox({}, async (s) => {
      assert.equal((await raw(s, 'POST', '/v1/webhooks/', valid)).status, 201);
      const dup = await raw(s, 'POST', '/v1/webhooks/', { ...valid, name: 'Other' });
      assert.equal(dup.status, 400);
      assert.deepEqual((dup.json as { error: { extra: unknown } }).error.extra, {
        'invalid-params': [{ field: 'env_type', message: 'Webhook url for sandbox already registered' }],
      });
      assert.equal((await raw(s, 'POST', '/v1/webhooks/', { ...valid, env_type: 'prod' }, {}, 'prod')).status, 201);
      // PATCHing another configuration onto the URL is refused too.
      const other = await raw(s, 'POST', '/v1/webhooks/', { ...valid, webhook_url: 'https://example.com/other' });
      const moved = await raw(s, 'PATCH', `/v1/webhooks/${(other.json as { id: string }).id}/`, { webhook_url: valid.webhook_url });
      assert.equal(moved.status, 400);
    }));

  it('answers 401 without or with wrong keys, 403 for denied keys', () =>
    withSandbox({ deny: ['prod'] }, async (s) => {
      const none = await raw(s, 'GET', '/v1/webhooks/', undefined, null);
      assert.deepEqual([none.status, none.json], [401, { error: { code: 'authentication_failed', message: 'Authentication credentials were not provided.' } }]);
      const wrong = await raw(s, 'GET', '/v1/webhooks/', undefined, { 'X-Access-Secret': 'sandbox-wrong' });
      assert.deepEqual([wrong.status, (wrong.json as { error: { code: string } }).error.code], [401, 'authentication_failed']);
      const wrongId = await raw(s, 'GET', '/v1/webhooks/', undefined, { 'X-Access-Client-Id': '0'.repeat(32) });
      assert.equal(wrongId.status, 401);
      const denied = await raw(s, 'GET', '/v1/webhooks/', undefined, {}, 'prod');
      assert.deepEqual([denied.status, (denied.json as { error: { code: string } }).error.code], [403, 'not_authenticated']);
    }));

  it('says which sandbox answers without keys (Connect offers its environments), but not where its data and keys are', () =>
    withSandbox({ profile: 'transcrypts', dataDir: tempDir('tw-info-') }, async (s) => {
      const open = await raw(s, 'GET', '/_sandbox/info/', undefined, null);
      assert.equal(open.status, 200);
      assert.deepEqual([(open.json as { profile: string }).profile, (open.json as { environments: string[] }).environments, (open.json as { data_dir: unknown }).data_dir], ['transcrypts', ['dev', 'prod'], null]);
      const keyed = await raw(s, 'GET', '/_sandbox/info/', undefined, {}, 'dev');
      assert.equal(typeof (keyed.json as { data_dir: unknown }).data_dir, 'string', 'with keys, the folder too');
      assert.equal((await raw(s, 'GET', '/v1/webhooks/', undefined, null)).status, 401, 'nothing else is public');
    }));

  it('answers 404, 405, 413 and 400 for malformed JSON', () =>
    withSandbox({}, async (s) => {
      assert.deepEqual(await raw(s, 'GET', '/v1/nothing/').then((r) => [r.status, r.json]), [404, { detail: 'Not Found.' }]);
      assert.equal((await raw(s, 'GET', '/v1/webhooks/not-an-id/')).status, 404);
      const put = await raw(s, 'PUT', `/v1/webhooks/${'a'.repeat(32)}/`, {});
      assert.equal(put.status, 405);
      assert.equal(put.headers.get('allow'), 'GET, PATCH, DELETE');
      assert.equal((await raw(s, 'DELETE', '/v1/webhooks/')).status, 405);
      const big = await raw(s, 'POST', '/v1/webhooks/', JSON.stringify({ ...valid, name: 'x'.repeat(1024 * 1024) }));
      assert.equal(big.status, 413);
      const bad = await raw(s, 'POST', '/v1/webhooks/', '{"name": ');
      assert.equal(bad.status, 400);
      assert.equal((bad.json as { error: { extra: { 'invalid-params': Array<{ field: string }> } } }).error.extra['invalid-params'][0]?.field, 'body');
      const notObject = await raw(s, 'POST', '/v1/webhooks/', '[1]');
      assert.equal(notObject.status, 400);
    }));

  it('pages the list with next until null', () =>
    withSandbox({}, async (s) => {
      for (let i = 0; i < 230; i++) await raw(s, 'POST', '/v1/webhooks/', { ...valid, webhook_url: `https://example.com/${i}` });
      const seen: string[] = [];
      let next: string | null = '/v1/webhooks/';
      let pages = 0;
      while (next) {
        const r = await raw(s, 'GET', next, undefined, {}, 'sandbox');
        const body = r.json as { next: string | null; count: number; results: Array<{ id: string }> };
        assert.equal(body.count, 230);
        seen.push(...body.results.map((w) => w.id));
        next = body.next;
        pages++;
      }
      assert.equal(pages, 3);
      assert.equal(new Set(seen).size, 230);
    }));
});
