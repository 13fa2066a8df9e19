import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { ApiError, parseRetryAfter } from '../../src/core/api/errors';
import { TranscryptsClient, baseUrlProblem } from '../../src/core/api/client';
import { clientFor, closedPort, raw, tempDir, testServer, withSandbox } from './helpers';

async function rejectsWith(p: Promise<unknown>, kind: ApiError['kind']): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ApiError, `expected ApiError, got ${String(e)}`);
    assert.equal(e.kind, kind, e.message);
    return e;
  }
  assert.fail(`expected a ${kind} error`);
}

describe('API client against the sandbox', () => {
  it('does every configuration call with typed results', () =>
    withSandbox({}, async (s) => {
      const c = clientFor(s);
      const w = await c.createWebhook({ name: 'A', webhook_url: 'https://example.com/a', env_type: 'sandbox', events: ['order-created'] });
      assert.equal((await c.getWebhook(w.id)).name, 'A');
      assert.equal((await c.updateWebhook(w.id, { name: 'B' })).name, 'B');
      assert.deepEqual((await c.listWebhooks()).map((x) => x.name), ['B']);
      await c.deleteWebhook(w.id);
      const nf = await rejectsWith(c.getWebhook(w.id), 'not_found');
      assert.equal(nf.status, 404);
    }));

  it('follows next over many pages of configurations', () =>
    withSandbox({}, async (s) => {
      for (let i = 0; i < 205; i++) await raw(s, 'POST', '/v1/webhooks/', { name: `w${i}`, webhook_url: `https://e.com/${i}`, env_type: 'sandbox' });
      const c = clientFor(s);
      let pages = 0;
      for await (const _ of c.webhookPages()) pages++;
      assert.equal(pages, 3);
      assert.equal((await c.listWebhooks()).length, 205);
    }));

  it('iterates the history by pages and one page by link, with typed filters', () =>
    withSandbox({ seed: true }, async (s) => {
      const c = clientFor(s, 'prod');
      let n = 0;
      for await (const page of c.historyPages({ pageSize: 300 })) n += page.results.length;
      assert.equal(n, s.store.requestsOf('prod').length);
      const first = await c.historyPage({ eventType: 'order-created', pageSize: 10 });
      assert.ok(first.results.every((r) => r.event_type === 'order-created'));
      assert.ok(first.next);
      const second = await c.historyPage({}, first.next ?? undefined);
      assert.equal(second.results.length, 10);
      const bigger = await c.historyPage({ pageSize: 15 }, first.next ?? undefined);
      assert.equal(bigger.results.length, 15, 'a page size given with a link replaces the link\'s');
      assert.deepEqual(bigger.results.slice(0, 10), second.results);
      assert.ok(second.results.every((r) => r.event_type === 'order-created'));
      const failed = await c.historyPage({ statusCode: 503, createdAtGte: new Date(Date.now() - 29 * 86_400_000) });
      assert.ok(failed.results.every((r) => r.status_code === 503));
    }));

  it('reports 400 field errors as a validation error with fields', () =>
    withSandbox({}, async (s) => {
      const c = clientFor(s);
      const e = await rejectsWith(c.createWebhook({ name: '', webhook_url: 'nope', env_type: 'sandbox' }), 'validation');
      assert.deepEqual(e.fieldErrors.map((f) => f.field), ['name', 'webhook_url']);
      assert.equal(e.fieldError('webhook_url'), 'Enter a valid URL.');
      await rejectsWith(c.historyPage({ createdAtGte: new Date(Date.now() - 40 * 86_400_000) }), 'validation');
    }));

  it('reports 401 naming the environment, never the secret; 403 as permission', () =>
    withSandbox({ deny: ['dev'] }, async (s) => {
      const bad = new TranscryptsClient({ baseUrl: s.baseUrl, clientId: s.credentials.clientId, secret: 'prod-not-the-real-secret' });
      const e = await rejectsWith(bad.listWebhooks(), 'auth');
      assert.match(e.message, /the prod secret was rejected \(401\)/i);
      assert.ok(!e.message.includes('prod-not-the-real-secret'));
      assert.ok(!JSON.stringify(e).includes('prod-not-the-real-secret'));
      await rejectsWith(clientFor(s, 'dev').listWebhooks(), 'permission');
    }));

  it('words a 403 from what the server says (no credentials is not "no permission"), and never ends a sentence twice (D1, D2)', async () => {
    const said = (status: number, message: string) => JSON.stringify({ error: { code: status === 401 ? 'authentication_failed' : 'not_authenticated', message } });
    const answers: Array<[number, string]> = [
      [401, said(401, 'Authentication credentials were not provided.')],
      [403, said(403, 'Authentication credentials were not provided.')],
      [403, said(403, 'You do not have permission to perform this action.')],
      [404, JSON.stringify({ detail: 'Not Found.' })],
      [500, JSON.stringify({ detail: 'Server Error!' })],
    ];
    let next = 0;
    const srv = await testServer((_q, _b, res) => {
      const [status, body] = answers[next++] ?? [500, ''];
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(body);
    });
    try {
      const c = new TranscryptsClient({ baseUrl: `${srv.url}/v1/`, clientId: 'c'.repeat(32), secret: 'dev-secret-value', env: 'dev', maxRetries: 0 });
      const e401 = await rejectsWith(c.listWebhooks(), 'auth');
      assert.equal(e401.message, 'The dev secret was rejected (401): Authentication credentials were not provided. Check the client id and the dev secret.');
      const none = await rejectsWith(c.listWebhooks(), 'auth');
      assert.equal(none.message, 'The server did not receive the dev keys (403): Authentication credentials were not provided. Check the client id and the dev secret; a proxy may be removing the X-Access-* headers.');
      const denied = await rejectsWith(c.listWebhooks(), 'permission');
      assert.equal(denied.message, 'The server refused GET /v1/webhooks/ to the dev keys (403): You do not have permission to perform this action. Check what these keys may do in the Transcrypts dashboard.');
      assert.match((await rejectsWith(c.listWebhooks(), 'not_found')).message, /not found \(404\): Not Found\.$/);
      const failed = await rejectsWith(c.listWebhooks(), 'server');
      for (const e of [e401, none, denied, failed]) assert.doesNotMatch(e.message, /\.\.|!\./, e.message);
    } finally {
      await srv.close();
    }
  });

  it('property: whatever sentence the server ends with, an error message ends each sentence once', async () => {
    let answer: [number, string] = [500, ''];
    const srv = await testServer((_q, _b, res) => res.writeHead(answer[0], { 'Content-Type': 'application/json' }).end(answer[1]));
    try {
      const c = new TranscryptsClient({ baseUrl: `${srv.url}/v1/`, clientId: 'c'.repeat(32), secret: 'dev-secret-value', env: 'dev', maxRetries: 0 });
      const sentence = fc.string({ minLength: 1, maxLength: 40 }).filter((t) => !/[.!?…]{2}|^\s|\s$/.test(t) && !/[.!?…]$/.test(t));
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(400, 401, 403, 404, 405, 406, 410, 415, 500, 502), sentence, fc.constantFrom('', '.', '!', '?', '…', '. ', '..'), fc.boolean(), async (status, text, end, detailForm) => {
          const message = `${text}${end}`;
          answer = [status, JSON.stringify(detailForm ? { detail: message } : { error: { code: 'x', message } })];
          const e = await c.listWebhooks().then(() => undefined, (err: unknown) => err);
          assert.ok(e instanceof ApiError);
          assert.doesNotMatch(e.message, /[.!?…]\.(\s|$)/, e.message);
        }),
        { seed: 20261206, numRuns: 60 },
      );
    } finally {
      await srv.close();
    }
  });

  it('files "development" and "production" configurations under Development and Production; other values as they are (D6)', async () => {
    const hook = (id: string, env_type: string) => ({ id, name: id, webhook_url: 'https://rx.example/h', events: ['order-created'], env_type });
    const srv = await testServer((q, _b, res) => {
      const body = q.url?.endsWith('/w3/') ? hook('w3', 'Development') : [hook('w1', 'development'), hook('w2', 'PRODUCTION'), hook('w4', 'staging'), hook('w5', 'constructor')];
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    });
    try {
      const c = new TranscryptsClient({ baseUrl: `${srv.url}/v1/`, clientId: 'c'.repeat(32), secret: 'dev-secret-value', env: 'dev' });
      assert.deepEqual((await c.listWebhooks()).map((w) => [w.id, w.env_type]), [['w1', 'dev'], ['w2', 'prod'], ['w4', 'staging'], ['w5', 'constructor']]);
      assert.equal((await c.getWebhook('w3')).env_type, 'dev', 'the zod path agrees with the fast path');
    } finally {
      await srv.close();
    }
  });

  it('follows a paging link a proxy wrote as http:// on the same host over the configured https://, and nothing else', () => {
    const follow = (base: string, link: string) => {
      const c = new TranscryptsClient({ baseUrl: base, clientId: 'c'.repeat(32), secret: 'prod-secret-value', env: 'prod' });
      // The link check is what paging calls for every next/previous link.
      return (c as unknown as { followLink(l: string): string }).followLink(link);
    };
    assert.equal(follow('https://api.example.com/v1/', 'http://api.example.com/v1/webhooks/?page=2'), 'https://api.example.com/v1/webhooks/?page=2');
    assert.equal(follow('https://api.example.com:8443/v1/', 'http://api.example.com:8443/v1/webhooks/?page=2'), 'https://api.example.com:8443/v1/webhooks/?page=2');
    assert.throws(() => follow('https://api.example.com/v1/', 'http://other.example.com/v1/webhooks/?page=2'), /outside the API base URL/);
    assert.throws(() => follow('https://api.example.com/v1/', 'http://api.example.com:8080/v1/webhooks/?page=2'), /outside the API base URL/);
    assert.throws(() => follow('http://127.0.0.1:4000/v1/', 'https://127.0.0.1:4000/v1/webhooks/?page=2'), /outside the API base URL/, 'never changes the scheme otherwise');
  });

  it('property: a configuration id stays one path segment under /webhooks/, or nothing is sent (F-J: "." and "..")', async () => {
    const seen: string[] = [];
    const srv = await testServer((q, _b, res) => {
      seen.push(q.url ?? '');
      res.writeHead(204).end();
    });
    try {
      const c = new TranscryptsClient({ baseUrl: `${srv.url}/v1/`, clientId: 'c'.repeat(32), secret: 'dev-secret-value', env: 'dev', maxRetries: 0 });
      for (const id of ['.', '..']) {
        const e = await rejectsWith(c.deleteWebhook(id), 'validation');
        assert.match(e.message, /cannot be put in a URL \(it is a dot segment/);
        await rejectsWith(c.updateWebhook(id, { enabled: false }), 'validation');
      }
      assert.deepEqual(seen, [], 'nothing was sent for a dot segment');
      const id = fc.oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.constantFrom('%2e', '.%2E', '%2E%2e', '...', './', '../x', '?a=1', '#x', '%', '\\'));
      await fc.assert(
        fc.asyncProperty(id, async (raw) => {
          seen.length = 0;
          const done = await c.deleteWebhook(raw).then(() => true, (e: unknown) => (e instanceof ApiError && e.kind === 'validation' ? false : Promise.reject(e)));
          if (!done) return assert.deepEqual(seen, []);
          assert.equal(seen.length, 1);
          const path = (seen[0] ?? '').split('?')[0] ?? '';
          assert.match(path, /^\/v1\/webhooks\/[^/]+\/$/, `${JSON.stringify(raw)} went to ${path}`);
          assert.equal(decodeURIComponent(path.slice('/v1/webhooks/'.length, -1)), raw);
        }),
        { seed: 20261206, numRuns: 200 },
      );
    } finally {
      await srv.close();
    }
  });

  it('retries GET on 429 honouring Retry-After, and on 5xx', () =>
    withSandbox({ faults: { rules: [{ kind: '429', count: 2, retry_after: '0' }, { kind: '5xx', count: 1, status: 502 }] } }, async (s) => {
      const attempts: Array<number | undefined> = [];
      const c = clientFor(s, 'sandbox', { onAttempt: (a) => attempts.push(a.status) });
      assert.deepEqual(await c.listWebhooks(), []);
      assert.deepEqual(attempts, [429, 429, 502, 200]);
    }));

  it('gives up after its retries with a rate-limited error carrying retry-after', () =>
    withSandbox({ faults: { rules: [{ kind: '429', count: -1, retry_after: '120' }] } }, async (s) => {
      const e = await rejectsWith(clientFor(s).listWebhooks(), 'rate_limited');
      assert.equal(e.retryAfterMs, 120_000);
      assert.match(e.message, /Retry after 120 s/);
    }));

  it('never retries POST or PATCH', () =>
    withSandbox({ faults: { rules: [{ kind: '5xx', count: 1, method: 'POST' }] } }, async (s) => {
      const attempts: number[] = [];
      const c = clientFor(s, 'sandbox', { onAttempt: (a) => attempts.push(a.attempt) });
      const e = await rejectsWith(c.createWebhook({ name: 'x', webhook_url: 'https://e.com/', env_type: 'dev' }), 'server');
      assert.equal(e.status, 503);
      assert.deepEqual(attempts, [0]);
      assert.equal(s.store.webhooks.size, 0);
    }));

  it('reports malformed JSON as a bad response', () =>
    withSandbox({ faults: { rules: [{ kind: 'malformed', count: 1 }] } }, async (s) => {
      const e = await rejectsWith(clientFor(s).listWebhooks(), 'bad_response');
      assert.match(e.message, /HTTP 200 and a body that is not JSON \(application\/json\)/);
    }));

  it('retries a reset connection on GET, and reports it when it persists', () =>
    withSandbox({ faults: { rules: [{ kind: 'reset', count: 1 }] } }, async (s) => {
      assert.deepEqual(await clientFor(s).listWebhooks(), []);
      await s.close();
    }).then(() =>
      withSandbox({ faults: { rules: [{ kind: 'reset', count: -1 }] } }, async (s) => {
        const e = await rejectsWith(clientFor(s, 'sandbox', { maxRetries: 1 }).listWebhooks(), 'network');
        assert.match(e.message, /reset|closed|socket hang up/i);
      }),
    ));

  it('times out a slow server, and cancels through AbortSignal', () =>
    withSandbox({ faults: { latency_ms: 400 } }, async (s) => {
      const e = await rejectsWith(clientFor(s, 'sandbox', { timeoutMs: 100, maxRetries: 0 }).listWebhooks(), 'timeout');
      assert.match(e.message, /timed out after 0.1 s/);
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 50);
      await rejectsWith(clientFor(s).listWebhooks({ signal: ac.signal }), 'cancelled');
    }));

  it('reports a refused connection as a network error', async () => {
    const port = await closedPort();
    const c = new TranscryptsClient({ baseUrl: `http://127.0.0.1:${port}/v1/`, clientId: 'a'.repeat(32), secret: 'sandbox-x', maxRetries: 0 });
    const e = await rejectsWith(c.listWebhooks(), 'network');
    assert.match(e.message, /refused/);
  });
});

