import { strict as assert } from 'node:assert';
import { TranscryptsClient } from '../../src/core/api/client';
import { failureStatsByUrl, isFailing } from '../../src/core/history/failures';
import type { EnvType } from '../../src/core/model';
import { Catalog } from '../../src/core/webhooks/catalog';
import { clientFor, withSandbox } from './helpers';

describe('catalog (the sidebar model) against the sandbox', () => {
  it('loads each environment with its own secret, sorted by name; no secret and a rejected secret stay per environment', () =>
    withSandbox({ seed: true }, async (s) => {
      const clients: Partial<Record<EnvType, TranscryptsClient>> = {
        sandbox: clientFor(s, 'sandbox'),
        dev: new TranscryptsClient({ baseUrl: s.baseUrl, clientId: s.credentials.clientId, secret: 'dev-wrong', maxRetries: 0 }),
      };
      const catalog = new Catalog({ client: (env) => clients[env], environments: ['sandbox', 'dev', 'prod'] });
      const changes: Array<EnvType | undefined> = [];
      catalog.onChange((e) => changes.push(e));
      await catalog.refresh();
      assert.deepEqual(catalog.webhooks('sandbox').map((w) => w.name), ['Legacy receiver', 'Local receiver', 'Order updates (local)']);
      assert.equal(catalog.state('sandbox').kind, 'loaded');
      const dev = catalog.state('dev');
      assert.equal(dev.kind, 'error');
      assert.match(dev.kind === 'error' ? dev.error.message : '', /dev secret was rejected \(401\)/);
      assert.equal(catalog.state('prod').kind, 'nosecret');
      assert.ok(changes.includes('sandbox') && changes.includes('dev'));
    }));

  it('sorts a group again only when its configurations changed, and its snapshot keeps that order', () =>
    withSandbox({ seed: true }, async (s) => {
      const catalog = new Catalog({ client: (env) => clientFor(s, env), environments: ['sandbox', 'dev', 'prod'] });
      await catalog.refresh();
      const dev = catalog.webhooks('dev');
      const first = catalog.webhooks('sandbox').at(-1);
      assert.ok(dev.length > 1 && first);
      // The sandbox's last configuration renamed to sort first; the other lists answer with the same configurations.
      s.store.putWebhook({ ...first, name: 'AAA first', updated_at: new Date().toISOString() });
      await catalog.refresh('sandbox');
      const names = catalog.webhooks('sandbox').map((w) => w.name);
      assert.equal(names[0], 'AAA first');
      assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b, 'en')));
      // The development group was not sorted again: the same array as before.
      assert.equal(catalog.webhooks('dev'), dev);
      const snapshot = catalog.snapshot();
      assert.equal(snapshot?.lists.dev, dev);
      assert.deepEqual(snapshot?.lists.sandbox?.map((w) => w.name), names);
    }));

  it('marks configurations failing from the recent history', () =>
    withSandbox({ seed: true }, async (s) => {
      const catalog = new Catalog({ client: (env) => clientFor(s, env), environments: ['sandbox', 'dev', 'prod'] }, () => 0.2);
      await catalog.refresh('prod');
      const byName = (n: string) => catalog.webhooks('prod').find((w) => w.name === n);
      const sync = byName('Payroll data sync');
      const prod = byName('Production receiver');
      assert.ok(sync && prod);
      assert.ok(catalog.isFailing(sync), JSON.stringify(catalog.failureStats(sync)));
      assert.ok(!catalog.isFailing(prod), JSON.stringify(catalog.failureStats(prod)));
    }));

  it('filters by name, URL or event, and tracks pending creates and deletes', () =>
    withSandbox({ seed: true }, async (s) => {
      const catalog = new Catalog({ client: (env) => clientFor(s, env), environments: ['sandbox', 'dev', 'prod'] });
      await catalog.refresh();
      catalog.setFilter('EXAMPLE.com/hooks');
      assert.deepEqual((['sandbox', 'dev', 'prod'] as const).flatMap((e) => catalog.webhooks(e)).map((w) => w.name), ['Auto-disabled backup']);
      catalog.setFilter('order-refresh-failed');
      assert.deepEqual(catalog.webhooks('sandbox').map((w) => w.name), ['Local receiver', 'Order updates (local)']);
      assert.equal(catalog.count('sandbox'), 3);
      assert.equal(catalog.shown('sandbox'), 2);
      catalog.setFilter('');
      assert.equal(catalog.shown('sandbox'), 3);
      const done = catalog.beginCreate('dev', 'New one');
      assert.deepEqual(catalog.pendingCreates('dev').map((p) => p.label), ['New one']);
      done();
      assert.equal(catalog.pendingCreates('dev').length, 0);
      const w = catalog.webhooks('dev')[0];
      assert.ok(w);
      const undo = catalog.beginDelete(w);
      assert.ok(catalog.isDeleting(w.id));
      undo();
      assert.ok(!catalog.isDeleting(w.id));
      catalog.remove(w.id);
      assert.equal(catalog.find(w.id), undefined);
      catalog.upsert({ ...w, env_type: 'prod' });
      assert.equal(catalog.find(w.id)?.env_type, 'prod');
    }));
});

describe('failure rates', () => {
  it('counts the most recent attempts per URL; null and non-2xx fail', () => {
    const rows = [
      ...Array.from({ length: 10 }, () => ({ webhook_url: 'a', status_code: null })),
      ...Array.from({ length: 60 }, () => ({ webhook_url: 'a', status_code: 200 })),
      { webhook_url: 'b', status_code: 302 },
      { webhook_url: 'b', status_code: 204 },
    ];
    const stats = failureStatsByUrl(rows, 50);
    assert.deepEqual(stats.get('a'), { attempts: 50, failed: 10, rate: 0.2 });
    assert.deepEqual(stats.get('b'), { attempts: 2, failed: 1, rate: 0.5 });
    assert.ok(!isFailing(stats.get('a'), 0.2), 'exactly at the threshold is not failing');
    assert.ok(isFailing(stats.get('a'), 0.1));
    assert.ok(!isFailing(stats.get('b'), 0.2), 'too few attempts to judge');
    assert.ok(!isFailing(undefined, 0));
  });
});
