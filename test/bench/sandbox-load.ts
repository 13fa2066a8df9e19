/**
 * `npm run bench`, the sandbox at scale: bounded load on loopback against the CLI sandbox in its own process
 * (8 keep-alive clients for 10 s per route: requests/s, p50, p99), and paging 100,000 history rows through the
 * client (time, and the sandbox's heap per page: it must not grow with the pages read). Numbers, not pass/fail.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { TranscryptsClient } from '../../src/core/api/client';
import { CLIENT_ID_HEADER, SECRET_HEADER } from '../../src/core/model';
import { startSandbox } from '../../src/sandbox';
import type { StoredRequest } from '../../src/sandbox/store';
import { report } from './report';

const CLIENTS = 8;
const SECONDS = Number(process.env['BENCH_LOAD_SECONDS'] ?? 10);
const ROOT = path.join(__dirname, '..', '..');

interface Line {
  baseUrl: string;
  clientId: string;
  secrets: Record<string, string>;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** `CLIENTS` loops of GETs on keep-alive connections for `SECONDS`; every answer must be 200. */
async function load(url: string, headers: Record<string, string>): Promise<{ perSecond: number; p50: number; p99: number; errors: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + SECONDS * 1000;
  const one = () =>
    new Promise<void>((resolve) => {
      const t = performance.now();
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
  return { perSecond: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors };
}

async function underLoad(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tw-load-'));
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/sandbox.js'), '--profile', 'truv', '--seed', '--json', '--port', '0', '--data', dataDir], {
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const line = await new Promise<Line>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`the sandbox exited with ${String(code)}`)));
      readline.createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', (l) => resolve(JSON.parse(l) as Line));
    });
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
    try {
      process.kill(-(child.pid as number), 'SIGTERM');
    } catch {
      // gone
    }
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

async function main(): Promise<void> {
  process.stdout.write(`\nthe sandbox at scale (${os.cpus().length} cores)\n`);
  await underLoad();
  await paging();
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
