/**
 * Scale without freezing (#30): the configuration list's body parsed and checked in slices gives exactly what
 * JSON.parse + the fast path give, the sort in slices what the sort gives, and the catalog's whole load of 50,000
 * configurations in one page never blocks the event loop for long (monitorEventLoopDelay).
 */
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { TranscryptsClient } from '../../src/core/api/client';
import { fastWebhookPage, type Webhook } from '../../src/core/api/schemas';
import { Bytes } from '../../src/core/api/bytes';
import { WHOLE_BODY_BYTES, webhookPageInSlices } from '../../src/core/api/slicedPage';
import { EVENT_TYPES } from '../../src/core/events';
import { Slicer, sortInSlices } from '../../src/core/slices';
import { Catalog, compareWebhooks, SNAPSHOT_MAX_CONFIGURATIONS, sortWebhooks } from '../../src/core/webhooks/catalog';
import type { Log } from '../../src/vscode/platform/log';
import { SnapshotStore } from '../../src/vscode/view/snapshotStore';
import { startBlockProbe } from '../harness/blockProbe';

const SEED = 20261207;
/** The longest the event loop may be blocked, in CPU time of the main thread. */
const MAX_BLOCK_CPU_MS = 100;

/** What the usual path makes of `text`: JSON.parse, then the fast path (undefined where either refuses). */
function reference(text: string): unknown {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  return fastWebhookPage(json);
}

