/**
 * `npm run bench`, Listen: the forwarding engine (src/core/listen) against the sandbox and a receiver on loopback.
 * Trigger → receiver latency at the default interval (2 s), a backlog of 1,000 deliveries forwarded (small and
 * 100 KB payloads), and the CPU the engine uses while listening idle (the sandbox in its own process).
 * Numbers, not pass/fail.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { TranscryptsClient } from '../../src/core/api/client';
import { Listener } from '../../src/core/listen';
import { startSandbox, type Sandbox } from '../../src/sandbox';
import type { StoredRequest } from '../../src/sandbox/store';
import { CLIENT_ID_HEADER, DELIVERY_USER_AGENT, SECRET_HEADER, SIGNATURE_HEADER } from '../../src/core/model';
import { signBody } from '../../src/core/signature';
import { inTurns, median, pairFigure, percentile, report as line } from './report';

const ROOT = path.join(__dirname, '..', '..');
const IDLE_SECONDS = Number(process.env['BENCH_LISTEN_IDLE_SECONDS'] ?? 60);
const report = (name: string, value: string) => line(name, value, 72);
const BACKLOG = 1000;
const PAIRS = Number(process.env['BENCH_PAIRS'] ?? 10);
const WARM_UP = 1;
const PARTS = (process.env['BENCH_LISTEN_PARTS'] ?? 'latency,backlog,idle').split(',');

interface Receiver {
  url: string;
  arrived: Map<string, number>;
  /** Resolves with the time the `n`th distinct delivery arrived (counted since the last `reset`). */
  nth(n: number): Promise<number>;
  reset(): void;
  close(): Promise<void>;
}

