/**
 * `npm run bench`: numbers, not pass/fail. Sandbox start-up, API round trips over loopback through the typed
 * client, history paging, and delivery throughput. Each figure is the median of several runs.
 */
import * as http from 'node:http';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { TranscryptsClient } from '../../src/core/api/client';
import { startSandbox, type Sandbox } from '../../src/sandbox';
import { Catalog } from '../../src/core/webhooks/catalog';
import { chartOf } from '../../src/shared/chart';
import fetch from 'node-fetch';
import { CLIENT_ID_HEADER, KNOWN_ENVS as ENV_TYPES, SECRET_HEADER } from '../../src/core/model';
import { inTurns, median, pairFigure, report, soloFigure } from './report';

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const v = await fn();
  return [performance.now() - t, v];
}

function client(s: Sandbox, env: string = 'sandbox'): TranscryptsClient {
  return new TranscryptsClient({ baseUrl: s.baseUrl, clientId: s.credentials.clientId, secret: s.credentials.secrets[env] ?? '' });
}

async function main(): Promise<void> {
  process.stdout.write(`node ${process.version}, ${os.cpus().length} cores\n\n`);
  // Start-up: empty, seeded in memory, seeded on disk (first start writes, second replays).
  const startEmpty: number[] = [];
  for (let i = 0; i < 5; i++) {
    const [ms, s] = await time(() => startSandbox({ profile: 'truv' }));
    startEmpty.push(ms);
    await s.close();
  }
  report('sandbox start, empty, in memory', `${median(startEmpty).toFixed(1)} ms`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tw-bench-'));
  const [seedMs, seeded] = await time(() => startSandbox({ profile: 'truv', dataDir: dir, seed: true }));
  report(`sandbox first start with --seed (${seeded.store.requests.length} rows, on disk)`, `${seedMs.toFixed(1)} ms`);
  await seeded.close();
  const replays: number[] = [];
  for (let i = 0; i < 3; i++) {
    const [ms, s] = await time(() => startSandbox({ profile: 'truv', dataDir: dir, seed: true }));
    replays.push(ms);
    await s.close();
  }
  report('sandbox restart replaying the journal', `${median(replays).toFixed(1)} ms`);

  const s = await startSandbox({ profile: 'truv', seed: true, seedDeliveries: 10_000 });
  try {
    const c = client(s, 'prod');
    // Round trips.
    const lists: number[] = [];
    for (let i = 0; i < 30; i++) lists.push((await time(() => c.listWebhooks()))[0]);
    report('GET /v1/webhooks/ (8 configurations), median', `${median(lists).toFixed(2)} ms`);
    const creates: number[] = [];
    const dev = client(s, 'dev');
    for (let i = 0; i < 200; i++) creates.push((await time(() => dev.createWebhook({ name: `b${i}`, webhook_url: `https://e.com/${i}`, env_type: 'dev' })))[0]);
    report('POST /v1/webhooks/ (create, fsync-free memory store), median', `${median(creates).toFixed(2)} ms`);
    const [list200] = await time(() => c.listWebhooks());
    report('list 208 configurations (3 pages)', `${list200.toFixed(1)} ms`);
    for (const size of [50, 500]) {
      const pages: number[] = [];
      for (let i = 0; i < 20; i++) pages.push((await time(() => c.historyPage({ pageSize: size })))[0]);
      report(`history first page, page_size=${size} (${s.store.requestsOf('prod').length} prod rows)`, `${median(pages).toFixed(2)} ms`);
    }
    const [allMs, n] = await time(async () => {
      let k = 0;
      for await (const p of c.historyPages({ pageSize: 500 })) k += p.results.length;
      return k;
    });
    report(`history, every prod row via the async iterator (${n} rows)`, `${allMs.toFixed(0)} ms (${Math.round((n / allMs) * 1000)} rows/s)`);
    // Ours against the floor: the same pages by a bare loop of GETs (the same HTTP library, JSON.parse, no
    // validation), interleaved, 10 pairs.
    const bare = async (): Promise<number> => {
      let k = 0;
      let url: string | null = `${s.baseUrl}webhook-requests/?page_size=500`;
      while (url) {
        const res = await fetch(url, { headers: { Accept: 'application/json', [CLIENT_ID_HEADER]: s.credentials.clientId, [SECRET_HEADER]: s.credentials.secrets.prod ?? '' } });
        const body = JSON.parse(await res.text()) as { results: unknown[]; next: string | null };
        k += body.results.length;
        url = body.next;
      }
      return k;
    };
    const bareRun = async (): Promise<number> => {
      const [ms, k] = await time(bare);
      if (k !== n) throw new Error(`the bare loop read ${k} rows, the client ${n}`);
      return ms;
    };
    const { ours: oursRuns, floor: bareRuns } = await inTurns(10, async () => (await time(async () => {
      for await (const _ of c.historyPages({ pageSize: 500 })) void _;
    }))[0], bareRun);
    pairFigure('run', `history paging of ${n} rows, page_size 500: our client`, 'ms', oursRuns, { name: 'bare loop of GETs', runs: bareRuns }, { atMost: 1.2 });
  } finally {
    await s.close();
  }

  // The history panel's chart: 10,000 loaded rows into buckets (runs in the webview on every change of the rows).
  {
    const at = Date.now();
    const rows = Array.from({ length: 10_000 }, (_, i) => ({ key: i, webhook_id: String(i), event_type: 'order-created', event_created_at: new Date(at - i * 250_000).toISOString(), status_code: i % 7 === 0 ? 503 : 200, error_message: null, webhook_url: '', payload: {} }));
    const runs: number[] = [];
    for (let i = 0; i < 20; i++) runs.push((await time(async () => chartOf(rows)))[0]);
    report('history chart: 10,000 rows into buckets, median', `${median(runs).toFixed(1)} ms`);
  }

  // The sidebar's model: list + group + sort + failure stats, for 10 and 1,000 configurations.
  for (const count of [10, 1000]) {
    const t = await startSandbox({ profile: 'truv', seed: true });
    try {
      // Each environment's configurations with its own keys (the sandbox refuses another environment's).
      for (let i = 0; i < count; i++) {
        const env = ENV_TYPES[i % 3] ?? 'dev';
        await client(t, env).createWebhook({ name: `n${i}`, webhook_url: `https://e.com/${i}`, env_type: env });
      }
      const catalog = new Catalog({ client: (env) => client(t, env), environments: ENV_TYPES });
      const samples: number[] = [];
      for (let i = 0; i < 5; i++) samples.push((await time(() => catalog.refresh()))[0]);
      report(`catalog refresh, 3 environments, ${count + 8} configurations (+ history stats)`, `${median(samples).toFixed(1)} ms`);
    } finally {
      await t.close();
    }
  }

  // Delivery throughput to a loopback receiver.
  let received = 0;
  const receiver = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const port = (receiver.address() as AddressInfo).port;
  const d = await startSandbox({ profile: 'truv' });
  try {
    const c = client(d);
    await c.createWebhook({ name: 'bench', webhook_url: `http://127.0.0.1:${port}/`, env_type: 'sandbox', events: ['order-created'] });
    const [ms] = await time(async () => {
      for (let i = 0; i < 500; i++) await c.triggerSandboxEvent('sandbox', 'order-created');
      await d.deliverer.idle();
    });
    soloFigure('run', `deliveries: 500 signed POSTs, triggered by the client one at a time and received (${received}), in-memory sandbox`, 'deliveries/s', [(500 / ms) * 1000], undefined, 'one run; the paired figure (against a bare server) is sandbox-load\'s');
  } finally {
    await d.close();
    receiver.closeAllConnections();
    receiver.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
