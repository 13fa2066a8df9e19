/**
 * The sidebar's snapshot (last session's configurations, painted at once at the next activation) and the list's
 * fast path that reads it: the fast path gives exactly zod's result; a snapshot of another connection, of another
 * version or with a list that does not fit is ignored; the catalog shows it as stale until each list answers.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeIssue, fastWebhookPage, webhookPageSchema, webhookPageZod, type Webhook } from '../../src/core/api/schemas';
import type { TranscryptsClient } from '../../src/core/api/client';
import type { EnvType } from '../../src/core/model';
import { Catalog, sortWebhooks } from '../../src/core/webhooks/catalog';
import { decodeSnapshot, encodeSnapshot, firstAnswer, LISTS_EXPECTED_MAX_MS, SNAPSHOT_AFTER_MS, snapshotWaitMs, type Snapshot } from '../../src/core/webhooks/snapshot';
import { CLIENT_ID, SECRET, startConformanceServer } from '../conformance/server';
import { agreesWithZod, clientFor, closedPort, withSandbox } from './helpers';
import type { Sandbox } from '../../src/sandbox';
import { STATE_KEYS } from '../../src/vscode/platform/stateKeys';
import { TranscryptsClient as Client } from '../../src/core/api/client';
import { SnapshotStore } from '../../src/vscode/view/snapshotStore';
import type { Log } from '../../src/vscode/platform/log';

const VALUES: unknown[] = [undefined, null, '', 'x', 'sandbox', 0, 1.5, true, false, {}, [], ['order-created'], ['order-created', 3], 'https://hooks.example.com/a'];
const FIELDS = ['id', 'name', 'webhook_url', 'events', 'env_type', 'enabled', 'created_at', 'updated_at', 'extra_field'];

/** A value that fits each field, used most of the time, so that both fitting and refused configurations come up. */
const FITTING: Record<string, unknown> = { id: 'a1', name: 'Receiver', webhook_url: 'https://hooks.example.com/a', events: ['order-created'], env_type: 'sandbox', enabled: true, created_at: '2026-11-29T00:00:00Z', updated_at: '2026-11-29T00:00:00Z', extra_field: { kept: 1 } };

function configuration(rng: () => number): Record<string, unknown> {
  const w: Record<string, unknown> = {};
  for (const f of FIELDS) if (rng() < 0.95) w[f] = rng() < 0.9 ? FITTING[f] : VALUES[Math.floor(rng() * VALUES.length)];
  return JSON.parse(JSON.stringify(w)) as Record<string, unknown>;
}

function hook(name: string, env: EnvType = 'sandbox'): Webhook {
  return { id: `id-${name}`, name, webhook_url: `https://hooks.example.com/${name}`, events: ['order-created'], env_type: env };
}

describe('configuration list: the fast path against zod', () => {
  it('agrees with zod on 10,000 random configurations, in pages of both shapes', () => {
    const pages = (w: Record<string, unknown>) => [[w], { results: [w], next: null }, { count: 1, results: [w], next: 'http://127.0.0.1/v1/webhooks/?page=2', previous: null }, { count: -1, results: [w] }];
    const fitting = agreesWithZod(10_000, 7, configuration, pages, fastWebhookPage, webhookPageZod);
    assert.ok(fitting > 100 && fitting < 39_900, `both fitting and refused configurations were tried (${fitting} fitting)`);
  });

  it('names the offending field as before when a configuration does not fit', () => {
    const json = { results: [hook('a'), { ...hook('b'), events: ['order-created', 7] }], next: null };
    const viaPage = webhookPageSchema.safeParse(json);
    const viaZod = webhookPageZod.safeParse(json);
    assert.ok(!viaPage.success && !viaZod.success);
    assert.equal(describeIssue(viaPage.error), describeIssue(viaZod.error));
  });

  it('sorts by name without regard to case or accents, then by URL', () => {
    const list = [hook('beta'), hook('Alpha'), { ...hook('alpha'), webhook_url: 'https://a.example.com/' }, hook('Ärger'), hook('zeta')];
    assert.deepEqual(sortWebhooks(list).map((w) => `${w.name} ${w.webhook_url}`), ['alpha https://a.example.com/', 'Alpha https://hooks.example.com/Alpha', 'Ärger https://hooks.example.com/Ärger', 'beta https://hooks.example.com/beta', 'zeta https://hooks.example.com/zeta']);
  });
});

