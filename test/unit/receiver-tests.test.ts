/**
 * Receiver tests (src/core/receiverTests) against receivers nobody here wrote the runner for: a Python receiver
 * written from the platform's documents (standard library hmac.compare_digest), the demo receiver `npm start`
 * creates, a deliberately lax one, and small real servers for the faults (slow, silent, 500, reset).
 */
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EVENT_TYPES } from '../../src/core/events';
import { fixtureCases, ruleCases, RULE_SOURCES, type ReceiverCase } from '../../src/core/receiverTests/cases';
import { main } from '../../src/core/receiverTests/cli';
import { readFixtures } from '../../src/core/receiverTests/fixtures';
import { recentDeliveries, replayDeliveries, verdictSummary } from '../../src/core/receiverTests/history';
import { junitXml } from '../../src/core/receiverTests/junit';
import { runCases, tamper } from '../../src/core/receiverTests/runner';
import { prepareDemoWorkspace } from '../../scripts/demo';
import { closedPort, spawnServer, testServer, type SpawnedServer } from './helpers';

const SECRET = 'receiver-test-secret-0123456789abcdef';
const PY = path.join(__dirname, '../receivers/documented_receiver.py');

async function python(...flags: string[]): Promise<SpawnedServer> {
  return spawnServer('python3', [PY, ...flags], { env: { TRANSCRYPTS_WEBHOOK_SECRET: SECRET }, ready: /^listening on (http:\S+)$/ });
}

async function cli(args: string[], env: NodeJS.ProcessEnv = { RECEIVER_SECRET: SECRET }): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await main(args, env, (l) => lines.push(...l.split('\n')));
  return { code, lines };
}

const ids = (cases: readonly ReceiverCase[]) => cases.map((c) => c.id);

describe('receiver tests: the platform\'s rules against real receivers', function () {
  this.timeout(60_000);

  it('a receiver written from the documents (Python, hmac.compare_digest) passes every rule case, signed as bare hex', async () => {
    const rx = await python();
    try {
      const { code, lines } = await cli(['--url', rx.url, '--secret-env', 'RECEIVER_SECRET']);
      const total = ruleCases().length;
      assert.equal(lines.at(-1), `${total} passed, 0 failed`, lines.join('\n'));
      assert.equal(code, 0);
      assert.equal(total, EVENT_TYPES.length + 8, 'one signed delivery per documented event type and 8 rules');
      assert.match(lines[0] ?? '', /signed as bare hex/);
      assert.ok(!lines.join('\n').includes(SECRET), 'the secret is never printed');
    } finally {
      rx.stop();
    }
  });

  it('signing v1= (the old default) against that receiver fails every delivery it should accept: the 401 a user met', async () => {
    const rx = await python();
    try {
      const { code, lines } = await cli(['--url', rx.url, '--secret-env', 'RECEIVER_SECRET', '--format', 'v1', '--events', 'order-created']);
      assert.equal(code, 1);
      assert.ok(lines.some((l) => /^✘ A correctly signed order-created delivery is answered 2xx within 10 s \(\d+ ms\)$/.test(l)), lines.join('\n'));
      assert.ok(lines.some((l) => /Answered 401 to an order-created delivery: the platform counts anything but 2xx as a failure/.test(l)), lines.join('\n'));
      // The forgery cases still pass: that receiver refuses them too.
      assert.ok(lines.some((l) => l.startsWith('✔ A tampered body is refused')));
    } finally {
      rx.stop();
    }
  });

  it('a lax receiver (accepts any signature) fails exactly the three forgery cases, saying why', async () => {
    const rx = await python('--lax');
    try {
      const cases = ruleCases({ eventTypes: ['task-status-updated'] });
      const report = await runCases(cases, { url: rx.url, secret: SECRET, format: 'hex' });
      const failed = report.results.filter((r) => r.outcome === 'failed');
      assert.deepEqual(failed.map((r) => r.id), ['rule/forged/tampered', 'rule/forged/unsigned', 'rule/forged/other-secret']);
      for (const r of failed) assert.match(r.message, /Answered 200 to a forged delivery: the receiver accepted it, so it would accept forged payroll data/);
      assert.equal(report.passed, cases.length - 3);
    } finally {
      rx.stop();
    }
  });

  it('the demo receiver `npm start` creates passes every rule case and the fixtures, from the command line with a JUnit file', async () => {
    const data = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-demo-'));
    const dir = prepareDemoWorkspace(data);
    const port = await closedPort();
    const rx = await spawnServer(process.execPath, ['receiver.mjs'], { cwd: dir, env: { PORT: String(port), TRANSCRYPTS_WEBHOOK_SECRET: SECRET }, ready: /^Receiver listening on (http:\S+)$/ });
    try {
      const fixtures = path.join(data, 'fx');
      fs.mkdirSync(path.join(fixtures, 'order-created'), { recursive: true });
      fs.writeFileSync(path.join(fixtures, 'order-created', 'a.json'), JSON.stringify({ webhook_id: 'w1', event_type: 'order-created', status: 'pending' }, null, 2));
      fs.writeFileSync(path.join(fixtures, 'order-created', 'broken.json'), '{"webhook_id": ');
      fs.mkdirSync(path.join(fixtures, 'schemas'));
      fs.writeFileSync(path.join(fixtures, 'schemas', 'order-created.schema.json'), '{}');
      const junit = path.join(data, 'junit.xml');
      const out = await new Promise<{ code: number; stdout: string }>((resolve) =>
        execFile(process.execPath, ['--import', 'tsx', path.join(__dirname, '../../src/core/receiverTests/cli.ts'), '--url', rx.url, '--secret-env', 'RS', '--fixtures', fixtures, '--junit', junit], { env: { ...process.env, RS: SECRET } }, (e, stdout) =>
          resolve({ code: e ? Number((e as { code?: number }).code ?? 1) : 0, stdout }),
        ),
      );
      const lines = out.stdout.trim().split('\n');
      const total = ruleCases().length + 2;
      assert.equal(lines.at(-1), `${total - 1} passed, 1 failed`, out.stdout);
      assert.equal(out.code, 1, 'a fixture that errors fails the run');
      assert.ok(lines.some((l) => /^✔ fixture order-created\/a\.json \(\d+ ms\)$/.test(l)), out.stdout);
      const broken = lines.findIndex((l) => l.startsWith('! fixture order-created/broken.json'));
      assert.ok(broken > 0, out.stdout);
      assert.match(lines[broken + 1] ?? '', /error: The fixture order-created\/broken\.json is not valid JSON .*the other cases still run/);
      const xml = fs.readFileSync(junit, 'utf8');
      assert.match(xml, /<testsuite name="Transcrypts receiver: fixture" tests="2" failures="0" errors="1" skipped="0">/);
      assert.ok(!xml.includes(SECRET) && !out.stdout.includes(SECRET));
    } finally {
      rx.stop();
      fs.rmSync(data, { recursive: true, force: true });
    }
  });
});

