import { strict as assert } from 'node:assert';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { TranscryptsClient } from '../../src/core/api/client';
import { countSince, forwardTargetProblem, isListenPosition, Listener, type ListenEvents, type ListenOptions } from '../../src/core/listen';
import { Emitter } from '../../src/core/listen/emitter';
import { SeenSet } from '../../src/core/listen/position';
import type { Sandbox } from '../../src/sandbox';
import type { SignatureFormat } from '../../src/core/signature';
import { clientFor, closedPort, testServer, until, withSandbox, type TestServer } from './helpers';

/** The receiver's own check, with node:crypto alone: HMAC-SHA256 of the raw body, in the form asked for. */
function signedBy(raw: string, header: string | undefined, secret: string, format: SignatureFormat): boolean {
  const hex = createHmac('sha256', secret).update(raw).digest('hex');
  const want = Buffer.from(format === 'v1' ? `v1=${hex}` : hex);
  const got = Buffer.from(header ?? '');
  return want.length === got.length && timingSafeEqual(want, got);
}

/** A receiver on 127.0.0.1 that checks every signature and answers what `answer` says (200 by default). */
async function receiver(secret: string, format: SignatureFormat, answer: (n: number) => number = () => 200, port = 0): Promise<TestServer & { bad: () => number }> {
  let bad = 0;
  let n = 0;
  const server = await testServer((req, body, res) => {
    if (!signedBy(body, req.headers['x-webhook-sign'] as string | undefined, secret, format)) bad++;
    const status = answer(++n);
    res.writeHead(status).end(status >= 300 ? `refused (${secret})\nsecond line` : 'ok');
  }, port);
  return Object.assign(server, { bad: () => bad });
}

/** Every event a listener emits, kept as JSON (to check that no secret is in any of them). */
function record(l: Listener) {
  const all: string[] = [];
  const of = <K extends keyof ListenEvents>(k: K) => {
    const list: Array<ListenEvents[K]> = [];
    l.on(k, (e) => {
      list.push(e);
      all.push(JSON.stringify({ k, e }));
    });
    return list;
  };
  return { forwarded: of('forwarded'), polls: of('poll'), errors: of('poll-error'), states: of('state'), all };
}

const ids = (r: TestServer) => r.requests.map((q) => String(q.headers['x-transcrypts-forwarded']));
const secretOf = (s: Sandbox) => s.credentials.secrets.sandbox ?? '';

/** A configuration whose own deliveries go nowhere (a closed port: every delivery is 4 failed attempts, 4 rows). */
async function config(c: TranscryptsClient, events: string[], tag = 'a'): Promise<string> {
  const url = `http://127.0.0.1:${await closedPort()}/${tag}`;
  await c.createWebhook({ name: tag, webhook_url: url, env_type: 'sandbox', events });
  return url;
}

async function trigger(s: Sandbox, c: TranscryptsClient, types: string[], n: number, payload: (i: number) => Record<string, unknown> = () => ({})): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await c.triggerSandboxEvent('sandbox', types[i % types.length] ?? '', payload(i));
    out.push(...r.deliveries.map((d) => d.webhook_id));
  }
  await s.deliverer.idle();
  return out;
}

function listener(s: Sandbox, c: TranscryptsClient, o: Partial<ListenOptions> & { forwardTo: string }): Listener {
  return new Listener({ client: c, secret: secretOf(s), signatureFormat: 'v1', since: new Date(Date.now() - 60_000), intervalMs: 20, ...o });
}

function noSecret(s: Sandbox, all: string[]): void {
  assert.ok(all.length > 0);
  for (const e of all) assert.ok(!e.includes(secretOf(s)), `secret in ${e}`);
}

const TYPES = ['task-status-updated', 'order-status-updated', 'link-connected', 'profile-created'];
const WITH_UPDATED_AT = new Set(['task-status-updated', 'order-status-updated']);