describe('sidebar snapshot', () => {
  const snapshot: Snapshot = { key: 'remote client-1 http://127.0.0.1:1/v1/', savedAt: '2026-11-29T05:00:00.000Z', environments: ['sandbox', 'dev'], lists: { sandbox: [hook('b'), hook('a')], dev: [hook('d', 'dev')] } };

  it('reads back what it wrote, for the same connection only', () => {
    const text = encodeSnapshot(snapshot);
    const back = decodeSnapshot(text, snapshot.key);
    assert.ok('snapshot' in back);
    assert.deepStrictEqual(back.snapshot, snapshot);
    assert.deepEqual(decodeSnapshot(text, 'remote client-2 http://127.0.0.1:1/v1/'), { ignored: 'another connection' });
    // No key, secret or header is in it: only what the tree shows.
    assert.doesNotMatch(text, /secret|X-Access/i);
    // Built from its body's JSON, it is the object a plain stringify gives, whatever the key holds.
    const odd = { ...snapshot, key: 'remote "c\\1" \u2028 http://127.0.0.1:1/v1/' };
    assert.deepStrictEqual(JSON.parse(encodeSnapshot(odd)), { version: 1, ...odd });
    assert.deepStrictEqual(decodeSnapshot(encodeSnapshot(odd), odd.key), { snapshot: odd });
  });

  it('ignores a file that is not a snapshot of this version, or whose list does not fit', () => {
    const json = JSON.parse(encodeSnapshot(snapshot)) as Record<string, unknown>;
    const cases: Array<[string, string]> = [
      ['{"key": "remote', 'not JSON'],
      ['[]', 'not a snapshot'],
      [JSON.stringify({ ...json, version: 2 }), 'not a snapshot of this version'],
      [JSON.stringify({ ...json, environments: 'sandbox' }), 'no environments'],
      [JSON.stringify({ ...json, lists: [] }), 'no lists'],
      [JSON.stringify({ ...json, lists: { sandbox: [{ ...hook('a'), id: '' }] } }), 'a list does not fit'],
      [JSON.stringify({ ...json, lists: { sandbox: [{ ...hook('a'), enabled: 'yes' }] } }), 'a list does not fit'],
    ];
    for (const [text, why] of cases) assert.deepEqual(decodeSnapshot(text, snapshot.key), { ignored: why }, text);
  });

  it('keeps an environment named "__proto__" as a key like any other', () => {
    const text = `{"version":1,"key":"k","savedAt":"x","environments":["__proto__"],"lists":{"__proto__":[${JSON.stringify(hook('p', '__proto__'))}]}}`;
    const back = decodeSnapshot(text, 'k');
    assert.ok('snapshot' in back);
    assert.equal(Object.getPrototypeOf(back.snapshot.lists), Object.prototype);
    assert.deepEqual(Object.keys(back.snapshot.lists), ['__proto__']);
  });
});

