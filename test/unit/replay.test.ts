import { strict as assert } from 'node:assert';
import { execFile, spawn } from 'node:child_process';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { deadline } from '../../src/core/replay/deadlines';
import { buildReplay, curlCommand, defaultReplayUrl, diagnoseSignature, sendReplay, shellQuote } from '../../src/core/replay/replay';
import { closedPort, testServer, until } from './helpers';
import { signBody, verifySignature } from '../../src/core/signature';

/** The receiver's own check, independent of src/core/signature.ts. */
function receiverAccepts(raw: string, header: string | undefined, secret: string): boolean {
  const want = Buffer.from(createHmac('sha256', secret).update(raw).digest('hex'));
  const got = Buffer.from(header ?? '');
  return want.length === got.length && timingSafeEqual(want, got);
}

const SECRET = 'sandbox-replay-secret-0123456789';
const payload = { webhook_id: 'a'.repeat(32), event_type: 'order-created', note: `it's "quoted" & $HOME \`x\` \\ ünïcode 🚀\nline` };

describe('replay, cURL and signature checks', () => {
  it('replays with a fresh signature that a real receiver accepts, and a wrong secret it rejects', async () => {
    const receiver = await testServer((req, body, res) => {
      const ok = receiverAccepts(body, req.headers['x-webhook-sign'] as string, SECRET);
      res.writeHead(ok ? 200 : 401, { 'X-Receiver': 'test' }).end(ok ? 'accepted' : 'bad signature');
    });
    try {
      const good = await sendReplay(buildReplay(payload, `${receiver.url}/hook`, SECRET, 'hex'));
      assert.ok(good.ok && good.status === 200 && good.body === 'accepted' && good.headers['x-receiver'] === 'test', JSON.stringify(good));
      assert.equal(receiver.requests[0]?.headers['user-agent'], 'Transcrypts-Webhook-Service/2.0');
      assert.deepEqual(JSON.parse(receiver.requests[0]?.body ?? ''), payload);
      const bad = await sendReplay(buildReplay(payload, `${receiver.url}/hook`, 'sandbox-other', 'hex'));
      assert.ok(bad.ok && bad.status === 401);
    } finally {
      await receiver.close();
    }
  });

  it('says plainly when the connection is refused or times out', async () => {
    const port = await closedPort();
    const refused = await sendReplay(buildReplay(payload, `http://127.0.0.1:${port}/`, SECRET, 'hex'));
    assert.ok(!refused.ok && /connection was refused: is the receiver running on 127\.0\.0\.1:\d+/.test(refused.error));
    const slow = await testServer(() => undefined);
    try {
      const t = await sendReplay(buildReplay(payload, slow.url, SECRET, 'hex'), { timeoutMs: 150 });
      assert.ok(!t.ok && t.error === 'No answer within 0.15 s (timeout).');
    } finally {
      await slow.close();
    }
  });

  it('to a receiver on this machine: one POST each, the same headers as through node-fetch, redirects followed as fetch does', async () => {
    const srv = await testServer((q, _b, res) => {
      if (q.url === '/moved-post') return res.writeHead(307, { Location: '/after-307' }).end();
      if (q.url === '/moved-get') return res.writeHead(302, { Location: '/after-302' }).end();
      // Not a redirect fetch follows: an answer, even with a Location.
      if (q.url === '/choices') return res.writeHead(300, { Location: '/after-300' }).end();
      res.writeHead(200, { 'X-Seen': q.method ?? '' }).end(`ok ${q.url}`);
    });
    try {
      const req = buildReplay({ a: 1 }, `${srv.url}/direct`, 'sec', 'hex');
      const direct = await sendReplay(req);
      assert.ok(direct.ok);
      assert.deepEqual([direct.status, direct.body, direct.headers['x-seen']], [200, 'ok /direct', 'POST']);
      const sent = srv.requests[0];
      assert.deepEqual([sent?.headers['content-type'], sent?.headers['user-agent'], sent?.headers['content-length'], sent?.headers.accept, sent?.body], ['application/json', req.headers['User-Agent'], String(Buffer.byteLength(req.body)), '*/*', req.body]);
      assert.equal(sent?.headers['x-webhook-sign'], req.headers['X-WEBHOOK-SIGN']);
      const post = await sendReplay(buildReplay({ a: 1 }, `${srv.url}/moved-post`, 'sec', 'hex'));
      assert.ok(post.ok && post.body === 'ok /after-307');
      const get = await sendReplay(buildReplay({ a: 1 }, `${srv.url}/moved-get`, 'sec', 'hex'));
      assert.ok(get.ok && get.body === 'ok /after-302');
      const unfollowed = await sendReplay(buildReplay({ a: 1 }, `${srv.url}/moved-post`, 'sec', 'hex'), { followRedirects: false });
      assert.ok(unfollowed.ok && unfollowed.status === 307);
      const choices = await sendReplay(buildReplay({ a: 1 }, `${srv.url}/choices`, 'sec', 'hex'));
      assert.ok(choices.ok && choices.status === 300);
      assert.deepEqual(srv.requests.map((r) => `${r.method} ${r.url}`), ['POST /direct', 'POST /moved-post', 'POST /after-307', 'POST /moved-get', 'GET /after-302', 'POST /moved-post', 'POST /choices'], 'each address once');
    } finally {
      await srv.close();
    }
  });

  it('builds a cURL command that a real shell runs and the receiver accepts; it never carries the secret', async () => {
    const receiver = await testServer((req, body, res) => res.writeHead(receiverAccepts(body, req.headers['x-webhook-sign'] as string, SECRET) ? 204 : 401).end());
    try {
      const cmd = curlCommand(buildReplay(payload, `${receiver.url}/x`, SECRET, 'hex'));
      assert.ok(!cmd.includes(SECRET));
      const out = await new Promise<string>((resolve, reject) => execFile('sh', ['-c', `${cmd} -o /dev/null -w '%{http_code}'`], (e, stdout) => (e ? reject(e) : resolve(stdout))));
      assert.equal(out, '204');
      assert.deepEqual(JSON.parse(receiver.requests[0]?.body ?? ''), payload);
      assert.equal(shellQuote("a'b"), `'a'\\''b'`);
    } finally {
      await receiver.close();
    }
  });

  it('copies a body over 128 KiB as a command that still runs (piped by printf), byte for byte and signed', async function () {
    this.timeout(20_000);
    const receiver = await testServer((req, body, res) => res.writeHead(receiverAccepts(body, req.headers['x-webhook-sign'] as string, SECRET) ? 204 : 401).end());
    try {
      const big = { ...payload, blob: "it's ".repeat(60_000), rtl: 'abc\u202Edef' };
      const req = buildReplay(big, `${receiver.url}/big`, SECRET, 'hex');
      assert.ok(Buffer.byteLength(req.body) > 256 * 1024);
      assert.ok(!/[\u202A-\u202E\u2066-\u2069]/.test(req.body) && req.body.includes('\\u202e'), 'bidi controls are JSON escapes');
      const cmd = curlCommand(req);
      assert.match(cmd, /^printf '%s' '/);
      // As pasted into a terminal: the shell reads the command, it is not one exec'd argument.
      const out = await new Promise<string>((resolve, reject) => {
        const sh = spawn('bash', ['-s'], { stdio: ['pipe', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        sh.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        sh.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        sh.on('error', reject);
        sh.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`bash exited ${String(code)}: ${stderr}`))));
        sh.stdin.end(`${cmd} -o /dev/null -w '%{http_code}'\n`);
      });
      assert.equal(out, '204');
      assert.equal(receiver.requests[0]?.body, req.body, 'the exact bytes');
      assert.deepEqual(JSON.parse(receiver.requests[0]?.body ?? ''), big);
    } finally {
      await receiver.close();
    }
  });

  it('explains why a signature does not match', () => {
    const body = JSON.stringify(payload);
    const sign = (b: string, s: string) => `v1=${createHmac('sha256', s).update(b).digest('hex')}`;
    const secrets = [
      { label: 'sandbox', secret: SECRET },
      { label: 'dev', secret: 'dev-other-secret' },
    ];
    assert.deepEqual(diagnoseSignature(body, sign(body, SECRET), secrets), { ok: true, matched: 'sandbox', format: 'v1' });
    // The platform's docs describe the bare hex digest: accepted in any case, and the form is said.
    const bare = sign(body, SECRET).slice(3);
    assert.deepEqual(diagnoseSignature(body, bare, secrets), { ok: true, matched: 'sandbox', format: 'hex' });
    assert.deepEqual(diagnoseSignature(body, bare.toUpperCase(), secrets), { ok: true, matched: 'sandbox', format: 'hex' });
    assert.equal(verifySignature(body, ` V1=${bare.toUpperCase()} `.replace('V1', 'v1'), SECRET), true);
    assert.match((diagnoseSignature(body, sign('x', SECRET).slice(3), secrets) as { reason: string }).reason, /bare hex form/);
    assert.equal(signBody(body, SECRET, 'hex'), bare);
    assert.equal(signBody(body, SECRET, 'v1'), `v1=${bare}`);
    const cases: Array<[string, string, RegExp]> = [
      [body, 'sha256=abc', /neither v1=<64 hex characters> nor the 64 hex characters alone/],
      [body, sign(body, 'dev-other-secret'), /matches the dev secret, not the sandbox one/],
      [JSON.stringify(payload, null, 2), sign(body, SECRET), /re-serialized.*compact JSON/],
      [body, sign(JSON.stringify(payload, null, 2), SECRET), /re-serialized.*pretty-printed/],
      [`${body}\n`, sign(body, SECRET), /trailing newline was added/],
      [body, sign(`${body}\n`, SECRET), /ended with a newline that is missing/],
      [body, sign('{"other":1}', SECRET), /matches none of the secrets \(sandbox, dev\)/],
    ];
    for (const [b, header, reason] of cases) {
      const v = diagnoseSignature(b, header, secrets);
      assert.ok(!v.ok && reason.test(v.reason), `${header}: ${JSON.stringify(v)}`);
    }
  });

  it('offers the URL chosen last, else the delivery\'s own on this machine (with its path), else the demo receiver\'s address', () => {
    const local = 'http://127.0.0.1:3000/webhooks/transcrypts';
    assert.equal(defaultReplayUrl(undefined, local), local, 'the demo receiver\'s path, not a bare port');
    assert.equal(defaultReplayUrl(undefined, 'http://localhost:4000/hooks'), 'http://localhost:4000/hooks');
    assert.equal(defaultReplayUrl(undefined, 'https://api.example.com/hooks'), 'http://127.0.0.1:3000/webhooks/transcrypts', 'never a remote receiver by default');
    assert.equal(defaultReplayUrl(undefined, 'not a url'), 'http://127.0.0.1:3000/webhooks/transcrypts');
    assert.equal(defaultReplayUrl(undefined, undefined), 'http://127.0.0.1:3000/webhooks/transcrypts');
    assert.equal(defaultReplayUrl('http://localhost:9999/mine', local), 'http://localhost:9999/mine', 'the user\'s choice wins');
  });
});

describe('replay deadlines (one timer for the requests in flight)', () => {
  it('expires each deadline when due, in order, never one that was cancelled, and arms again for one added meanwhile', async () => {
    const fired: string[] = [];
    const started = performance.now();
    deadline(60, () => fired.push('b'));
    const cancelA = deadline(20, () => fired.push('a'));
    deadline(30, () => {
      fired.push('c');
      deadline(10, () => fired.push('d'));
    });
    cancelA();
    // A busy machine may fire them late, never early nor out of order.
    // Until b and d fired (d is set when c fires): a cancelled one, due before both, would have fired by then.
    await until(() => fired.includes('b') && fired.includes('d'), 5000, 'b and d fired');
    // Late, c and b may fall due together: still in the order of their deadlines.
    assert.deepEqual([...fired].sort(), ['b', 'c', 'd']);
    assert.ok(fired.indexOf('c') < fired.indexOf('b') && fired.indexOf('c') < fired.indexOf('d'), fired.join());
    assert.ok(performance.now() - started >= 60);
  });
});
