/**
 * `npm run bench`, the sandbox at scale: bounded load on loopback against the CLI sandbox in its own process
 * (8 keep-alive clients for 10 s per route: requests/s, p50, p99), and paging 100,000 history rows through the
 * client (time, and the sandbox's heap per page: it must not grow with the pages read). Numbers, not pass/fail.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { pathToFileURL } from 'node:url';
import { TranscryptsClient } from '../../src/core/api/client';
import { CLIENT_ID_HEADER, SECRET_HEADER } from '../../src/core/model';
import { startSandbox } from '../../src/sandbox';
import type { StoredRequest } from '../../src/sandbox/store';
import { inTurns, median, pairFigure, percentile, report } from './report';
import { processCpuMs } from './cpu';

const CLIENTS = 8;
const SECONDS = Number(process.env['BENCH_LOAD_SECONDS'] ?? 10);
const ROOT = path.join(__dirname, '..', '..');
const PAIRS = Number(process.env['BENCH_PAIRS'] ?? 10);
const PARTS = (process.env['BENCH_LOAD_PARTS'] ?? 'load,paging,deliveries,gets').split(',');
const TRIGGERS = 500;
const WARM_UP = 1;
const TRIGGER_LOOPS = 4;
const GET_PAGES = 5;
const GET_SECONDS = Number(process.env['BENCH_GET_SECONDS'] ?? 2);

interface Line {
  baseUrl: string;
  clientId: string;
  secrets: Record<string, string>;
}

/** `CLIENTS` loops of GETs on keep-alive connections for `seconds`, each loop cycling through `urls`; every answer must be 200. */
async function load(urls: string | string[], headers: Record<string, string>, seconds = SECONDS): Promise<{ requests: number; perSecond: number; p50: number; p99: number; errors: number }> {
  const list = typeof urls === 'string' ? [urls] : urls;
  let next = 0;
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  const one = () =>
    new Promise<void>((resolve) => {
      const t = performance.now();
      const url = list[next++ % list.length] as string;
      http
        .get(url, { agent, headers }, (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode === 200) latencies.push(performance.now() - t);
            else errors++;
            resolve();
          });
        })
        .on('error', () => {
          errors++;
          resolve();
        });
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < end) await one();
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length, perSecond: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors };
}

/** A server in its own process group (killed as a group by `stop`), and the JSON line it prints once listening. */
async function child<T>(command: string, args: string[]): Promise<{ line: T; stop(): void; cpuMs(): number }> {
  const c = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
  const stop = () => {
    try {
      process.kill(-(c.pid as number), 'SIGTERM');
    } catch {
      // gone
    }
  };
  try {
    const line = await new Promise<T>((resolve, reject) => {
      c.once('exit', (code) => reject(new Error(`${path.basename(args[0] ?? command)} exited with ${String(code)}`)));
      readline.createInterface({ input: c.stdout as NodeJS.ReadableStream }).once('line', (l) => resolve(JSON.parse(l) as T));
    });
    return { line, stop, cpuMs: () => processCpuMs(c.pid as number) };
  } catch (e) {
    stop();
    throw e;
  }
}

/** BENCH_PROFILE_DIR: each sandbox process writes its CPU profile there when it stops. */
const PROFILE_DIR = process.env['BENCH_PROFILE_DIR'];
const profiling = PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', PROFILE_DIR] : [];
const sandboxProcess = (dataDir: string, ...more: string[]) => child<Line>(process.execPath, [...profiling, path.join(ROOT, 'dist/sandbox.js'), '--json', '--port', '0', '--data', dataDir, ...more]);
// Node itself with tsx's loader (not the tsx command, which runs the server in a child of its own): its CPU is this pid's.
const TSX_LOADER = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const bareProcess = (...args: string[]) => child<{ origin: string }>(process.execPath, [...profiling, '--import', TSX_LOADER, path.join(__dirname, 'bare-servers.ts'), ...args]);

