import { strict as assert } from 'node:assert';
import { EVENT_TYPES } from '../../src/core/events';
import { raw, withSandbox } from './helpers';

type Page = { next: string | null; previous: string | null; results: Array<Record<string, unknown>> };
const ROW_KEYS = ['error_message', 'event_created_at', 'event_type', 'status_code', 'webhook_id', 'webhook_payload', 'webhook_url'];

async function all(s: Parameters<typeof raw>[0], first: string, env: 'sandbox' | 'dev' | 'prod' = 'sandbox') {
  const rows: Array<Record<string, unknown>> = [];
  let next: string | null = first;
  while (next) {
    const r = await raw(s, 'GET', next, undefined, {}, env);
    assert.equal(r.status, 200, JSON.stringify(r.json));
    const page = r.json as Page;
    rows.push(...page.results);
    next = page.next;
  }
  return rows;
}

describe('sandbox: request history', () => {
  it('answers a page as JSON.stringify of its body would, rows made once and served again byte for byte', () =>
    withSandbox({ seed: true }, async (s) => {
      const url = new URL('/v1/webhook-requests/?page_size=50', s.origin);
      const get = async (u: URL | string) =>
        (await fetch(u, { headers: { 'X-Access-Client-Id': s.credentials.clientId, 'X-Access-Secret': s.credentials.secrets['sandbox'] ?? '' } })).text();
      const first = await get(url);
      const page = JSON.parse(first) as Page;
      assert.equal(first, JSON.stringify(page));
      assert.equal(page.results.length, 50);
      assert.equal(await get(url), first);
      const second = await get(page.next ?? '');
      assert.equal(second, JSON.stringify(JSON.parse(second)));
    }));

  it('seeds at least 2,000 rows over all event types with 4xx, 5xx and no-answer failures', () =>
    withSandbox({ seed: true }, async (s) => {
      const rows = s.store.requests;
      assert.ok(rows.length >= 2000, `${rows.length} rows`);
      assert.deepEqual(new Set(rows.map((r) => r.event_type)).size, EVENT_TYPES.length);
      assert.ok(rows.some((r) => r.status_code !== null && r.status_code >= 400 && r.status_code < 500));
      assert.ok(rows.some((r) => r.status_code !== null && r.status_code >= 500));
      assert.ok(rows.some((r) => r.status_code === null && r.error_message));
      assert.deepEqual(new Set(rows.map((r) => r.env_type)), new Set(['sandbox', 'dev', 'prod']));
      const configs = [...s.store.webhooks.values()];
      assert.deepEqual(new Set(configs.map((w) => w.env_type)), new Set(['sandbox', 'dev', 'prod']));
      // Failures that make sense for the URL: a loopback receiver has no host name to resolve; others may.
      const dns = (r: (typeof rows)[number]) => /could not be resolved/.test(r.error_message ?? '');
      const loopback = rows.filter((r) => /^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(r.webhook_url));
      assert.ok(loopback.some((r) => r.error_message === 'Connection refused'), 'a local receiver that is not running');
      assert.deepEqual(loopback.filter(dns).map((r) => r.webhook_url), []);
      assert.ok(rows.some(dns), 'a public host name can fail to resolve');
    }));

  it('answers newest first in pages of 50 with exactly the documented row fields, per environment', () =>
    withSandbox({ seed: true }, async (s) => {
      const first = (await raw(s, 'GET', '/v1/webhook-requests/')).json as Page;
      assert.equal(first.results.length, 50);
      assert.equal(first.previous, null);
      assert.deepEqual(Object.keys(first.results[0] ?? {}).sort(), ROW_KEYS);
      const rows = await all(s, '/v1/webhook-requests/?page_size=500');
      const expected = s.store.requestsOf('sandbox').reverse();
      assert.equal(rows.length, expected.length);
      assert.deepEqual(rows.map((r) => r.webhook_id), expected.map((r) => r.webhook_id));
      const prodRows = await all(s, '/v1/webhook-requests/?page_size=500', 'prod');
      assert.equal(prodRows.length, s.store.requestsOf('prod').length);
    }));

  it('clamps page_size to 500 and refuses a non-positive one', () =>
    withSandbox({ seed: true }, async (s) => {
      const big = (await raw(s, 'GET', '/v1/webhook-requests/?page_size=100000', undefined, {}, 'prod')).json as Page;
      assert.equal(big.results.length, 500);
      assert.equal((await raw(s, 'GET', '/v1/webhook-requests/?page_size=0')).status, 400);
      assert.equal((await raw(s, 'GET', '/v1/webhook-requests/?page_size=abc')).status, 400);
    }));

  it('filters by event_type, status_code and date range', () =>
    withSandbox({ seed: true }, async (s) => {
      const mine = s.store.requestsOf('sandbox');
      const byType = await all(s, '/v1/webhook-requests/?event_type=order-created&page_size=500');
      assert.equal(byType.length, mine.filter((r) => r.event_type === 'order-created').length);
      assert.ok(byType.length > 0 && byType.every((r) => r.event_type === 'order-created'));
      const by500 = await all(s, '/v1/webhook-requests/?status_code=500&page_size=500');
      assert.equal(by500.length, mine.filter((r) => r.status_code === 500).length);
      const gte = new Date(Date.now() - 3 * 86_400_000).toISOString();
      const lte = new Date(Date.now() - 1 * 86_400_000).toISOString();
      const ranged = await all(s, `/v1/webhook-requests/?created_at__gte=${gte}&created_at__lte=${lte}&page_size=500`);
      assert.equal(ranged.length, mine.filter((r) => r.created_at >= gte && r.created_at <= lte).length);
      assert.ok(ranged.length > 0);
    }));

  const bad: Array<[string, string]> = [
    ['older than 30 days', `created_at__gte=${new Date(Date.now() - 31 * 86_400_000).toISOString()}`],
    ['gte after lte', `created_at__gte=${new Date().toISOString()}&created_at__lte=${new Date(Date.now() - 86_400_000).toISOString()}`],
    ['not a date', 'created_at__lte=yesterday'],
    ['status out of range', 'status_code=99'],
    ['status not a number', 'status_code=5xx'],
    ['invalid cursor', 'cursor=bm9wZQ'],
  ];
  it('filters by an event type it does not know without refusing it (newer platforms add types)', () =>
    withSandbox({ seed: true }, async (s) => {
      const r = await raw(s, 'GET', '/v1/webhook-requests/?event_type=order-deleted', undefined, {}, 'prod');
      assert.equal(r.status, 200);
      assert.deepEqual((r.json as { results: unknown[] }).results, []);
    }));

  for (const [what, q] of bad) {
    it(`400 for ${what}`, () =>
      withSandbox({}, async (s) => {
        const r = await raw(s, 'GET', `/v1/webhook-requests/?${q}`);
        assert.equal(r.status, 400);
        assert.equal((r.json as { error: { code: string } }).error.code, 'incorrect_parameters');
      }));
  }

  it('keeps cursor paging correct while new rows arrive, and previous leads back', () =>
    withSandbox({ seed: true }, async (s) => {
      const p1 = (await raw(s, 'GET', '/v1/webhook-requests/?page_size=20')).json as Page;
      // New deliveries land at the top between page requests.
      const before = s.store.requests.length;
      s.store.addRequests(
        Array.from({ length: 5 }, (_, i) => ({
          seq: s.store.nextSeq(),
          created_at: new Date(Date.now() + i).toISOString(),
          env_type: 'sandbox' as const,
          webhook_id: `new${i}`,
          event_type: 'order-created',
          event_created_at: new Date().toISOString(),
          status_code: 200,
          error_message: null,
          webhook_payload: {},
          webhook_url: 'http://127.0.0.1:1/',
        })),
      );
      assert.equal(s.store.requests.length, before + 5);
      const p2 = (await raw(s, 'GET', p1.next ?? '')).json as Page;
      const ids1 = p1.results.map((r) => `${String(r.webhook_id)}${String(r.event_created_at)}`);
      const ids2 = p2.results.map((r) => `${String(r.webhook_id)}${String(r.event_created_at)}`);
      assert.equal(ids2.length, 20);
      assert.ok(ids2.every((id) => !ids1.includes(id)), 'page 2 repeats no row of page 1');
      const expected = s.store.requestsOf('sandbox').reverse().filter((r) => !r.webhook_id.startsWith('new'));
      assert.deepEqual(p2.results.map((r) => r.webhook_id), expected.slice(20, 40).map((r) => r.webhook_id));
      // previous from page 2 gives page 1 again.
      const back = (await raw(s, 'GET', p2.previous ?? '')).json as Page;
      assert.deepEqual(back.results.map((r) => r.webhook_id), p1.results.map((r) => r.webhook_id));
      assert.ok(back.previous, 'the new rows are still above');
      const top = (await raw(s, 'GET', back.previous ?? '')).json as Page;
      assert.deepEqual(top.results.map((r) => r.webhook_id), ['new4', 'new3', 'new2', 'new1', 'new0']);
      assert.equal(top.previous, null);
    }));
});