describe('API client against a misbehaving server', () => {
  it('names the field of a response of the wrong shape', async () => {
    const srv = await testServer((_req, _body, res) =>
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ next: null, previous: null, results: [{ id: 'x' }] })),
    );
    try {
      const c = new TranscryptsClient({ baseUrl: `${srv.url}/v1/`, clientId: 'a'.repeat(32), secret: 'dev-x' });
      const e = await rejectsWith(c.listWebhooks(), 'bad_response');
      // Any id is accepted; a configuration without the fields the tree needs is named at the field.
      assert.match(e.message, /results\[0\]\.name: Required/);
    } finally {
      await srv.close();
    }
  });

  it('keeps the secret out of an error even when the server echoes it base64- or URL-encoded', async () => {
    const secret = 'k8Hq2vN0pLs7Xw4Rz1Tc';
    const echo = `bad key ${Buffer.from(secret).toString('base64')} / ${encodeURIComponent(secret)} / ${Buffer.from(secret).toString('hex')}`;
    const srv = await testServer((_req, _body, res) =>
      res.writeHead(400, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: { code: 'incorrect_parameters', message: echo, extra: { 'invalid-params': [{ field: 'name', message: echo }] } } })),
    );
    try {
      const c = new TranscryptsClient({ baseUrl: `${srv.url}/v1/`, clientId: 'a', secret });
      const e = await rejectsWith(c.createWebhook({ name: 'x', webhook_url: 'https://e.com/', env_type: 'dev' }), 'validation');
      const text = `${e.message} ${JSON.stringify(e.fieldErrors)}`;
      assert.ok(!text.includes(Buffer.from(secret).toString('base64').slice(0, 20)), text);
      assert.ok(!text.includes(Buffer.from(secret).toString('hex')), text);
      assert.match(text, /\[redacted\]/);
    } finally {
      await srv.close();
    }
  });

  it('does not follow a paging link to another origin (the keys stay home)', async () => {
    const srv = await testServer((_req, _body, res) =>
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ next: 'http://127.0.0.2:9/v1/webhooks/?page=2', previous: null, results: [] })),
    );
    try {
      const c = new TranscryptsClient({ baseUrl: `${srv.url}/v1/`, clientId: 'a'.repeat(32), secret: 'dev-x' });
      const e = await rejectsWith(c.listWebhooks(), 'bad_response');
      assert.match(e.message, /outside the API base URL/);
      assert.equal(srv.requests.length, 1);
    } finally {
      await srv.close();
    }
  });

  it('scrubs the secret from a server message that echoes it', async () => {
    const srv = await testServer((req, _body, res) =>
      res
        .writeHead(400, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ error: { code: 'incorrect_parameters', message: `bad key ${String(req.headers['x-access-secret'])}`, extra: { 'invalid-params': [] } } })),
    );
    try {
      const c = new TranscryptsClient({ baseUrl: `${srv.url}/v1/`, clientId: 'a'.repeat(32), secret: 'dev-topsecretvalue' });
      const e = await rejectsWith(c.getWebhook('a'.repeat(32)), 'validation');
      assert.ok(!e.message.includes('dev-topsecretvalue'), e.message);
      assert.match(e.message, /\[redacted\]/);
    } finally {
      await srv.close();
    }
  });

  it('sends any id as one encoded path segment, and refuses only an empty one before sending', async () => {
    const body = { id: '../../etc?x=1#y', name: 'n', webhook_url: 'https://e.com/', events: [], env_type: 'dev' };
    const srv = await testServer((_req, _body, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body)));
    try {
      const c = new TranscryptsClient({ baseUrl: `${srv.url}/v1/`, clientId: 'a'.repeat(32), secret: 'dev-x' });
      assert.equal((await c.getWebhook(body.id)).id, body.id);
      assert.equal(srv.requests[0]?.url, '/v1/webhooks/..%2F..%2Fetc%3Fx%3D1%23y/');
      await rejectsWith(c.getWebhook(''), 'validation');
      assert.equal(srv.requests.length, 1);
    } finally {
      await srv.close();
    }
  });

  it('requires https off loopback, and a trailing slash', () => {
    assert.match(baseUrlProblem('http://api.example.com/v1/') ?? '', /must use https/);
    assert.equal(baseUrlProblem('http://127.0.0.1:8080/v1/'), undefined);
    assert.equal(baseUrlProblem('https://prod.transcrypts.com/v1/'), undefined);
    assert.match(baseUrlProblem('https://prod.transcrypts.com/v1') ?? '', /end with "\/"/);
    assert.throws(() => new TranscryptsClient({ baseUrl: 'http://evil.example/v1/', clientId: 'a'.repeat(32), secret: 'dev-x' }), /https/);
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    assert.equal(parseRetryAfter('3'), 3000);
    assert.equal(parseRetryAfter(new Date(10_000).toUTCString(), 4_000), 6000);
    assert.equal(parseRetryAfter('soon'), undefined);
  });
});