describe('catalog: last session’s configurations until the lists answer', () => {
  it('shows the snapshot before the connection knows its environments, stale, then the fresh lists', () =>
    withSandbox({ seed: true }, async (s) => {
      let environments: EnvType[] = [];
      const catalog = new Catalog({ client: (env) => (environments.includes(env) ? clientFor(s, env) : undefined), get environments() { return environments; } });
      const stale = hook('Deleted since');
      catalog.restore({ environments: ['sandbox', 'dev'], lists: { sandbox: [stale] } });
      assert.ok(catalog.restored);
      assert.deepEqual(catalog.groups(), ['sandbox', 'dev']);
      assert.equal(catalog.state('sandbox').kind, 'loaded');
      assert.ok(catalog.isStale('sandbox'));
      assert.deepEqual(catalog.webhooks('sandbox').map((w) => w.name), ['Deleted since']);
      assert.equal(catalog.snapshot(), undefined, 'a snapshot is never written back from a snapshot');
      // The connection is restored: the lists replace it; while they load, the stale list stays shown.
      environments = ['sandbox'];
      const states: string[] = [];
      catalog.onChange(() => states.push(`${catalog.state('sandbox').kind} ${catalog.webhooks('sandbox').length}`));
      await catalog.refresh();
      assert.ok(!states.some((x) => x.startsWith('loading')), `never "loading" over the snapshot: ${states.join(', ')}`);
      assert.ok(!catalog.isStale('sandbox'));
      assert.ok(!catalog.restored);
      assert.deepEqual(catalog.groups(), ['sandbox'], 'environments no longer connected are gone');
      assert.deepEqual(catalog.webhooks('sandbox').map((w) => w.name), ['Legacy receiver', 'Local receiver', 'Order updates (local)']);
      assert.equal(catalog.find(stale.id), undefined);
      assert.deepEqual(Object.keys(catalog.snapshot()?.lists ?? {}), ['sandbox']);
      // Once listed, a snapshot is never applied over fresher lists.
      catalog.restore({ environments: ['sandbox'], lists: { sandbox: [stale] } });
      assert.equal(catalog.find(stale.id), undefined);
    }));

  it('tells which group changed when a list holds only its own environment, so a view renders only that group', () =>
    withSandbox({ seed: true }, async (s) => {
      const catalog = new Catalog({ client: (env) => clientFor(s, env), environments: ['sandbox', 'dev', 'prod'] });
      await catalog.refresh();
      const events: Array<string> = [];
      catalog.onChange((env, what) => what === 'data' && events.push(env ?? 'all'));
      await catalog.refresh();
      assert.deepEqual([...new Set(events)].sort(), ['dev', 'prod', 'sandbox'], events.join(', '));
    }));

  it('tells every group when the list it replaces held another env_type, put there by a change (an upsert)', () =>
    withSandbox({ seed: true }, async (s) => {
      const catalog = new Catalog({ client: (env) => clientFor(s, env), environments: ['sandbox', 'dev', 'prod'] });
      await catalog.refresh();
      // Created through the sandbox's secret, of env_type dev: the Development group shows it; the platform does not
      // list it again (it is not there), so the sandbox's fresh list takes it out of that other group.
      catalog.upsert({ ...hook('Moved', 'dev'), id: 'moved-1' }, 'sandbox');
      assert.ok(catalog.webhooks('dev').some((w) => w.id === 'moved-1'));
      const events: string[] = [];
      catalog.onChange((env, what) => what === 'data' && events.push(env ?? 'all'));
      await catalog.refresh('sandbox');
      assert.ok(!catalog.webhooks('dev').some((w) => w.id === 'moved-1'));
      assert.ok(events.includes('all'), `the Development group is told too: ${events.join(', ')}`);
    }));

  it('tells every group when a list holds another env_type (the documents\' staging example)', async () => {
    const srv = await startConformanceServer({ staging: true });
    try {
      const client = new Client({ baseUrl: srv.baseUrl, clientId: CLIENT_ID, secret: SECRET, maxRetries: 0 }) as TranscryptsClient;
      const catalog = new Catalog({ client: (env) => (env === 'dev' ? client : undefined), environments: ['dev'] });
      await catalog.refresh();
      assert.deepEqual(catalog.groups(), ['dev', 'staging']);
      const events: string[] = [];
      catalog.onChange((env, what) => what === 'data' && events.push(env ?? 'all'));
      await catalog.refresh();
      assert.ok(events.includes('all'), events.join(', '));
    } finally {
      await srv.close();
    }
  });

  it('drops a snapshot\'s groups when the restored connection has none of its environments', async () => {
    const catalog = new Catalog({ client: () => undefined, environments: [] });
    catalog.restore({ environments: ['sandbox', 'dev'], lists: { sandbox: [hook('a')], dev: [hook('d', 'dev')] } });
    assert.deepEqual(catalog.groups(), ['sandbox', 'dev']);
    let told = 0;
    catalog.onChange(() => told++);
    await catalog.refresh();
    assert.deepEqual(catalog.groups(), []);
    assert.ok(!catalog.restored && !catalog.isStale('sandbox'));
    assert.equal(catalog.find('id-a'), undefined);
    assert.ok(told > 0, 'the view is told');
  });

  it('says when the list fails, and stays stale (drift is not computed against it)', async () => {
    const port = await closedPort();
    const down = new Client({ baseUrl: `http://127.0.0.1:${port}/v1/`, clientId: 'c', secret: 's', maxRetries: 0 }) as TranscryptsClient;
    const catalog = new Catalog({ client: () => down, environments: ['sandbox'] });
    catalog.restore({ environments: ['sandbox'], lists: { sandbox: [hook('a')] } });
    await catalog.refresh();
    assert.equal(catalog.state('sandbox').kind, 'error');
    assert.ok(catalog.isStale('sandbox'));
    assert.equal(catalog.snapshot(), undefined);
    catalog.clear();
    assert.ok(!catalog.isStale('sandbox') && !catalog.restored);
  });
});