/** `text`'s UTF-8 bytes cut at `cuts` (a character may be split between chunks, as a socket splits it). */
function chunked(text: string, cuts: readonly number[]): Bytes {
  const all = Buffer.from(text);
  const at = [...new Set(cuts.map((c) => c % (all.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const c of [...at, all.length]) {
    chunks.push(all.subarray(from, c));
    from = c;
  }
  return new Bytes(chunks);
}

function hook(i: number, name = `Receiver ${String(i).padStart(5, '0')}`): Webhook {
  const at = '2026-12-06T00:00:00.000Z';
  return { id: `id-${i}`, name, webhook_url: `https://hooks${i}.example.com/transcrypts`, events: [...EVENT_TYPES], env_type: 'sandbox', enabled: i % 7 !== 0, created_at: at, updated_at: at };
}

describe('scale: the configuration list in slices', () => {
  it('reads a body in chunks as the one text they make: bytes, searches and decoded ranges (any cuts)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.array(fc.nat(), { maxLength: 6 }), fc.nat(), fc.nat(), (t, cuts, x, y) => {
        const all = Buffer.from(t);
        const b = chunked(t, cuts);
        assert.equal(b.length, all.length);
        assert.equal(b.toString(), all.toString());
        // Out of order, as the scanner reads back over backslashes.
        for (const i of [x % (all.length + 2), 0, all.length - 1, all.length, -1, y % (all.length + 1)]) assert.equal(b.at(i), all[i] ?? -1, `at(${i})`);
        for (const byte of [0x22, 0x5c, all[x % Math.max(1, all.length)] ?? 0x7b]) {
          const from = y % (all.length + 2);
          assert.equal(b.indexOf(byte, from), all.indexOf(byte, from), `indexOf(${byte}, ${from})`);
        }
        const [from, to] = [x % (all.length + 1), y % (all.length + 1)].sort((p, q) => p - q) as [number, number];
        assert.equal(b.text(from, to), all.toString('utf8', from, to), `text(${from}, ${to})`);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('parses in slices exactly what JSON.parse and the fast path accept, and nothing else (any text)', async () => {
    const anyValue = fc.jsonValue({ maxDepth: 3 });
    const tricky = fc.constantFrom('a"b', 'a\\"]},[{', '\\\\', '\u2028', '{"x": [1, 2]}', ']', '', 'é😀');
    const config = fc.record(
      {
        id: fc.oneof(fc.string({ maxLength: 6 }), tricky),
        name: fc.oneof(fc.string({ maxLength: 10 }), tricky, anyValue),
        webhook_url: fc.oneof(fc.webUrl(), tricky),
        events: fc.oneof(fc.array(fc.oneof(fc.constantFrom('order-created'), tricky), { maxLength: 3 }), anyValue),
        env_type: fc.oneof(fc.constantFrom('dev', 'prod', 'production'), anyValue),
        enabled: fc.oneof(fc.boolean(), anyValue),
        extra: anyValue,
      },
      { requiredKeys: ['id', 'name', 'webhook_url', 'events', 'env_type'] },
    );
    const page = fc.oneof(
      fc.array(config, { maxLength: 6 }),
      fc.record({ count: fc.oneof(fc.nat(), anyValue), next: fc.oneof(fc.constant(null), fc.webUrl(), anyValue), previous: fc.constant(null), results: fc.oneof(fc.array(config, { maxLength: 6 }), anyValue), __proto__: anyValue }, { requiredKeys: ['results'] }),
      anyValue,
    );
    // As servers write it (any indentation), and broken in the ways a scanner may miss: a comma too many or too few,
    // a cut, a duplicate member, text around it.
    const text = fc.tuple(page, fc.constantFrom(undefined, 1, 2, '\t'), fc.nat(), fc.constantFrom('none', 'cut', 'comma', 'nocomma', 'dup', 'suffix', 'prefix', 'bracket')).map(([p, indent, at, how]) => {
      const t = JSON.stringify(p, null, indent);
      const i = t.length === 0 ? 0 : at % t.length;
      switch (how) {
        case 'cut':
          return t.slice(0, i);
        case 'comma':
          return t.replace(/\}(\s*)\]/, '},$1]');
        case 'nocomma':
          return t.replace(/\},(\s*)\{/, '}$1{');
        case 'dup':
          return t.replace(/^\{/, '{"results": [], ');
        case 'suffix':
          return `${t} x`;
        case 'prefix':
          return `\uFEFF${t}`;
        case 'bracket':
          return `${t.slice(0, i)}]${t.slice(i)}`;
        default:
          return t;
      }
    });
    let agreed = 0;
    await fc.assert(
      // The body as a socket delivers it: in chunks cut anywhere, even inside a character.
      fc.asyncProperty(text, fc.array(fc.nat(), { maxLength: 8 }), async (t, cuts) => {
        const expected = reference(t);
        const got = await webhookPageInSlices(chunked(t, cuts), new Slicer(1));
        if (got !== undefined) assert.deepEqual(got, expected, 'sliced accepted what the usual path refuses, or differs');
        // Every valid page the usual path takes on its fast path is taken in slices too (nothing is left to the block).
        if (expected !== undefined) {
          assert.deepEqual(got, expected);
          agreed++;
        }
      }),
      { seed: SEED, numRuns: 800 },
    );
    assert.ok(agreed > 20, `${agreed} valid pages were parsed: the generator must reach them`);
  });

  it('keeps the usual answers for a bare array, an empty page, "__proto__" and escapes', async () => {
    const cases = [
      '[]',
      ' { "results" : [ ] } ',
      '{"results": [{"id": "a\\"]", "name": "}{", "webhook_url": "u", "events": [], "env_type": "development"}], "next": null, "count": 1}',
      '{"__proto__": {"x": 1}, "results": []}',
      '{"results": [{"id": "a", "name": "n", "webhook_url": "u", "events": [], "env_type": "dev"},]}',
      '{"results": [,{"id": "a", "name": "n", "webhook_url": "u", "events": [], "env_type": "dev"}]}',
      '{"results": [1 2]}',
      '{"results": []}{}',
      '{"\\x": 1, "results": []}',
      '{"results": [{"id": "a", "name": "n\\q", "webhook_url": "u", "events": [], "env_type": "dev"}]}',
    ];
    for (const c of cases) assert.deepEqual(await webhookPageInSlices(chunked(c, []), new Slicer()), reference(c), c);
    // An abort is not "not this way": it ends the load.
    const aborted = new AbortController();
    aborted.abort();
    const long = JSON.stringify(Array.from({ length: 2000 }, (_, i) => hook(i)));
    await assert.rejects(webhookPageInSlices(chunked(long, []), new Slicer(0, aborted.signal)), { name: 'AbortError' });
  });

  it('lists the same configurations whether a page is parsed the usual way or in slices (either side of WHOLE_BODY_BYTES)', async () => {
    // Two pages over loopback: the first as large as the usual way takes, the second one configuration past it.
    const rows = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ ...hook(from + i, `Zürich ${from + i}`), env_type: i % 2 ? 'development' : 'sandbox' }));
    const pageText = (results: unknown[], next: string | null) => JSON.stringify({ count: 0, next, previous: null, results });
    let n = 1;
    while (Buffer.byteLength(pageText(rows(0, n + 1), 'http://x/v1/webhooks/?page=2')) <= WHOLE_BODY_BYTES) n++;
    const server = http.createServer((req, res) => {
      const { port } = server.address() as AddressInfo;
      const second = req.url?.includes('page=2');
      const text = second ? pageText(rows(n, n + 1), null) : pageText(rows(0, n), `http://127.0.0.1:${port}/v1/webhooks/?page=2`);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(text);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      const sizes = [pageText(rows(0, n), `http://127.0.0.1:${port}/v1/webhooks/?page=2`), pageText(rows(n, n + 1), null)].map((t) => Buffer.byteLength(t));
      assert.ok((sizes[0] as number) <= WHOLE_BODY_BYTES && (sizes[1] as number) > WHOLE_BODY_BYTES, sizes.join(', '));
      const client = new TranscryptsClient({ baseUrl: `http://127.0.0.1:${port}/v1/`, clientId: 'c', secret: 'sandbox-s' });
      const got = await client.listWebhooks();
      const expected = (reference(JSON.stringify([...rows(0, n), ...rows(n, n + 1)])) as { results: Webhook[] }).results;
      assert.deepEqual(got, expected);
      assert.equal(got[1]?.env_type, 'dev');
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('sorts in slices exactly as the sort does (stable, ties kept in order)', async () => {
    const names = ['b', 'B', 'a', 'Ä', 'a', 'z', '', 'beta', 'Alpha'];
    const list = Array.from({ length: 3000 }, (_, i) => ({ ...hook(i, names[i % names.length]), webhook_url: `https://h${i % 5}.example.com/` }));
    const expected = sortWebhooks(list);
    const got = await sortInSlices(list, compareWebhooks(), new Slicer(1), 64);
    assert.deepEqual(got.map((w) => w.id), expected.map((w) => w.id));
  });

  it('loads 50,000 configurations in one list page without blocking the event loop for long', async function () {
    this.timeout(120_000);
    const COUNT = 50_000;
    // The body is built before the measurement: the server's own work is not the client's block.
    const body = Buffer.from(JSON.stringify({ count: COUNT, next: null, previous: null, results: Array.from({ length: COUNT }, (_, i) => hook(i)) }));
    const server = http.createServer((req, res) => {
      const list = req.url?.startsWith('/v1/webhooks/');
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': list ? body.length : 30 });
      res.end(list ? body : '{"next": null, "results": [] }');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      const client = new TranscryptsClient({ baseUrl: `http://127.0.0.1:${port}/v1/`, clientId: 'c', secret: 'sandbox-s', timeoutMs: 120_000 });
      const catalog = new Catalog({ client: (e) => (e === 'sandbox' ? client : undefined), environments: ['sandbox'] });
      const probe = startBlockProbe();
      const started = performance.now();
      await catalog.refresh();
      const took = performance.now() - started;
      const blocks = probe.stop();
      assert.equal(catalog.count('sandbox'), COUNT);
      assert.equal(catalog.webhooks('sandbox')[0]?.name, 'Receiver 00000');
      assert.equal(catalog.webhooks('sandbox')[COUNT - 1]?.name, 'Receiver 49999');
      // What the same work costs in one block: the parse, the check and the sort of the usual path.
      const t0 = performance.now();
      const page = reference(body.toString());
      assert.ok(page && typeof page === 'object' && 'results' in page);
      sortWebhooks(page.results as Webhook[]);
      const unsliced = performance.now() - t0;
      process.stdout.write(
        `      50,000 configurations: loaded in ${took.toFixed(0)} ms; longest block ${blocks.cpuMs.toFixed(0)} ms of CPU, ${blocks.wallMs.toFixed(0)} ms of wall-clock time (unsliced: one block of ${unsliced.toFixed(0)} ms; load ${os.loadavg()[0]?.toFixed(1)})\n`,
      );
      // The goal is 50 ms; the bound leaves room for the probe's 10 ms ticks and garbage collection. Unsliced, the
      // longest block is the whole parse, check and sort (about 330 ms of CPU), and fails. The CPU time the main
      // thread used, not the wall-clock delay: on a loaded machine that also counts the waits for a CPU.
      assert.ok(blocks.cpuMs < MAX_BLOCK_CPU_MS, `the event loop was blocked for ${blocks.cpuMs.toFixed(0)} ms of CPU`);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('keeps no sidebar snapshot past 5,000 configurations, and removes an older, smaller one', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snapshot-scale-'));
    const list = Array.from({ length: SNAPSHOT_MAX_CONFIGURATIONS + 1 }, (_, i) => hook(i));
    const client = { listWebhooks: () => Promise.resolve(list), historyPage: () => Promise.reject(new Error('no history')) } as unknown as TranscryptsClient;
    try {
      const file = path.join(dir, 'sidebar-snapshot.json');
      fs.writeFileSync(file, '{"an": "older snapshot"}');
      const catalog = new Catalog({ client: (e) => (e === 'sandbox' ? client : undefined), environments: ['sandbox'] });
      const store = new SnapshotStore(file, () => 'connection-a', catalog, { debug: () => undefined } as unknown as Log);
      await catalog.refresh();
      assert.equal(catalog.tooManyToKeep(), SNAPSHOT_MAX_CONFIGURATIONS + 1);
      assert.equal(catalog.snapshot(), undefined);
      for (let i = 0; i < 60 && fs.existsSync(file); i++) await new Promise((r) => setTimeout(r, 100));
      assert.ok(!fs.existsSync(file), 'the older snapshot is removed');
      store.dispose();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