describe('API client: is this a local sandbox?', () => {
  it('reads the sandbox info (profile, environments, data folder) from the sandbox, over HTTP', async () => {
    await withSandbox({ profile: 'transcrypts' }, async (s) => {
      const info = await clientFor(s, 'dev').sandboxInfo();
      assert.deepEqual(info, { sandbox: true, profile: 'transcrypts', environments: ['dev', 'prod'], data_dir: null, origin: s.origin });
    });
    const dir = tempDir();
    await withSandbox({ profile: 'truv', dataDir: dir }, async (s) => {
      assert.equal((await clientFor(s, 'sandbox').sandboxInfo())?.data_dir, dir);
    });
  });

  it('answers "not a sandbox" for a server without the route (404, 405) or with another answer there, and fails on a 5xx', async () => {
    const answers: Array<[number, string]> = [
      [404, '{"detail":"Not found."}'],
      [405, '{"detail":"Method not allowed."}'],
      [200, '<html>a landing page</html>'],
      [200, '{"sandbox":"maybe"}'],
    ];
    for (const [status, body] of answers) {
      const server = await testServer((_req, _body, res) => res.writeHead(status, { 'Content-Type': status === 200 && body.startsWith('<') ? 'text/html' : 'application/json' }).end(body));
      try {
        const c = new TranscryptsClient({ baseUrl: `${server.url}/v1/`, clientId: 'c', secret: 's', maxRetries: 0 });
        assert.equal(await c.sandboxInfo(), undefined, `${status} ${body}`);
        assert.equal(server.requests[0]?.url, '/_sandbox/info/');
      } finally {
        await server.close();
      }
    }
    const failing = await testServer((_req, _body, res) => res.writeHead(503).end());
    try {
      const c = new TranscryptsClient({ baseUrl: `${failing.url}/v1/`, clientId: 'c', secret: 's', maxRetries: 0 });
      await assert.rejects(c.sandboxInfo(), (e: unknown) => e instanceof ApiError && e.kind === 'server');
    } finally {
      await failing.close();
    }
  });
});