describe('the tree\'s first answer: the lists when they are quick, else the snapshot', () => {
  const kept: Snapshot = { key: 'k', savedAt: '2026-12-07T00:00:00.000Z', environments: ['sandbox'], lists: { sandbox: [hook('a')] } };
  /** A promise and its resolve. */
  const gate = () => {
    let open!: () => void;
    const p = new Promise<void>((r) => (open = r));
    return { p, open };
  };

  it('answers with the lists that came in time, the snapshot never read', async () => {
    let read = 0;
    await firstAnswer({ listed: Promise.resolve(), waitMs: 60_000, snapshot: () => (read++, kept), show: () => assert.fail('shown'), lost: () => false });
    assert.equal(read, 0);
  });

  it('shows the snapshot when the lists are late, without waiting for them', async () => {
    const lists = gate();
    const shown: Snapshot[] = [];
    await firstAnswer({ listed: lists.p, waitMs: 1, snapshot: () => kept, show: (x) => shown.push(x), lost: () => false });
    assert.deepEqual(shown, [kept]);
    lists.open();
  });

  it('without a snapshot, or once its connection is lost, waits for the lists (a failed list too)', async () => {
    for (const [snapshot, lost] of [[undefined, false], [kept, true]] as const) {
      const lists = gate();
      const shown: Snapshot[] = [];
      let settled = false;
      const answer = firstAnswer({ listed: lists.p.then(() => Promise.reject(new Error('HTTP 500'))), waitMs: 1, snapshot: () => snapshot, show: (x) => shown.push(x), lost: () => lost }).then(() => (settled = true));
      // Past the wait: still waiting for the lists.
      await new Promise((r) => setTimeout(r, 20));
      assert.ok(!settled, 'it waits for the lists');
      lists.open();
      await answer;
      assert.deepEqual(shown, []);
    }
  });
});

describe('how long the first answer waits for the lists before it shows the snapshot', () => {
  it('expects the lists about as soon as at the last start, within its bound', () => {
    assert.equal(snapshotWaitMs(200, 40), 300 - 40);
    assert.equal(snapshotWaitMs(LISTS_EXPECTED_MAX_MS, 0), LISTS_EXPECTED_MAX_MS, '1.5 times, at most the bound');
    assert.equal(snapshotWaitMs(60, 40), SNAPSHOT_AFTER_MS, 'never less than the least');
  });

  it('does not wait for lists that were slow last time, or of unknown speed', () => {
    assert.equal(snapshotWaitMs(LISTS_EXPECTED_MAX_MS + 1, 0), SNAPSHOT_AFTER_MS);
    assert.equal(snapshotWaitMs(undefined, 0), SNAPSHOT_AFTER_MS);
  });
});

/**
 * A catalog of the `connected` environments (the array as it is at each call): sandbox's list answers at once, every
 * other one's sandbox `latencyMs` late (its fault).
 */
function withSlowDev(latencyMs: number, connected: EnvType[], fn: (catalog: Catalog, slow: Sandbox) => Promise<void>): Promise<void> {
  return withSandbox({ seed: true }, (fast) =>
    withSandbox({ seed: true }, async (slow) => {
      slow.faults.set({ latency_ms: latencyMs });
      const client = (env: EnvType) => (env === 'sandbox' ? clientFor(fast, env) : clientFor(slow, env, { maxRetries: 0 }));
      await fn(new Catalog({ client, get environments() { return connected; } }), slow);
    }),
  );
}

