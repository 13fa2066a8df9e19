import { strict as assert } from 'node:assert';
import { createHmac } from 'node:crypto';
import { EVENT_TYPES } from '../../src/core/events';
import { closedPort, raw, testServer, until, withSandbox } from './helpers';

/** The receiver's own HMAC check, written independently of src/core/signature.ts. */
function validSignature(body: string, header: string | undefined, secret: string): boolean {
  return header === `v1=${createHmac('sha256', secret).update(Buffer.from(body, 'utf8')).digest('hex')}`;
}

/**
 * The field sets of api.md ("Event types"), written out here independently of src/core/events.ts so that a
 * change there that leaves the documents is caught.
 */
const TASK = ['webhook_id', 'event_type', 'event_created_at', 'product', 'link_id', 'user_id', 'data_source', 'task_id', 'status', 'updated_at'];
const ORDER = ['webhook_id', 'order_id', 'order_number', 'employer_id', 'product', 'data_source', 'link_id', 'event_type', 'event_created_at', 'updated_at', 'status', 'user_id', 'template_id'];
const LINK = ['webhook_id', 'link_id', 'user_id', 'product', 'data_source', 'tracking_info', 'event_type', 'event_created_at', 'template_id'];
const OBJECT = ['webhook_id', 'task_id', 'link_id', 'product', 'data_source', 'tracking_info', 'event_type', 'event_created_at', 'object_id', 'template_id'];
const OBJECTS = ['webhook_id', 'task_id', 'link_id', 'product', 'data_source', 'tracking_info', 'event_type', 'event_created_at', 'objects_count', 'employment_id', 'user_id', 'template_id'];
const IV = ['webhook_id', 'event', 'data'];
const DOCUMENTED: Record<string, string[]> = {
  'task-status-updated': TASK,
  'order-status-updated': ORDER,
  'order-created': ORDER,
  'order-refresh-failed': ORDER,
  'link-connected': LINK,
  'link-disconnected': LINK,
  'link-deleted': LINK,
  'employment-created': OBJECT,
  'employment-updated': OBJECT,
  'profile-created': OBJECT,
  'profile-updated': OBJECT,
  'statements-created': OBJECTS,
  'statements-updated': OBJECTS,
  'shifts-created': OBJECTS,
  'shifts-updated': OBJECTS,
  'bank-accounts-created': OBJECTS,
  'bank-accounts-updated': OBJECTS,
  'instant-verification-completed': IV,
  'instant-verification-failed': IV,
};