describe('listen: forward new deliveries to a local receiver', () => {
  for (const format of ['v1', 'hex'] as const) {
    it(`forwards 200 deliveries of mixed types exactly once, in updated_at/event_created_at order, signed (${format})`, () =>
      withSandbox({}, async (s) => {
        const c = clientFor(s, 'sandbox', { maxRetries: 0 });
        await config(c, TYPES);
        // Times in a shuffled order (a permutation of whole seconds): arrival order is not the expected order.
        const base = Date.now() - 3_600_000;
        const perm = Array.from({ length: 200 }, (_, i) => (i * 73) % 200);
        const at = (i: number) => new Date(base + (perm[i] ?? 0) * 1000).toISOString();
        const since = new Date(Date.now() - 1000);
        const delivered = await trigger(s, c, TYPES, 200, (i) =>
          WITH_UPDATED_AT.has(TYPES[i % TYPES.length] ?? '')
            ? { updated_at: at(i).replace('Z', '+00:00'), event_created_at: new Date(Date.parse(at(i)) - 999_000).toISOString() }
            : { event_created_at: at(i) },
        );
        assert.equal(delivered.length, 200);
        const r = await receiver(secretOf(s), format);
        const l = listener(s, c, { forwardTo: `${r.url}/webhooks`, signatureFormat: format, since });
        const ev = record(l);
        try {
          l.start();
          await until(() => r.requests.length >= 200, 10_000, '200 forwards');
          await until(() => ev.polls.length >= 3, 5000, 'more polls');
        } finally {
          await l.stop();
          await r.close();
        }
        assert.equal(r.requests.length, 200, 'each delivery once');
        assert.deepEqual(new Set(ids(r)), new Set(delivered));
        assert.equal(r.bad(), 0, 'every signature checks out');
        const times = r.requests.map((q) => {
          const p = JSON.parse(q.body) as { updated_at?: string; event_created_at: string };
          return Date.parse(p.updated_at ?? p.event_created_at);
        });
        assert.deepEqual(times, [...times].sort((a, b) => a - b));
        assert.ok(r.requests.every((q) => q.url === '/webhooks' && q.headers['user-agent'] === 'Transcrypts-Webhook-Service/2.0'));
        assert.equal(ev.forwarded.length, 200);
        assert.ok(ev.forwarded.every((f) => f.ok && f.status === 200 && f.attempt === 1));
        assert.deepEqual(l.stats, { forwarded: 200, failed: 0, pendingRetries: 0, attempts: 200 });
        noSecret(s, ev.all);
      }));
  }

  it('a receiver down (refused, then 503) and then up loses nothing: retries on a timer, 4 attempts at most', () =>
    withSandbox({}, async (s) => {
      const c = clientFor(s, 'sandbox', { maxRetries: 0 });
      await config(c, TYPES);
      const delivered = await trigger(s, c, TYPES, 6);
      // The receiver's port is closed for the first attempts; then it answers 503 three times, then 200.
      const port = await closedPort();
      // Retries 400 ms apart: the receiver comes up well before the second attempts, even on a busy machine (at 60 ms
      // apart, a loaded run saw second attempts, or all four spent, before it was up).
      const l = listener(s, c, { forwardTo: `http://127.0.0.1:${port}/hook`, retry: true, retryDelayMs: 400 });
      const ev = record(l);
      let r: (TestServer & { bad: () => number }) | undefined;
      try {
        l.start();
        const firsts = () => ev.forwarded.filter((f) => f.attempt === 1);
        await until(() => firsts().length >= 6, 5000, 'first attempts');
        assert.ok(firsts().every((f) => !f.ok && f.attempts === 4 && f.retryInMs === 400 && /refused/.test(f.error ?? '')), JSON.stringify(firsts()[0]));
        assert.equal(l.stats.pendingRetries, 6);
        r = await receiverOn(port, secretOf(s), (n) => (n <= 3 ? 503 : 200));
        await until(() => l.stats.forwarded === 6, 5000, 'all forwarded');
      } finally {
        await l.stop();
        await r?.close();
      }
      assert.deepEqual(new Set(r ? ids(r) : []), new Set(delivered));
      const okIds = ev.forwarded.filter((f) => f.ok).map((f) => f.deliveryId);
      assert.deepEqual(okIds.sort(), [...delivered].sort(), 'each delivery accepted once');
      const failed503 = ev.forwarded.filter((f) => f.status === 503);
      assert.equal(failed503.length, 3);
      assert.ok(failed503.every((f) => f.error === 'HTTP 503: refused ([redacted])'), JSON.stringify(failed503[0]));
      assert.ok(ev.forwarded.every((f) => f.attempt <= 4));
      assert.deepEqual(l.stats, { forwarded: 6, failed: 0, pendingRetries: 0, attempts: ev.forwarded.length });
      noSecret(s, ev.all);
    }));

  it('gives up after 4 attempts with retry on, and after 1 with retry off', () =>
    withSandbox({}, async (s) => {
      const c = clientFor(s, 'sandbox', { maxRetries: 0 });
      await config(c, TYPES);
      const [id] = await trigger(s, c, TYPES, 1);
      for (const retry of [true, false]) {
        const r = await receiver(secretOf(s), 'v1', () => 500);
        const l = listener(s, c, { forwardTo: r.url, retry, retryDelayMs: 30 });
        const ev = record(l);
        try {
          l.start();
          await until(() => l.stats.failed === 1, 5000, 'given up');
          // Several more intervals and retry delays: no further attempt.
          await new Promise((d) => setTimeout(d, 200));
        } finally {
          await l.stop();
          await r.close();
        }
        const want = retry ? 4 : 1;
        assert.deepEqual(ids(r), Array(want).fill(id));
        assert.deepEqual(ev.forwarded.map((f) => f.attempt), Array.from({ length: want }, (_, i) => i + 1));
        assert.equal(ev.forwarded.at(-1)?.retryInMs, undefined);
        assert.deepEqual(l.stats, { forwarded: 0, failed: 1, pendingRetries: 0, attempts: want });
        noSecret(s, ev.all);
      }
    }));

  it('backs off on history 429 (Retry-After), 5xx and malformed answers, then recovers with nothing lost', () =>
    withSandbox({}, async (s) => {
      const reads: number[] = [];
      const c = clientFor(s, 'sandbox', { maxRetries: 0, onAttempt: (a) => a.path.startsWith('/v1/webhook-requests/') && reads.push(Date.now()) });
      await config(c, TYPES);
      const first = await trigger(s, c, TYPES, 3);
      const path = '/v1/webhook-requests/';
      s.faults.set({ rules: [{ kind: '429', count: 2, retry_after: '0.3', path }, { kind: '5xx', count: 2, status: 503, path }, { kind: 'malformed', count: 1, path }] });
      const r = await receiver(secretOf(s), 'v1');
      const l = listener(s, c, { forwardTo: r.url, maxBackoffMs: 250 });
      const ev = record(l);
      let later: string[] = [];
      try {
        l.start();
        await until(() => ev.errors.length >= 2, 5000, 'the 429s');
        later = await trigger(s, c, TYPES, 3);
        await until(() => r.requests.length >= 6, 8000, 'all forwarded');
      } finally {
        await l.stop();
        await r.close();
      }
      assert.deepEqual(
        ev.errors.map((e) => [e.kind, e.retryInMs, e.fatal]),
        [
          ['rate_limited', 300, false],
          ['rate_limited', 300, false],
          ['server', 160, false],
          ['server', 250, false],
          ['bad_response', 250, false],
        ],
      );
      // The reads were spaced at least by the waits announced (a little timer slack allowed).
      const gaps = reads.slice(1, 6).map((t, i) => t - (reads[i] ?? 0));
      [300, 300, 160, 250, 250].forEach((w, i) => assert.ok((gaps[i] ?? 0) >= w - 15, `gap ${i}: ${gaps[i]} < ${w}`));
      assert.ok(ev.states.some((st) => st.state === 'backing-off') && ev.states.at(-1)?.state === 'stopped');
      assert.deepEqual(new Set(ids(r)), new Set([...first, ...later]));
      assert.equal(r.requests.length, 6);
      noSecret(s, ev.all);
    }));

  it('stops for good when the keys are refused (a fatal poll error)', () =>
    withSandbox({}, async (s) => {
      const c = clientFor(s, 'sandbox', { maxRetries: 0, secret: 'sandbox-wrong-secret-000000' });
      const r = await receiver(secretOf(s), 'v1');
      const l = listener(s, c, { forwardTo: r.url });
      const ev = record(l);
      try {
        l.start();
        await until(() => l.state === 'failed', 5000, 'failed');
      } finally {
        await l.stop();
        await r.close();
      }
      assert.equal(ev.errors.length, 1);
      assert.ok(ev.errors[0]?.fatal && ev.errors[0].kind === 'auth' && ev.errors[0].retryInMs === undefined);
      assert.equal(ev.polls.length, 0);
      noSecret(s, ev.all);
    }));

  it('pages of 5 while deliveries arrive between pages: none skipped, none doubled', () =>
    withSandbox({}, async (s) => {
      let during = 0;
      const extra: string[] = [];
      const c = clientFor(s, 'sandbox', {
        maxRetries: 0,
        onAttempt: (a) => {
          if (!a.path.startsWith('/v1/webhook-requests/') || a.status !== 200 || during >= 12) return;
          during++;
          // One row lands at once (between this page and the next), and one triggered delivery lands a moment later.
          extra.push(insertRow(s, `between-${during}`));
          extra.push(...s.deliverer.trigger('sandbox', TYPES[during % TYPES.length] ?? '', {}).deliveries.map((d) => d.webhook_id));
        },
      });
      await config(c, TYPES);
      const before = await trigger(s, c, TYPES, 23);
      const r = await receiver(secretOf(s), 'v1');
      const l = listener(s, c, { forwardTo: r.url, pageSize: 5 });
      const ev = record(l);
      try {
        l.start();
        await until(() => during >= 12 && r.requests.length >= before.length + extra.length, 10_000, 'every delivery');
        const polls = ev.polls.length;
        await until(() => ev.polls.length >= polls + 3, 5000, 'three more reads');
      } finally {
        await l.stop();
        await r.close();
      }
      assert.ok(ev.polls.some((p) => p.pages > 10), 'reads span many pages');
      const got = ids(r);
      assert.equal(got.length, new Set(got).size, 'nothing doubled');
      assert.deepEqual(new Set(got), new Set([...before, ...extra]), 'nothing skipped');
      noSecret(s, ev.all);
    }));

  it('stopped mid-batch, a listener resumed from position() forwards exactly the remainder; countSince counts it', () =>
    withSandbox({}, async (s) => {
      const c = clientFor(s, 'sandbox', { maxRetries: 0 });
      await config(c, TYPES);
      const since = new Date(Date.now() - 1000);
      const delivered = await trigger(s, c, TYPES, 30);
      assert.equal(await countSince(c, since), 30);
      const r = await receiver(secretOf(s), 'v1');
      const first = listener(s, c, { forwardTo: r.url, since });
      const ev1 = record(first);
      let stopped: Promise<void> | undefined;
      first.on('forwarded', () => {
        if (ev1.forwarded.length === 12) stopped = first.stop();
      });
      first.start();
      await until(() => stopped, 5000, 'stop');
      await stopped;
      const position: unknown = JSON.parse(JSON.stringify(first.position()));
      assert.ok(isListenPosition(position));
      assert.equal(r.requests.length, 12);
      assert.equal(await countSince(c, position), 18);
      const done = new Set(ids(r));
      const links = delivered.filter((id, i) => !done.has(id) && TYPES[i % TYPES.length] === 'link-connected').length;
      assert.ok(links > 0);
      assert.equal(await countSince(c, position, { events: new Set(['link-connected']) }), links);
      const second = listener(s, c, { forwardTo: r.url, since: position });
      const ev2 = record(second);
      try {
        second.start();
        await until(() => r.requests.length >= 30, 5000, 'the remainder');
        await until(() => ev2.polls.length >= 3, 5000, 'more reads');
      } finally {
        await second.stop();
        await r.close();
      }
      assert.equal(r.requests.length, 30);
      assert.deepEqual(ids(r).sort(), [...delivered].sort());
      assert.equal(await countSince(c, second.position()), 0);
      noSecret(s, [...ev1.all, ...ev2.all]);
    }));

  it('stopped with retries pending and a forward in flight, a resumed listener sends those again', () =>
    withSandbox({}, async (s) => {
      const c = clientFor(s, 'sandbox', { maxRetries: 0 });
      await config(c, TYPES);
      const since = new Date(Date.now() - 600_000);
      const delivered = await trigger(s, c, TYPES, 3);
      // 503 for the first two deliveries, then no answer at all (the third forward hangs until stop).
      const down = await testServer((_req, _body, res) => {
        if (down.requests.length <= 2) res.writeHead(503).end();
      });
      const first = listener(s, c, { forwardTo: down.url, since, retry: true, retryDelayMs: 60_000 });
      try {
        first.start();
        await until(() => down.requests.length >= 3, 5000, 'the hanging forward');
        assert.equal(first.stats.pendingRetries, 2);
      } finally {
        await first.stop();
        await down.close();
      }
      const position = first.position();
      assert.equal(position.watermark, since.toISOString(), 'not past the deliveries still owed');
      assert.equal(await countSince(c, position), 3);
      const r = await receiver(secretOf(s), 'v1');
      const second = listener(s, c, { forwardTo: r.url, since: position });
      try {
        second.start();
        await until(() => r.requests.length >= 3, 5000, 'the three again');
      } finally {
        await second.stop();
        await r.close();
      }
      assert.deepEqual(ids(r).sort(), [...delivered].sort());
    }));

  it('forwards only the chosen event types and the chosen configuration', () =>
    withSandbox({}, async (s) => {
      const c = clientFor(s, 'sandbox', { maxRetries: 0 });
      const a = await config(c, ['order-status-updated', 'link-connected', 'instant-verification-completed'], 'a');
      await config(c, ['order-status-updated', 'link-connected', 'instant-verification-completed'], 'b');
      const since = new Date(Date.now() - 1000);
      const types = ['order-status-updated', 'link-connected', 'instant-verification-completed'];
      const results = [];
      for (let i = 0; i < 9; i++) results.push(await c.triggerSandboxEvent('sandbox', types[i % 3] ?? ''));
      await s.deliverer.idle();
      const want = results
        .filter((t) => t.event_type !== 'link-connected')
        .flatMap((t) => t.deliveries.filter((d) => d.webhook_url === a).map((d) => d.webhook_id));
      const events = new Set(['order-status-updated', 'instant-verification-completed']);
      assert.equal(want.length, 6);
      assert.equal(await countSince(c, since, { events, webhookUrl: a }), 6);
      assert.equal(await countSince(c, since, { webhookUrl: a }), 9);
      assert.equal(await countSince(c, since), 18);
      const r = await receiver(secretOf(s), 'hex');
      const l = listener(s, c, { forwardTo: r.url, since, events, webhookUrl: a, signatureFormat: 'hex' });
      const ev = record(l);
      try {
        l.start();
        await until(() => r.requests.length >= 6 && ev.polls.length >= 3, 5000, 'forwards');
      } finally {
        await l.stop();
        await r.close();
      }
      assert.deepEqual(ids(r).sort(), want.sort());
      assert.ok(ev.forwarded.every((f) => f.webhookUrl === a && events.has(f.eventType)));
      assert.equal(r.bad(), 0);
      noSecret(s, ev.all);
    }));

  it('a row committed late (older than rows already read, within the margin) is still forwarded', () =>
    withSandbox({}, async (s) => {
      const c = clientFor(s, 'sandbox', { maxRetries: 0 });
      await config(c, TYPES);
      const since = new Date(Date.now() - 600_000);
      const delivered = await trigger(s, c, TYPES, 2);
      const r = await receiver(secretOf(s), 'v1');
      const l = listener(s, c, { forwardTo: r.url, since, marginMs: 30_000 });
      const ev = record(l);
      let watermark = '';
      try {
        l.start();
        await until(() => r.requests.length >= 2 && ev.polls.length >= 2, 5000, 'first forwards');
        watermark = l.position().watermark;
        // The watermark moved up from the start, to a margin behind the newest row.
        assert.ok(Date.parse(watermark) > Date.now() - 40_000 && Date.parse(watermark) <= Date.now() - 30_000, watermark);
        // Created 20 s ago, visible only now: behind the newest rows, ahead of the watermark.
        insertRow(s, 'late-row', new Date(Date.now() - 20_000));
        await until(() => r.requests.length >= 3, 5000, 'the late row');
        const polls = ev.polls.length;
        await until(() => ev.polls.length >= polls + 2, 5000, 'more reads');
      } finally {
        await l.stop();
        await r.close();
      }
      assert.equal(ids(r)[2], 'late-row');
      assert.deepEqual(new Set(ids(r)), new Set([...delivered, 'late-row']));
      assert.equal(r.requests.length, 3);
    }));

  it('keeps its memory of handled ids bounded, and one throwing handler stops nothing', () => {
    const seen = new SeenSet(1000, 3);
    for (const [id, at] of [['a', 0], ['b', 10], ['c', 20], ['d', 30]] as const) seen.touch(id, at);
    seen.prune(30);
    assert.deepEqual(seen.ids(), ['b', 'c', 'd'], 'the oldest beyond the size');
    seen.touch('b', 2000);
    seen.prune(2000);
    assert.deepEqual(seen.ids(), ['b'], 'not named by a row for keepMs');
    const emitter = new Emitter<{ x: number }>();
    const got: number[] = [];
    emitter.on('x', () => {
      throw new Error('handler bug');
    });
    const sub = emitter.on('x', (n) => got.push(n));
    emitter.emit('x', 1);
    sub.dispose();
    emitter.emit('x', 2);
    assert.deepEqual(got, [1]);
  });

  it("carries the receiver's answer (the secret removed) and does not follow a redirect off this machine", () =>
    withSandbox({}, async (s) => {
      const c = clientFor(s, 'sandbox', { maxRetries: 0 });
      await config(c, TYPES);
      const since = new Date(Date.now() - 1000);
      await trigger(s, c, TYPES, 2);
      const elsewhere = await testServer((_req, _body, res) => res.writeHead(200).end('should never be reached'));
      let n = 0;
      const r = await testServer((_req, _body, res) => {
        if (++n === 1) res.writeHead(201, { 'X-Echo': secretOf(s) }).end(`accepted ${secretOf(s)}`);
        else res.writeHead(302, { Location: `${elsewhere.url}/stolen` }).end();
      });
      const l = listener(s, c, { forwardTo: `${r.url}/hook`, since });
      const ev = record(l);
      try {
        l.start();
        await until(() => ev.forwarded.length >= 2, 5000, '2 forwards');
      } finally {
        await l.stop();
        await r.close();
        await elsewhere.close();
      }
      const [first, second] = ev.forwarded;
      assert.equal(first?.status, 201);
      assert.equal(first?.answer?.body, 'accepted [redacted]');
      assert.equal(first?.answer?.headers['x-echo'], '[redacted]');
      assert.equal(second?.ok, false);
      assert.equal(second?.status, 302);
      assert.match(second?.error ?? '', /^HTTP 302/);
      assert.equal(elsewhere.requests.length, 0, 'the redirect was not followed');
      noSecret(s, ev.all);
    }));

  it('does not forward the retries of a delivery made before it started (the first attempt was before)', () =>
    withSandbox({}, async (s) => {
      const c = clientFor(s, 'sandbox', { maxRetries: 0 });
      const start = new Date();
      // An old delivery: its first attempt 40 s before the start, a retry 1 s after; and a new delivery.
      insertRow(s, 'old-delivery', new Date(start.getTime() - 40_000));
      insertRow(s, 'old-delivery', new Date(start.getTime() + 1000));
      insertRow(s, 'new-delivery', new Date(start.getTime() + 1000));
      const r = await receiver(secretOf(s), 'v1');
      const l = listener(s, c, { forwardTo: r.url, since: start });
      const ev = record(l);
      try {
        l.start();
        await until(() => ev.polls.length >= 2, 5000, 'two reads');
      } finally {
        await l.stop();
        await r.close();
      }
      assert.deepEqual(ids(r), ['new-delivery']);
    }));

  it('says why a forward target is refused', () => {
    assert.equal(forwardTargetProblem('http://localhost:3000/webhooks', false), undefined);
    assert.equal(forwardTargetProblem('http://[::1]:3000/', false), undefined);
    assert.equal(forwardTargetProblem('https://hooks.example.com/x', true), undefined);
    assert.match(forwardTargetProblem('https://hooks.example.com/x', false) ?? '', /only to this machine.*hooks\.example\.com/);
    assert.match(forwardTargetProblem('ftp://localhost/', true) ?? '', /http:\/\/ or https:\/\//);
    assert.match(forwardTargetProblem('/webhooks', true) ?? '', /absolute URL/);
    assert.throws(() => new Listener({ client: {} as TranscryptsClient, forwardTo: 'nope', secret: 'x', signatureFormat: 'v1', since: new Date() }), /absolute URL/);
  });
});

/** A receiver on a given port (one the test had closed before: the receiver "comes up"). */
function receiverOn(port: number, secret: string, answer: (n: number) => number): Promise<TestServer & { bad: () => number }> {
  return receiver(secret, 'v1', answer, port);
}

/** A history row put straight into the store (it lands between two page requests, synchronously). */
function insertRow(s: Sandbox, id: string, at = new Date()): string {
  const now = at.toISOString();
  s.store.addRequests([
    {
      seq: s.store.nextSeq(),
      created_at: now,
      env_type: 'sandbox',
      webhook_id: id,
      event_type: 'order-created',
      event_created_at: now,
      status_code: 200,
      error_message: null,
      webhook_payload: { webhook_id: id, event_type: 'order-created', event_created_at: now },
      webhook_url: 'http://127.0.0.1:1/between',
    },
  ]);
  return id;
}