async function receiver(): Promise<Receiver> {
  const arrived = new Map<string, number>();
  let waiting: { n: number; resolve: (t: number) => void } | undefined;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const id = String(req.headers['x-transcrypts-forwarded'] ?? '');
      if (id && !arrived.has(id)) {
        const t = performance.now();
        arrived.set(id, t);
        if (waiting && arrived.size >= waiting.n) {
          waiting.resolve(t);
          waiting = undefined;
        }
      }
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`,
    arrived,
    nth: (n) => (arrived.size >= n ? Promise.resolve(performance.now()) : new Promise((resolve) => (waiting = { n, resolve }))),
    reset: () => arrived.clear(),
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

function clientOf(s: { baseUrl: string; clientId: string; secret: string }): TranscryptsClient {
  return new TranscryptsClient({ baseUrl: s.baseUrl, clientId: s.clientId, secret: s.secret });
}

async function until(fn: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Trigger → receiver, 40 events 250–500 ms apart, the listener at its default interval. */
async function latency(): Promise<void> {
  const platform = await receiver();
  const local = await receiver();
  const s = await startSandbox({ profile: 'truv' });
  try {
    const secret = s.credentials.secrets['sandbox'] ?? '';
    const c = clientOf({ baseUrl: s.baseUrl, clientId: s.credentials.clientId, secret });
    await c.createWebhook({ name: 'bench', webhook_url: `${platform.url}/platform`, env_type: 'sandbox', events: ['order-created'] });
    const l = new Listener({ client: c, forwardTo: local.url, secret, signatureFormat: 'v1', since: new Date() });
    l.start();
    const sent = new Map<string, number>();
    for (let i = 0; i < 40; i++) {
      const t = performance.now();
      const r = await c.triggerSandboxEvent('sandbox', 'order-created');
      for (const d of r.deliveries) sent.set(d.webhook_id, t);
      await new Promise((res) => setTimeout(res, 250 + Math.random() * 250));
    }
    await until(() => [...sent.keys()].every((id) => local.arrived.has(id)), 15_000, 'every delivery forwarded');
    await l.stop();
    const ms = [...sent].map(([id, t]) => (local.arrived.get(id) ?? NaN) - t).sort((a, b) => a - b);
    report(`latency: trigger → local receiver, ${ms.length} deliveries, interval 2 s: p50 / p99 / max`, `${percentile(ms, 50).toFixed(0)} / ${percentile(ms, 99).toFixed(0)} / ${(ms[ms.length - 1] ?? 0).toFixed(0)} ms`);
  } finally {
    await s.close();
    await platform.close();
    await local.close();
  }
}

function bigPayload(bytes: number, i: number, at: string): Record<string, unknown> {
  const filler = 'x'.repeat(Math.max(0, bytes - 300));
  return { webhook_id: `big-${i}`, event_type: 'statements-created', event_created_at: at, task_id: `t${i}`, objects_count: 3, note: filler };
}

/** A GET answered 200 with JSON, on `agent`. */
function getJson(url: string, headers: Record<string, string>, agent: http.Agent): Promise<unknown> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))) : reject(new Error(`GET ${url}: ${res.statusCode}`))));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

/** A POST of `body`, resolved when the answer has been read. */
function post(url: string, body: string, headers: Record<string, string>, agent: http.Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * The floor of a backlog: a bare loop that GETs the same history pages from the same sandbox (keep-alive, JSON.parse,
 * no validation), then signs each payload and POSTs it to the same receiver, oldest first, one at a time.
 */
async function bareForward(s: Sandbox, secret: string, since: Date, to: string, agent: http.Agent): Promise<void> {
  const headers = { Accept: 'application/json', [CLIENT_ID_HEADER]: s.credentials.clientId, [SECRET_HEADER]: secret };
  const rows: Array<{ webhook_id: string; webhook_payload: unknown }> = [];
  let url: string | null = `${s.baseUrl}webhook-requests/?created_at__gte=${encodeURIComponent(since.toISOString())}&page_size=500`;
  for (let pages = 0; url && pages < 100; pages++) {
    const page = (await getJson(url, headers, agent)) as { next: string | null; results: Array<{ webhook_id: string; webhook_payload: unknown }> };
    for (const r of page.results) rows.push(r);
    url = page.next;
  }
  for (let i = rows.length - 1; i >= 0; i--) {
    const r = rows[i] as { webhook_id: string; webhook_payload: unknown };
    const body = JSON.stringify(r.webhook_payload);
    const postHeaders = { Accept: '*/*', 'Content-Type': 'application/json', 'User-Agent': DELIVERY_USER_AGENT, [SIGNATURE_HEADER]: signBody(body, secret, 'v1'), 'X-Transcrypts-Forwarded': r.webhook_id };
    await post(to, body, postHeaders, agent);
  }
}

function backlogRows(s: Sandbox, bytes: number, since: Date): StoredRequest[] {
  const rows: StoredRequest[] = [];
  for (let i = 0; i < BACKLOG; i++) {
    const at = new Date(since.getTime() + 1000 + i * 10).toISOString();
    const payload = bytes ? bigPayload(bytes, i, at) : { webhook_id: `small-${i}`, event_type: 'order-created', event_created_at: at, order_id: `o${i}`, status: 'pending', updated_at: at.replace('Z', '+00:00') };
    rows.push({ seq: s.store.nextSeq(), created_at: at, env_type: 'sandbox', webhook_id: String(payload.webhook_id), event_type: String(payload.event_type), event_created_at: at, status_code: 200, error_message: null, webhook_payload: payload, webhook_url: 'https://api.example.com/hooks' });
  }
  return rows;
}

/**
 * 1,000 deliveries already in the history when listening starts: how fast they are forwarded (start → the 1,000th
 * received), against a bare loop doing the same reads and POSTs; PAIRS pairs, interleaved.
 */
async function backlog(bytes: number, goal: number): Promise<void> {
  const local = await receiver();
  const s: Sandbox = await startSandbox({ profile: 'truv' });
  try {
    const secret = s.credentials.secrets['sandbox'] ?? '';
    const c = clientOf({ baseUrl: s.baseUrl, clientId: s.credentials.clientId, secret });
    const since = new Date(Date.now() - 60_000);
    const rows = backlogRows(s, bytes, since);
    s.store.addRequests(rows);
    const size = Buffer.byteLength(JSON.stringify(rows[0]?.webhook_payload));
    const rate = (ms: number) => (BACKLOG / ms) * 1000;
    // This process's CPU per run too (the sandbox and the receiver run in it, for both): a figure that a busy
    // machine disturbs less than the time.
    const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
    const oursRun = async (): Promise<[number, number]> => {
      local.reset();
      const l = new Listener({ client: c, forwardTo: local.url, secret, signatureFormat: 'v1', since });
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      l.start();
      const r = rate((await withTimeout(local.nth(BACKLOG), 120_000, "the listener's 1,000 forwards")) - t0);
      const used = cpuMs(process.cpuUsage(c0));
      await l.stop();
      return [r, used];
    };
    const bareRun = async (): Promise<[number, number]> => {
      local.reset();
      // Its own connections each run: one kept from the last would meet the server's keep-alive timeout.
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const c1 = process.cpuUsage();
      const t1 = performance.now();
      await bareForward(s, secret, since, local.url, agent);
      const r = rate((await withTimeout(local.nth(BACKLOG), 1000, "the bare loop's 1,000 forwards")) - t1);
      const used = cpuMs(process.cpuUsage(c1));
      agent.destroy();
      return [r, used];
    };
    const { ours, floor, cpu } = await pairs(oursRun, bareRun);
    const what = size >= 10_000 ? `${Math.round(size / 1000)} KB` : `${size} B`;
    const note = `after ${WARM_UP} warm-up pair, not recorded; CPU of this process (listener or loop, sandbox, receiver) per run, median: ours ${median(cpu.ours).toFixed(0)} ms, bare loop ${median(cpu.floor).toFixed(0)} ms`;
    pairFigure('listen', `backlog: ${BACKLOG} deliveries of ${what} forwarded, start → last received`, 'deliveries/s', ours, { name: 'bare GET-sign-POST loop', runs: floor }, { atLeast: goal }, note);
    report('  (CPU per run, median: ours / bare loop)', `${median(cpu.ours).toFixed(0)} / ${median(cpu.floor).toFixed(0)} ms`);
  } finally {
    await s.close();
    await local.close();
  }
}

/**
 * WARM_UP pairs run first and are not recorded (both sides' code is compiled while they run), then PAIRS pairs,
 * each pair's order alternating (inTurns): each run's rate and CPU.
 */
async function pairs(ours: () => Promise<[number, number]>, floor: () => Promise<[number, number]>) {
  const runs = await inTurns(PAIRS, ours, floor, WARM_UP);
  return { ours: runs.ours.map(([r]) => r), floor: runs.floor.map(([r]) => r), cpu: { ours: runs.ours.map(([, c]) => c), floor: runs.floor.map(([, c]) => c) } };
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<never>((_, reject) => (t = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms)))]).finally(() => clearTimeout(t));
}

/** Listening with nothing to forward for IDLE_SECONDS: this process's CPU (the sandbox runs in its own). */
async function idle(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tw-listen-'));
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/sandbox.js'), '--profile', 'truv', '--json', '--port', '0', '--data', dataDir], { detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
  const local = await receiver();
  try {
    const info = await new Promise<{ baseUrl: string; clientId: string; secrets: Record<string, string> }>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`the sandbox exited with ${String(code)}`)));
      readline.createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', (l) => resolve(JSON.parse(l) as { baseUrl: string; clientId: string; secrets: Record<string, string> }));
    });
    const secret = info.secrets['sandbox'] ?? '';
    const l = new Listener({ client: clientOf({ baseUrl: info.baseUrl, clientId: info.clientId, secret }), forwardTo: local.url, secret, signatureFormat: 'v1', since: new Date() });
    let polls = 0;
    l.on('poll', () => polls++);
    const cpu0 = process.cpuUsage();
    l.start();
    await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
    const used = process.cpuUsage(cpu0);
    await l.stop();
    const ms = (used.user + used.system) / 1000;
    report(`idle listening for ${IDLE_SECONDS} s (${polls} reads of the history): CPU of the listening process`, `${ms.toFixed(0)} ms (${((ms / (IDLE_SECONDS * 1000)) * 100).toFixed(2)} % of one core)`);
  } finally {
    try {
      process.kill(-(child.pid as number), 'SIGTERM');
    } catch {
      // gone
    }
    await local.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  process.stdout.write(`\nListen (${os.cpus().length} cores)\n`);
  if (PARTS.includes('latency')) await latency();
  if (PARTS.includes('backlog')) {
    await backlog(0, 0.8);
    await backlog(100_000, 0.9);
  }
  if (PARTS.includes('idle')) await idle();
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