describe('sandbox: delivery', () => {
  it('POSTs a signed, realistic payload to every enabled subscribed configuration of the environment, and records it', async () => {
    const receiver = await testServer((_req, _body, res) => res.writeHead(200).end('ok'));
    try {
      await withSandbox({}, async (s) => {
        const mk = (name: string, url: string, env: string, events: string[], enabled = true) =>
          raw(s, 'POST', '/v1/webhooks/', { name, webhook_url: url, env_type: env, events, enabled });
        await mk('a', `${receiver.url}/a`, 'sandbox', [...EVENT_TYPES]);
        await mk('b', `${receiver.url}/b`, 'sandbox', ['order-created'], false);
        await mk('c', `${receiver.url}/c`, 'sandbox', ['link-connected']);
        await mk('d', `${receiver.url}/d`, 'dev', ['order-created']);
        const r = await raw(s, 'POST', '/_sandbox/events/', { env_type: 'sandbox', event_type: 'order-created', payload: { order_number: 'ORD-1' } });
        assert.equal(r.status, 202);
        await s.deliverer.idle();
        assert.deepEqual(receiver.requests.map((q) => q.url), ['/a']);
        const got = receiver.requests[0];
        assert.ok(got);
        assert.equal(got.headers['user-agent'], 'Transcrypts-Webhook-Service/2.0');
        assert.equal(got.headers['content-type'], 'application/json');
        assert.ok(validSignature(got.body, got.headers['x-webhook-sign'] as string, s.credentials.secrets.sandbox ?? ''));
        assert.ok(!validSignature(got.body, got.headers['x-webhook-sign'] as string, s.credentials.secrets.dev ?? ''));
        const body = JSON.parse(got.body) as Record<string, unknown>;
        assert.equal(body.event_type, 'order-created');
        assert.equal(body.status, 'pending');
        assert.equal(body.order_number, 'ORD-1');
        assert.match(String(body.event_created_at), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
        assert.match(String(body.updated_at), /\.\d{6}\+00:00$/);
        const history = (await raw(s, 'GET', '/v1/webhook-requests/')).json as { results: Array<Record<string, unknown>> };
        assert.equal(history.results.length, 1);
        assert.deepEqual(history.results[0], {
          webhook_id: body.webhook_id,
          event_type: 'order-created',
          event_created_at: body.event_created_at,
          status_code: 200,
          error_message: null,
          webhook_payload: body,
          webhook_url: `${receiver.url}/a`,
        });
      });
    } finally {
      await receiver.close();
    }
  });

  it('generates the documented fields of each event family', async () => {
    const receiver = await testServer((_req, _body, res) => res.writeHead(204).end());
    try {
      await withSandbox({}, async (s) => {
        await raw(s, 'POST', '/v1/webhooks/', { name: 'all', webhook_url: receiver.url + '/', env_type: 'sandbox', events: [...EVENT_TYPES] });
        for (const type of EVENT_TYPES) await raw(s, 'POST', '/_sandbox/events/', { env_type: 'sandbox', event_type: type });
        await s.deliverer.idle();
        assert.equal(receiver.requests.length, EVENT_TYPES.length);
        assert.deepEqual(Object.keys(DOCUMENTED).sort(), [...EVENT_TYPES].sort(), 'the 19 documented event types');
        for (const q of receiver.requests) {
          const body = JSON.parse(q.body) as Record<string, unknown>;
          const type = String(body.event_type ?? body.event);
          assert.deepEqual(Object.keys(body).sort(), [...(DOCUMENTED[type] ?? [])].sort(), `${type}: exactly the documented fields`);
          if (typeof body.updated_at === 'string') {
            assert.ok(Date.parse(body.updated_at) >= Date.parse(String(body.event_created_at)), `${type}: updated_at ${body.updated_at} before event_created_at`);
            assert.match(body.updated_at, /\+00:00$/);
          }
          if (type === 'order-created') {
            assert.equal(body.status, 'pending');
            assert.deepEqual([body.link_id, body.data_source, body.employer_id], [null, null, null]);
          }
          if (type.startsWith('instant-verification-')) {
            const data = body.data as Record<string, unknown>;
            assert.deepEqual(Object.keys(data).sort(), ['status', 'timestamp', 'verification_id']);
            assert.match(String(data.verification_id), /^iv_/);
            assert.ok(['completed', 'partial', 'failed'].includes(String(data.status)));
          }
        }
        // The history row names the event of either shape, and when it happened (instant verification: data.timestamp).
        const rows = s.store.requestsOf('sandbox');
        for (const r of rows) assert.ok(!Number.isNaN(Date.parse(r.event_created_at)), `${r.event_type}: event_created_at ${r.event_created_at}`);
        assert.deepEqual(new Set(rows.map((r) => r.event_type)), new Set(EVENT_TYPES));
      });
    } finally {
      await receiver.close();
    }
  });

  it('retries a failure three times at a fixed interval (4 attempts, as documented) and records every attempt with the same delivery id', async () => {
    let calls = 0;
    const receiver = await testServer((_req, _body, res) => {
      calls++;
      if (calls < 3) res.writeHead(500).end('boom');
      else res.writeHead(200).end();
    });
    const dead = await closedPort();
    try {
      await withSandbox({ delivery: { retryIntervalMs: 60 } }, async (s) => {
        await raw(s, 'POST', '/v1/webhooks/', { name: 'flaky', webhook_url: receiver.url, env_type: 'sandbox', events: ['link-deleted'] });
        await raw(s, 'POST', '/v1/webhooks/', { name: 'dead', webhook_url: `http://127.0.0.1:${dead}/`, env_type: 'sandbox', events: ['link-deleted'] });
        await raw(s, 'POST', '/_sandbox/events/', { env_type: 'sandbox', event_type: 'link-deleted' });
        await s.deliverer.idle();
        const rows = s.store.requestsOf('sandbox');
        const flaky = rows.filter((r) => r.webhook_url.startsWith(receiver.url));
        assert.deepEqual(flaky.map((r) => r.status_code), [500, 500, 200]);
        assert.equal(flaky[0]?.error_message, 'The receiver answered HTTP 500: boom');
        assert.equal(new Set(flaky.map((r) => r.webhook_id)).size, 1);
        const deadRows = rows.filter((r) => r.webhook_url.includes(`:${dead}/`));
        assert.equal(deadRows.length, 4, 'the first attempt and three retries, then no more');
        // A fixed interval, not a growing one: each gap is the interval (plus the attempt's own time).
        const gaps = deadRows.slice(1).map((r, i) => Date.parse(r.created_at) - Date.parse(deadRows[i]?.created_at ?? ''));
        assert.ok(gaps.every((g) => g >= 55 && g < 400), `gaps ${gaps.join(', ')} ms`);
        assert.ok(deadRows.every((r) => r.status_code === null && r.error_message === 'Connection refused'));
        // The same delivery id everywhere, and the payload identical across attempts (receivers must expect duplicates).
        assert.equal(new Set(deadRows.map((r) => JSON.stringify(r.webhook_payload))).size, 1);
      });
    } finally {
      await receiver.close();
    }
  });

  it('stops the attempts in flight when it closes: no row, no wait for their timeout', async () => {
    const held = await testServer(() => undefined /* never answers */);
    try {
      await withSandbox({ delivery: { timeoutMs: 600_000 } }, async (s) => {
        await raw(s, 'POST', '/v1/webhooks/', { name: 'held', webhook_url: held.url, env_type: 'sandbox', events: ['profile-created'] });
        await raw(s, 'POST', '/_sandbox/events/', { env_type: 'sandbox', event_type: 'profile-created' });
        await until(() => held.requests.length === 1, 5000, 'the attempt reached the receiver');
        s.deliverer.close();
        // Without the abort, this waits for the attempt's 10-minute timeout (the test's own ends first).
        await s.deliverer.idle();
        assert.deepEqual(s.store.requests.filter((r) => r.webhook_url === held.url), []);
      });
    } finally {
      await held.close();
    }
  });

  it('follows redirects and records a timeout with a null status', async () => {
    const target = await testServer((_req, _body, res) => res.writeHead(200).end());
    const redirect = await testServer((_req, _body, res) => res.writeHead(307, { Location: `${target.url}/final` }).end());
    const slow = await testServer(() => undefined /* never answers */);
    try {
      await withSandbox({ delivery: { retryIntervalMs: 5, timeoutMs: 150, attempts: 2 } }, async (s) => {
        await raw(s, 'POST', '/v1/webhooks/', { name: 'r', webhook_url: redirect.url, env_type: 'sandbox', events: ['profile-created'] });
        await raw(s, 'POST', '/v1/webhooks/', { name: 's', webhook_url: slow.url, env_type: 'sandbox', events: ['profile-created'] });
        await raw(s, 'POST', '/_sandbox/events/', { env_type: 'sandbox', event_type: 'profile-created' });
        await until(() => s.store.requests.length === 3, 5000, 'three attempts');
        assert.equal(target.requests[0]?.url, '/final');
        assert.ok(target.requests[0]?.headers['x-webhook-sign']);
        const slowRows = s.store.requests.filter((r) => r.webhook_url === slow.url);
        assert.deepEqual(slowRows.map((r) => [r.status_code, r.error_message]), [
          [null, 'No answer within 0.15 s (timeout)'],
          [null, 'No answer within 0.15 s (timeout)'],
        ]);
      });
    } finally {
      await Promise.all([target.close(), redirect.close(), slow.close()]);
    }
  });

  it('refuses an unknown event or environment for triggering', () =>
    withSandbox({}, async (s) => {
      const r = await raw(s, 'POST', '/_sandbox/events/', { env_type: 'qa', event_type: 'nope', payload: [] });
      assert.equal(r.status, 400);
      const fields = (r.json as { error: { extra: { 'invalid-params': Array<{ field: string }> } } }).error.extra['invalid-params'].map((f) => f.field);
      assert.deepEqual(fields, ['env_type', 'event_type', 'payload']);
    }));
});