describe('catalog: a snapshot shown during the first load', function () {
  this.timeout(20_000);

  it('takes the lists still loading of connected environments only, and never one that answered', () => {
    // dev's and prod's lists are held (their sandbox answers in a minute), sandbox's answers; then prod is no longer
    // connected, its list still loading.
    const connectedNow: EnvType[] = ['sandbox', 'dev', 'prod'];
    return withSlowDev(60_000, connectedNow, async (catalog, slow) => {
      const abort = new AbortController();
      const first = catalog.refresh(undefined, abort.signal);
      await catalog.whenListed('sandbox');
      const fresh = catalog.webhooks('sandbox').map((w) => w.name);
      assert.equal(catalog.state('dev').kind, 'loading');
      assert.equal(catalog.state('prod').kind, 'loading');
      connectedNow.splice(connectedNow.indexOf('prod'), 1);
      catalog.restore({ environments: ['sandbox', 'dev', 'prod'], lists: { sandbox: [hook('Old sandbox')], dev: [hook('Old dev', 'dev')], prod: [hook('Old prod', 'prod')] } });
      assert.deepEqual(catalog.webhooks('sandbox').map((w) => w.name), fresh, 'a list that answered is never replaced');
      assert.ok(!catalog.isStale('sandbox'));
      assert.deepEqual(catalog.webhooks('dev').map((w) => w.name), ['Old dev'], 'the loading list shows the snapshot');
      assert.ok(catalog.isStale('dev') && catalog.state('dev').kind === 'loaded');
      assert.equal(catalog.find('id-Old prod'), undefined, 'not a connected environment');
      assert.deepEqual(catalog.groups(), ['sandbox', 'dev']);
      // dev's list answers: the snapshot goes.
      abort.abort();
      await first.catch(() => undefined);
      slow.faults.clear();
      await catalog.refresh('dev');
      assert.ok(!catalog.isStale('dev'));
      assert.equal(catalog.find('id-Old dev'), undefined);
      assert.ok(catalog.webhooks('dev').length > 0);
    });
  });
});

describe('catalog: failure rates after the lists', function () {
  this.timeout(20_000);

  it('asks for the history only once every list of the refresh has answered', () =>
    // dev's list answers 300 ms late; sandbox's list and its history at once.
    withSlowDev(300, ['sandbox', 'dev'], async (catalog) => {
      // What each change said, and dev's list's state then.
      const told: string[] = [];
      catalog.onChange((env, what) => told.push(`${env ?? 'all'} ${what}, dev ${catalog.state('dev').kind}`));
      await catalog.refresh();
      const stats = told.find((t) => t.startsWith('sandbox stats'));
      assert.equal(stats, 'sandbox stats, dev loaded', `sandbox's failure rates came after dev's list: ${told.join(' / ')}`);
    }));

  it("with a gate (the start-up's: the tree's first rows shown), asks for no history page before it settles", () =>
    withSandbox({ seed: true }, async (s) => {
      const asked: string[] = [];
      const client = (env: EnvType) => clientFor(s, env, { onAttempt: (a) => asked.push(a.path.split('?')[0] ?? '') });
      const catalog = new Catalog({ client, environments: ['sandbox', 'dev', 'prod'] });
      // The same refresh without a gate, at the same time: once it has all its failure rates, the gated one would
      // have asked for its history pages too.
      const ungated = new Catalog({ client: (env) => clientFor(s, env), environments: ['sandbox', 'dev', 'prod'] });
      let open: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (open = resolve));
      const refreshed = catalog.refresh(undefined, undefined, gate);
      await ungated.refresh();
      assert.ok(ungated.webhooks('prod').some((w) => ungated.failureStats(w) !== undefined));
      await catalog.whenAllListed();
      assert.deepEqual(asked.filter((p) => p === '/v1/webhook-requests/'), [], 'no history page before the gate');
      assert.equal(catalog.state('prod').kind, 'loaded');
      open();
      await refreshed;
      assert.equal(asked.filter((p) => p === '/v1/webhook-requests/').length, 3, 'each environment\'s page once the gate opened');
      assert.ok(catalog.webhooks('prod').some((w) => catalog.failureStats(w) !== undefined), 'failure rates known');
    }));

  it('a load waiting at the gate when the catalog is cleared (a sign-out) never asks with its old keys after a new load', () =>
    withSandbox({ seed: true }, async (s) => {
      let phase = 'old';
      const asked: string[] = [];
      const client = (env: EnvType) => {
        const made = phase;
        return clientFor(s, env, { onAttempt: (a) => asked.push(`${made} ${a.path.split('?')[0] ?? ''}`) });
      };
      const catalog = new Catalog({ client, environments: ['sandbox', 'dev', 'prod'] });
      let open: () => void = () => undefined;
      const first = catalog.refresh(undefined, undefined, new Promise<void>((resolve) => (open = resolve)));
      await catalog.whenAllListed();
      catalog.clear();
      phase = 'new';
      await catalog.refresh();
      open();
      await first;
      assert.deepEqual(asked.filter((a) => a === 'old /v1/webhook-requests/'), [], 'no history page with the keys before the clear');
      assert.equal(asked.filter((a) => a === 'new /v1/webhook-requests/').length, 3);
    }));
});

