/**
 * Conformance with the documents: the client, the catalog, the fixture builder and the drift check driven over
 * the documents' own examples, served verbatim by a small server that is not our sandbox.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TranscryptsClient } from '../../src/core/api/client';
import { ApiError } from '../../src/core/api/errors';
import { rowDeliveryId, rowEventName } from '../../src/core/api/schemas';
import { buildFixtures } from '../../src/core/fixtures/build';
import { driftOf, fetchReference, parseFixture } from '../../src/core/fixtures/driftCheck';
import { interfacesFor } from '../../src/core/fixtures/typegen';
import { Catalog } from '../../src/core/webhooks/catalog';
import { DOCUMENTED_PAYLOADS, SEED_CONFIGURATION, SEED_ROW, STAGING_CONFIGURATION } from '../conformance/examples';
import { CLIENT_ID, SECRET, startConformanceServer, type ConformanceServer } from '../conformance/server';
import { tempDir, tscStrict } from './helpers';

function client(srv: ConformanceServer): TranscryptsClient {
  return new TranscryptsClient({ baseUrl: srv.baseUrl, clientId: CLIENT_ID, secret: SECRET, env: 'dev', retryBaseMs: 1, maxRetries: 0 });
}

async function failure(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ApiError, String(e));
    return e;
  }
  assert.fail('expected an error');
}


describe('conformance: the documents\' examples, served verbatim', () => {
  for (const listShape of ['array', 'results'] as const) {
    it(`lists, retrieves, patches and deletes the [seed] configuration (list body: ${listShape === 'array' ? 'a bare array' : 'results without paging fields'})`, async () => {
      const srv = await startConformanceServer({ listShape });
      try {
        const c = client(srv);
        const list = await c.listWebhooks();
        assert.deepEqual(list, [SEED_CONFIGURATION], 'accepted exactly as it is: a UUID id, no enabled');
        assert.ok(!Object.hasOwn(list[0] ?? {}, 'enabled'));
        assert.deepEqual(await c.getWebhook(SEED_CONFIGURATION.id), SEED_CONFIGURATION);
        const patched = await c.updateWebhook(SEED_CONFIGURATION.id, { name: 'renamed' });
        assert.equal(patched.name, 'renamed');
        assert.deepEqual(srv.requests.at(-1), { method: 'PATCH', url: `/v1/webhooks/${SEED_CONFIGURATION.id}/`, body: '{"name":"renamed"}' });
        await c.deleteWebhook(SEED_CONFIGURATION.id); // a 200 with a body: any 2xx is a delete
        assert.deepEqual(await c.listWebhooks(), []);
      } finally {
        await srv.close();
      }
    });
  }

  it('groups configurations by the env_type they carry; an undocumented one is its own read-only group', async () => {
    const srv = await startConformanceServer({ staging: true });
    try {
      const c = client(srv);
      const catalog = new Catalog({ client: (env) => (env === 'dev' ? c : undefined), environments: ['dev', 'prod'] });
      await catalog.refresh();
      assert.deepEqual(catalog.groups(), ['dev', 'prod', 'staging']);
      assert.deepEqual(catalog.webhooks('dev').map((w) => w.id), [SEED_CONFIGURATION.id]);
      assert.deepEqual(catalog.webhooks('staging').map((w) => w.id), [STAGING_CONFIGURATION.id]);
      assert.deepEqual(catalog.webhooks('staging')[0]?.events, ['task-status-updated', 'payment-created'], 'unknown event types are kept');
      assert.equal(catalog.isForeign('staging'), true);
      assert.equal(catalog.state('staging').kind, 'loaded');
      assert.equal(catalog.state('prod').kind, 'nosecret');
    } finally {
      await srv.close();
    }
  });

  it('reads every documented history row: the payload names the event and the delivery, the row keeps its own', async () => {
    const srv = await startConformanceServer();
    try {
      const page = await client(srv).historyPage({});
      assert.equal(page.results.length, 1 + Object.keys(DOCUMENTED_PAYLOADS).length);
      const seed = page.results[0];
      assert.ok(seed);
      assert.equal(rowEventName(seed), 'order-status-updated');
      assert.equal(seed.event_type, SEED_ROW.event_type);
      assert.equal(rowDeliveryId(seed), SEED_ROW.webhook_payload.webhook_id);
      assert.equal(seed.webhook_id, SEED_ROW.webhook_id);
      const iv = page.results.find((r) => rowEventName(r) === 'instant-verification-failed');
      assert.ok(iv, 'an instant-verification payload ({webhook_id, event, data}) is named by its "event"');
      assert.ok(page.results.some((r) => r.status_code === null), 'a row without an answer');
    } finally {
      await srv.close();
    }
  });

  it('saves every example as JSON and as a TypeScript module that compiles --strict, and each drift-checks clean', async function () {
    this.timeout(60_000);
    const srv = await startConformanceServer();
    const dir = tempDir('conf-');
    try {
      const c = client(srv);
      const rows = (await c.historyPage({})).results;
      const inputs = rows.map((r) => ({ ...r, event_type: rowEventName(r), webhook_id: rowDeliveryId(r), payload: r.webhook_payload }));
      const common = { env: 'dev', folder: 'fixtures', fileName: '{event_type}/{webhook_id}.json', redactRules: undefined, interfacesFor } as const;
      const json = await buildFixtures(inputs, { ...common, format: 'json' });
      assert.deepEqual(
        json.files.map((f) => f.rel).sort(),
        [`fixtures/order-status-updated/${SEED_ROW.webhook_payload.webhook_id}.json`, ...Object.entries(DOCUMENTED_PAYLOADS).map(([e, p]) => `fixtures/${e}/${String(p.webhook_id)}.json`)].sort(),
        'fixture names come from the payload',
      );
      const typed = await buildFixtures(inputs, { ...common, format: 'typescript' });
      const files = typed.files.map((f, i) => {
        const file = path.join(dir, `m${i}.ts`);
        fs.writeFileSync(file, f.content);
        return file;
      });
      assert.deepEqual(tscStrict(files), []);
      // Every saved fixture matches the deliveries it came from: no drift.
      for (const f of json.files) {
        const parsed = parseFixture(new TextDecoder().decode(f.content), 'json');
        assert.ok(!('problem' in parsed), f.rel);
        const ref = await fetchReference(c, parsed.eventType, 5, undefined);
        assert.ok(ref, `a reference for ${parsed.eventType}`);
        assert.deepEqual(driftOf(parsed, ref), [], f.rel);
      }
    } finally {
      await srv.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  const answers: Array<[string, { status: number; type?: string; body: string }, RegExp]> = [
    ['an HTML page from a proxy', { status: 200, type: 'text/html; charset=utf-8', body: '<html><body>Sign in to the corporate proxy</body></html>' }, /HTTP 200 and an HTML page \(text\/html\).*Check the API base URL/],
    ['an empty 200', { status: 200, body: '' }, /HTTP 200 and an empty body/],
    ['405', { status: 405, type: 'application/json', body: '{"detail":"Method \\"GET\\" not allowed."}' }, /does not allow GET on \/v1\/webhooks\/ \(405\)/],
    ['406', { status: 406, type: 'application/json', body: '{}' }, /cannot answer GET \/v1\/webhooks\/ in JSON \(406\).*Accept/],
    ['410', { status: 410, type: 'application/json', body: '{"error":{"code":"expired_token","message":"Token expired."}}' }, /keys have expired \(410\)/],
    ['415', { status: 415, type: 'application/json', body: '{}' }, /refused the body of GET \/v1\/webhooks\/ as not JSON \(415\)/],
  ];
  for (const [what, answer, message] of answers) {
    it(`says plainly what ${what} means, naming the status`, async () => {
      const srv = await startConformanceServer({ override: answer });
      try {
        const e = await failure(client(srv).listWebhooks());
        assert.match(e.message, message);
        assert.equal(e.status, answer.status);
        assert.ok(!e.message.includes('zod') && !e.message.includes('Expected'), e.message);
      } finally {
        await srv.close();
      }
    });
  }
});