/** `fn`'s result and the CPU `proc` used meanwhile. */
async function withCpu<T>(proc: { cpuMs(): number }, fn: () => Promise<T>): Promise<[T, number]> {
  const before = proc.cpuMs();
  const v = await fn();
  return [v, proc.cpuMs() - before];
}

async function underLoad(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tw-load-'));
  const sandbox = await sandboxProcess(dataDir, '--profile', 'truv', '--seed');
  try {
    const line = sandbox.line;
    const headers = { [CLIENT_ID_HEADER]: line.clientId, [SECRET_HEADER]: line.secrets['prod'] ?? '' };
    for (const [name, route] of [
      ['GET /v1/webhooks/', 'webhooks/'],
      ['GET /v1/webhook-requests/?page_size=50', 'webhook-requests/?page_size=50'],
    ] as const) {
      const r = await load(`${line.baseUrl}${route}`, headers);
      report(
        `load: ${name}, ${CLIENTS} clients × ${SECONDS} s (sandbox process)`,
        `${Math.round(r.perSecond)} req/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms${r.errors ? `, ${r.errors} errors` : ''}`,
        70,
      );
    }
  } finally {
    sandbox.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const gc = (globalThis as { gc?: () => void }).gc;
function heapMb(): number {
  gc?.();
  return process.memoryUsage().heapUsed / 1048576;
}

/** 100,000 rows in one environment, paged through the typed client 500 at a time. */
async function paging(): Promise<void> {
  const s = await startSandbox({ profile: 'truv' });
  try {
    const c = new TranscryptsClient({ baseUrl: s.baseUrl, clientId: s.credentials.clientId, secret: s.credentials.secrets['prod'] ?? '' });
    const t0 = Date.now() - 20 * 86_400_000;
    const rows: StoredRequest[] = [];
    for (let i = 0; i < 100_000; i++) {
      const at = new Date(t0 + i * 10_000).toISOString();
      const payload = { event_type: 'order-created', event_created_at: at, webhook_id: `w${i}`, order_id: `o${i}`, status: 'created', updated_at: at };
      rows.push({ seq: s.store.nextSeq(), created_at: at, env_type: 'prod', webhook_id: `w${i}`, event_type: 'order-created', event_created_at: at, status_code: 200, error_message: null, webhook_payload: payload, webhook_url: 'https://api.example.com/hooks' });
    }
    s.store.addRequests(rows);
    rows.length = 0;
    const heap: number[] = [];
    let n = 0;
    let pages = 0;
    const started = performance.now();
    for await (const p of c.historyPages({ pageSize: 500 })) {
      n += p.results.length;
      pages++;
      if (pages === 10 || pages === 100 || pages === 200) heap.push(heapMb());
    }
    const ms = performance.now() - started;
    report(`history: 100,000 rows paged by the client, page_size 500 (${pages} pages)`, `${(ms / 1000).toFixed(2)} s (${Math.round((n / ms) * 1000)} rows/s)`, 70);
    report(`history: heap after page 10 / 100 / 200 (sandbox + client, ${gc ? 'after gc' : 'no --expose-gc'})`, heap.map((h) => `${h.toFixed(0)} MB`).join(' / '), 70);
  } finally {
    await s.close();
  }
}

/** A loopback receiver of deliveries: 200 to every POST; `nth(n)` resolves at the nth since the last `reset`. */
async function receiver(): Promise<{ url: string; nth(n: number): Promise<number>; reset(): void; close(): void }> {
  let count = 0;
  let waiting: { n: number; resolve: (t: number) => void } | undefined;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      count++;
      if (waiting && count >= waiting.n) {
        waiting.resolve(performance.now());
        waiting = undefined;
      }
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    nth: (n) => (count >= n ? Promise.resolve(performance.now()) : new Promise((resolve) => (waiting = { n, resolve }))),
    reset: () => (count = 0),
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

/** POST `body` to `url`, resolved with the status once the answer is read. */
function postJson(url: string, body: string, headers: Record<string, string>, agent: http.Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { ...headers, 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** TRIGGERS triggers, TRIGGER_LOOPS in flight, then the last delivery received: deliveries/s. */
async function triggerRun(url: string, headers: Record<string, string>, rec: Awaited<ReturnType<typeof receiver>>, agent: http.Agent): Promise<number> {
  rec.reset();
  let sent = 0;
  const body = JSON.stringify({ env_type: 'dev', event_type: 'order-created', payload: {} });
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: TRIGGER_LOOPS }, async () => {
      while (sent < TRIGGERS) {
        sent++;
        const status = await postJson(url, body, headers, agent);
        if (status !== 202) throw new Error(`a trigger was answered ${status}`);
      }
    }),
  );
  let timer: NodeJS.Timeout | undefined;
  const last = await Promise.race([rec.nth(TRIGGERS), new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timed out: the deliveries of a run')), 60_000)))]).finally(() => clearTimeout(timer));
  return (TRIGGERS / (last - t0)) * 1000;
}

/**
 * Deliveries: the CLI sandbox (transcrypts profile, its journal on disk) triggered over HTTP, each trigger a signed
 * POST to a loopback receiver, against a bare node:http server (its own process too) that answers the trigger and
 * signs and POSTs the same payload to the same receiver; PAIRS pairs, interleaved.
 */
async function deliveriesPair(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tw-deliver-'));
  const rec = await receiver();
  const agent = new http.Agent({ keepAlive: true, maxSockets: TRIGGER_LOOPS });
  const procs: Array<{ stop(): void }> = [];
  try {
    const sandbox = await sandboxProcess(dataDir, '--profile', 'transcrypts');
    procs.push(sandbox);
    const secret = sandbox.line.secrets['dev'] ?? '';
    const c = new TranscryptsClient({ baseUrl: sandbox.line.baseUrl, clientId: sandbox.line.clientId, secret });
    await c.createWebhook({ name: 'bench', webhook_url: rec.url, env_type: 'dev', events: ['order-created'] });
    const bare = await bareProcess('deliver', rec.url, secret, 'hex');
    procs.push(bare);
    const headers = { [CLIENT_ID_HEADER]: sandbox.line.clientId, [SECRET_HEADER]: secret };
    const triggerUrl = (base: string) => new URL('/_sandbox/events/', base).href;
    const runs = await inTurns(
      PAIRS,
      () => withCpu(sandbox, () => triggerRun(triggerUrl(sandbox.line.baseUrl), headers, rec, agent)),
      () => withCpu(bare, () => triggerRun(triggerUrl(bare.line.origin), headers, rec, agent)),
      WARM_UP,
    );
    const ours = runs.ours.map(([a]) => a);
    const floor = runs.floor.map(([b]) => b);
    const cpu = { ours: runs.ours.map(([, c]) => c), floor: runs.floor.map(([, c]) => c) };
    const note = cpuNote(cpu, 'sandbox', 'bare server');
    pairFigure('sandbox-load', `deliveries: ${TRIGGERS} triggers (${TRIGGER_LOOPS} in flight) → signed POSTs received (sandbox process, journal on disk)`, 'deliveries/s', ours, { name: 'bare sign-and-POST server', runs: floor }, { atLeast: 0.5 }, note);
    report(`  (${note})`, '');
  } finally {
    for (const p of procs) p.stop();
    agent.destroy();
    rec.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The first `count` history pages of `page_size=50` (following `next`), each as the sandbox answers it. */
async function historyPages(baseUrl: string, headers: Record<string, string>, count: number): Promise<Array<{ path: string; body: string }>> {
  const agent = new http.Agent({ keepAlive: true });
  const get = (url: string) =>
    new Promise<string>((resolve, reject) => {
      http
        .get(url, { agent, headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (b: Buffer) => chunks.push(b));
          res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks).toString('utf8')) : reject(new Error(`GET ${url}: ${res.statusCode}`))));
        })
        .on('error', reject);
    });
  const pages: Array<{ path: string; body: string }> = [];
  let url: string | null = `${baseUrl}webhook-requests/?page_size=50`;
  try {
    while (url && pages.length < count) {
      const body = await get(url);
      if ((await get(url)) !== body) throw new Error(`GET ${url} answers different bytes each time`);
      const u = new URL(url);
      pages.push({ path: u.pathname + u.search, body });
      url = (JSON.parse(body) as { next: string | null }).next;
    }
  } finally {
    agent.destroy();
  }
  return pages;
}

/**
 * History GETs: the seeded CLI sandbox answering the first GET_PAGES pages (CLIENTS keep-alive loops for
 * GET_SECONDS), against a bare node:http server (its own process too) answering the same bytes for the same paths.
 */
async function getsPair(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tw-gets-'));
  const procs: Array<{ stop(): void }> = [];
  try {
    const sandbox = await sandboxProcess(dataDir, '--profile', 'truv', '--seed');
    procs.push(sandbox);
    const headers = { Accept: 'application/json', [CLIENT_ID_HEADER]: sandbox.line.clientId, [SECRET_HEADER]: sandbox.line.secrets['prod'] ?? '' };
    const pages = await historyPages(sandbox.line.baseUrl, headers, GET_PAGES);
    const file = path.join(dataDir, 'pages.json');
    fs.writeFileSync(file, JSON.stringify(pages));
    const bare = await bareProcess('get', file);
    procs.push(bare);
    const oursUrls = pages.map((p) => sandbox.line.baseUrl.replace(/\/v1\/$/, '') + p.path);
    const bareUrls = pages.map((p) => bare.line.origin + p.path);
    const runs = await inTurns(
      PAIRS,
      () => withCpu(sandbox, () => load(oursUrls, headers, GET_SECONDS)),
      () => withCpu(bare, () => load(bareUrls, headers, GET_SECONDS)),
      WARM_UP,
    );
    const ours = runs.ours.map(([a]) => checked(a));
    const floor = runs.floor.map(([b]) => checked(b));
    // CPU per 1,000 requests answered, each server's own.
    const cpu = { ours: runs.ours.map(([a, c]) => (c / a.requests) * 1000), floor: runs.floor.map(([b, c]) => (c / b.requests) * 1000) };
    const note = cpuNote(cpu, 'sandbox', 'bare server', 'per 1,000 requests');
    const kb = Math.round(pages.reduce((n, p) => n + Buffer.byteLength(p.body), 0) / pages.length / 1000);
    pairFigure('sandbox-load', `history GETs: ${pages.length} pages of page_size=50 (~${kb} KB), ${CLIENTS} keep-alive clients × ${GET_SECONDS} s`, 'req/s', ours, { name: 'bare server, same bytes', runs: floor }, { atLeast: 0.7 }, note);
    report(`  (${note})`, '');
  } finally {
    for (const p of procs) p.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function cpuNote(cpu: { ours: number[]; floor: number[] }, ours: string, floor: string, per = 'per run'): string {
  return `after ${WARM_UP} warm-up pair, not recorded; server CPU ${per}, median: ${ours} ${median(cpu.ours).toFixed(0)} ms, ${floor} ${median(cpu.floor).toFixed(0)} ms`;
}

function checked(r: { perSecond: number; errors: number }): number {
  if (r.errors > 0) throw new Error(`${r.errors} GETs were not answered 200`);
  return r.perSecond;
}

async function main(): Promise<void> {
  process.stdout.write(`\nthe sandbox at scale (${os.cpus().length} cores)\n`);
  if (PARTS.includes('load')) await underLoad();
  if (PARTS.includes('paging')) await paging();
  if (PARTS.includes('deliveries')) await deliveriesPair();
  if (PARTS.includes('gets')) await getsPair();
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