describe('receiver tests: faults and bad input', function () {
  this.timeout(30_000);
  const one = (id: string) => ruleCases({ eventTypes: ['order-created'] }).filter((c) => c.id === id);

  it('a receiver that is not running: every case errors with "connection refused at URL — start your receiver"', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/hooks`;
    const report = await runCases(one('rule/retry'), { url, secret: SECRET, format: 'hex' });
    assert.equal(report.errored, 1);
    assert.equal(report.results[0]?.message, `Connection refused at ${url}: start your receiver (nothing listens on ${new URL(url).host}).`);
  });

  it('a receiver that never answers is cut at the 10 s rule plus a margin (shortened here) and fails; a late 200 fails too', async () => {
    const silent = await testServer(() => undefined);
    const late = await testServer((_q, _b, res) => setTimeout(() => res.writeHead(200).end('ok'), 300));
    try {
      const o = { secret: SECRET, format: 'hex' as const, answerWithinMs: 150, cutMarginMs: 400 };
      const [cut] = (await runCases(one('rule/unknown-fields'), { ...o, url: silent.url, cutMarginMs: 100 })).results;
      assert.equal(cut?.outcome, 'failed');
      assert.equal(cut?.message, 'No answer within 0.15 s: the platform would have given up and retried.');
      const [slow] = (await runCases(one('rule/unknown-fields'), { ...o, url: late.url })).results;
      assert.equal(slow?.outcome, 'failed');
      assert.match(slow?.message ?? '', /^Answered 200 in 0\.\d+ s, over the platform's 0\.15 s: it would count as failed and retry\.$/);
      assert.ok((slow?.ms ?? 0) >= 300, 'the time is the receiver\'s');
    } finally {
      await silent.close();
      await late.close();
    }
  });

  it('a forged delivery answered 500, or a connection reset, fails with what to do', async () => {
    const crash = await testServer((_q, _b, res) => res.writeHead(500).end('TypeError: cannot read properties of undefined'));
    const reset = await testServer((req) => req.socket.destroy());
    try {
      const [five] = (await runCases(one('rule/forged/unsigned'), { url: crash.url, secret: SECRET, format: 'hex' })).results;
      assert.equal(five?.outcome, 'failed');
      assert.match(five?.message ?? '', /Answered 500 to a forged delivery: refuse it with a 4xx \(401\) before any handler runs/);
      assert.equal(five?.exchanges[0]?.body, 'TypeError: cannot read properties of undefined');
      const [rst] = (await runCases(one('rule/retry'), { url: reset.url, secret: SECRET, format: 'hex' })).results;
      assert.equal(rst?.outcome, 'failed');
      assert.match(rst?.message ?? '', /closed the connection without an answer/);
    } finally {
      await crash.close();
      await reset.close();
    }
  });

  it('sends what each case says: the signature over the exact bytes, none, another secret\'s, a tampered body; 1 MB; the retry twice', async () => {
    const rx = await testServer((_q, _b, res) => res.writeHead(401).end());
    try {
      await runCases(ruleCases({ eventTypes: ['link-connected'] }), { url: rx.url, secret: SECRET, format: 'hex' });
      const [signed, tampered, unsigned, other, first] = rx.requests;
      const hmac = (b: string) => createHmac('sha256', SECRET).update(b).digest('hex');
      assert.equal(signed?.headers['x-webhook-sign'], hmac(signed?.body ?? ''));
      assert.equal(signed?.headers['user-agent'], 'Transcrypts-Webhook-Service/2.0');
      assert.equal(JSON.parse(signed?.body ?? '{}').event_type, 'link-connected');
      assert.notEqual(tampered?.headers['x-webhook-sign'], hmac(tampered?.body ?? ''), 'signed over other bytes');
      assert.equal(unsigned?.headers['x-webhook-sign'], undefined);
      assert.match(String(other?.headers['x-webhook-sign']), /^[0-9a-f]{64}$/);
      assert.notEqual(other?.headers['x-webhook-sign'], hmac(other?.body ?? ''));
      assert.equal(first?.headers['x-webhook-sign'], hmac(first?.body ?? ''), 'the retry case stops at its first refusal');
      assert.equal(rx.requests.length, 9, 'each of the 9 cases stops at its first failed request');
    } finally {
      await rx.close();
    }
    const big = ruleCases({ eventTypes: ['order-created'] }).find((c) => c.id === 'rule/large-payload');
    const plan = Array.isArray(big?.plan) ? big.plan : [];
    assert.equal(Buffer.byteLength(plan[0]?.body ?? ''), 1024 * 1024);
    const retry = ruleCases().find((c) => c.id === 'rule/retry');
    assert.ok(Array.isArray(retry?.plan) && retry.plan.length === 2 && retry.plan[0]?.body === retry.plan[1]?.body);
    const order = ruleCases().find((c) => c.id === 'rule/out-of-order');
    const [done, parse] = (Array.isArray(order?.plan) ? order.plan : []).map((p) => JSON.parse(p.body) as Record<string, string>);
    assert.equal(done?.status, 'done');
    assert.equal(parse?.status, 'full_parse');
    assert.equal(done?.task_id, parse?.task_id);
    assert.ok(Date.parse(parse?.updated_at ?? '') < Date.parse(done?.updated_at ?? ''), 'full_parse happened first');
    assert.notEqual(tamper('{"a":"x0"}'), '{"a":"x0"}');
    assert.equal(tamper('not json'), 'not json ');
  });

  it('reads fixtures by folder, skipping schemas; unreadable and non-JSON files error by name; the rules cite their sources', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-fx-'));
    try {
      fs.mkdirSync(path.join(dir, 'task-status-updated'));
      fs.writeFileSync(path.join(dir, 'task-status-updated', 'b.json'), '{"event_type":"task-status-updated","webhook_id":"1"}');
      fs.writeFileSync(path.join(dir, 'task-status-updated', 'a.schema.json'), '{}');
      fs.writeFileSync(path.join(dir, 'loose.json'), '[1,');
      fs.writeFileSync(path.join(dir, 'notes.txt'), 'x');
      const files = await readFixtures(dir);
      assert.deepEqual(files.map((f) => f.rel), ['loose.json', 'task-status-updated/b.json']);
      const cases = fixtureCases(files);
      assert.deepEqual(ids(cases), ['fixture/loose.json', 'fixture/task-status-updated/b.json']);
      assert.equal(cases[1]?.eventType, 'task-status-updated');
      assert.ok(!Array.isArray(cases[0]?.plan) && /loose\.json is not valid JSON/.test(cases[0]?.plan.error ?? ''));
      assert.deepEqual(await readFixtures(path.join(dir, 'absent')), []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    for (const c of ruleCases()) assert.ok(Object.values(RULE_SOURCES).some((src) => c.source === src && c.description.includes(src)), c.id);
    assert.match(junitXml(ruleCases().slice(0, 1), [], 0), /<skipped message="not run \(cancelled\)"\/>/);
  });

  it('refuses bad command lines with a clear message and exit code 2', async () => {
    assert.equal((await cli([])).code, 2);
    assert.match((await cli([])).lines[0] ?? '', /--url is required/);
    assert.match((await cli(['--url', 'ftp://x', '--secret-env', 'RECEIVER_SECRET'])).lines[0] ?? '', /not an http:\/\/ or https:\/\/ address/);
    assert.match((await cli(['--url', 'http://127.0.0.1:9/', '--secret-env', 'NOPE'], {})).lines[0] ?? '', /The environment variable NOPE is not set/);
    assert.match((await cli(['--url', 'http://127.0.0.1:9/', '--secret-env', 'RECEIVER_SECRET', '--format', 'v2'])).lines[0] ?? '', /--format expects one of auto, hex, v1/);
    assert.equal((await cli(['--bogus'])).code, 2);
  });
});

describe('receiver tests: Replay History against what the platform recorded', function () {
  this.timeout(20_000);
  const row = (id: string, status: number | null, at: string, url = 'https://rx.example/hooks') => ({
    webhook_id: 'row-id',
    event_type: 'order-created',
    event_created_at: at,
    status_code: status,
    error_message: null,
    webhook_payload: { webhook_id: id, event_type: 'order-created', status: 'pending' },
    webhook_url: url,
  });
  async function* pages(...ps: Array<ReturnType<typeof row>[]>) {
    for (const results of ps) yield { results, next: null, previous: null };
  }

  it('folds a delivery\'s attempts into its newest (newest first), keeps one configuration\'s URL, stops at the limit', async () => {
    const got = await recentDeliveries(
      pages(
        [row('d1', 200, '2026-12-06T10:00:03Z'), row('d2', 500, '2026-12-06T10:00:02Z'), row('other', 200, '2026-12-06T10:00:02Z', 'https://elsewhere/')],
        [row('d1', 500, '2026-12-06T10:00:00Z'), row('d3', null, '2026-12-06T09:00:00Z'), row('d4', 200, '2026-12-06T08:00:00Z')],
      ),
      { limit: 3, webhookUrl: 'https://rx.example/hooks' },
    );
    assert.deepEqual(got.map((d) => [d.deliveryId, d.status]), [['d1', 200], ['d2', 500], ['d3', null]]);
  });

  it('stops at the first delivery when the receiver cannot be reached, and says so (no delivery is called broken)', async () => {
    const recorded = await recentDeliveries(pages([row('a', 200, '2026-12-06T10:00:02Z'), row('b', 200, '2026-12-06T10:00:01Z')]), { limit: 10 });
    const url = `http://127.0.0.1:${await closedPort()}/hooks`;
    const heard: string[] = [];
    const got = await replayDeliveries(recorded, { url, secret: SECRET, format: 'hex' }, (r) => heard.push(r.verdict));
    assert.deepEqual([got.replayed, heard], [[], []]);
    assert.equal(got.stopped, `Connection refused at ${url}: start your receiver (nothing listens on ${new URL(url).host}).`);
  });

  it('says same, fixed, broken and still failing from the receiver\'s real answers, oldest first', async () => {
    const recorded = await recentDeliveries(pages([row('ok-then', 200, '2026-12-06T10:00:02Z'), row('failed-then', 500, '2026-12-06T10:00:01Z'), row('no-answer-then', null, '2026-12-06T10:00:00Z')]), { limit: 10 });
    const now200 = await testServer((_q, _b, res) => res.writeHead(200).end('ok'));
    const now400 = await testServer((_q, _b, res) => res.writeHead(400).end('handler changed'));
    try {
      const { replayed: good } = await replayDeliveries(recorded, { url: now200.url, secret: SECRET, format: 'hex' });
      assert.deepEqual(good.map((r) => [r.delivery.deliveryId, r.verdict, r.summary]), [
        ['no-answer-then', 'fixed', 'was no status, now 200'],
        ['failed-then', 'fixed', 'was 500, now 200'],
        ['ok-then', 'same', 'was 200, now 200'],
      ]);
      const { replayed: bad } = await replayDeliveries(recorded, { url: now400.url, secret: SECRET, format: 'hex' });
      assert.deepEqual(bad.map((r) => [r.delivery.deliveryId, r.verdict, r.summary]), [
        ['no-answer-then', 'still failing', 'was no status, now 400'],
        ['failed-then', 'still failing', 'was 500, now 400'],
        ['ok-then', 'broken', 'was 200, now 400'],
      ]);
      assert.equal(verdictSummary(bad, 3), '3 replayed: 0 same, 0 fixed, 1 broken, 2 still failing.');
      assert.deepEqual(JSON.parse(now400.requests[2]?.body ?? ''), recorded[0]?.row.webhook_payload, 'the payload the platform sent, as it sent it');
      assert.equal(now400.requests[2]?.headers['x-webhook-sign'], createHmac('sha256', SECRET).update(now400.requests[2]?.body ?? '').digest('hex'));
    } finally {
      await now200.close();
      await now400.close();
    }
  });
});