describe('the sidebar snapshot file (SnapshotStore)', function () {
  this.timeout(20_000);
  // Our logger's one method the store uses (it writes to VS Code's output channel in the extension).
  const log = { debug: () => undefined } as unknown as Log;

  it('is written from fresh lists, read back for its connection only, and leaves no abandoned temporary file', () =>
    withSandbox({ seed: true }, async (s) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snapshot-store-'));
      try {
        const file = path.join(dir, 'sidebar-snapshot.json');
        // Another window's write in progress (recent), and one whose window closed while writing (old).
        const inProgress = `${file}.4343.tmp`;
        const abandoned = `${file}.4242.tmp`;
        fs.writeFileSync(inProgress, '{');
        fs.writeFileSync(abandoned, '{');
        const old = new Date(Date.now() - 120_000);
        fs.utimesSync(abandoned, old, old);
        const catalog = new Catalog({ client: (env) => clientFor(s, env), environments: ['sandbox', 'dev', 'prod'] });
        const state = new Map<string, unknown>();
        const memento = { get: <T>(k: string) => state.get(k) as T, update: (k: string, v: unknown) => Promise.resolve(void state.set(k, v)) };
        const store = new SnapshotStore(file, () => 'connection-a', catalog, log, memento);
        store.noteListed(240);
        assert.equal(store.expectedListMs(), 240, 'how long the lists took, for this connection');
        const other = new SnapshotStore(file, () => 'connection-b', catalog, log, memento);
        assert.equal(other.expectedListMs(), undefined, 'not for another');
        other.dispose();
        state.set(STATE_KEYS.listsArrived, { key: 'connection-a', ms: 'soon' });
        assert.equal(store.expectedListMs(), undefined, 'nor a figure it cannot use');
        await catalog.refresh();
        for (let i = 0; i < 60 && !fs.existsSync(file); i++) await new Promise((r) => setTimeout(r, 100));
        for (let i = 0; i < 20 && fs.existsSync(abandoned); i++) await new Promise((r) => setTimeout(r, 100));
        assert.ok(!fs.existsSync(abandoned), 'the abandoned temporary file is removed after a write');
        assert.ok(fs.existsSync(inProgress), 'a recent one (a write in progress elsewhere) is left alone');
        assert.equal(fs.statSync(file).mode & 0o777, 0o600);
        assert.deepEqual(store.read()?.lists.sandbox?.map((w) => w.id), sortWebhooks(catalog.webhooks('sandbox')).map((w) => w.id));
        assert.equal(new SnapshotStore(file, () => 'connection-b', catalog, log).read(), undefined, "another connection's snapshot is not read");
        // Sign-out: the file and every temporary file (they hold the same names and URLs) are gone.
        await store.forget();
        assert.deepEqual(fs.readdirSync(dir), []);
        assert.equal(state.get(STATE_KEYS.listsArrived), undefined, 'nor how long its lists took');
        store.dispose();
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }));
});
