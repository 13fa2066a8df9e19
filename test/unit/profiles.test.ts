/**
 * The sandbox's two profiles side by side (src/core/profiles.ts), and the client, the catalog and the
 * fixture builder run against each: whatever variant of the documents a real account has, they work.
 */
import { strict as assert } from 'node:assert';
import { createHmac } from 'node:crypto';
import * as http from 'node:http';
import { TranscryptsClient } from '../../src/core/api/client';
import { isEnabled, rowDeliveryId, rowEventName } from '../../src/core/api/schemas';
import { buildFixtures } from '../../src/core/fixtures/build';
import { clientIdProblem, clientIdWarning, envOfSecret } from '../../src/core/model';
import { PROFILE_NAMES, PROFILES } from '../../src/core/profiles';
import { startSandbox, type Sandbox } from '../../src/sandbox';
import { Catalog } from '../../src/core/webhooks/catalog';
import { tempDir, testServer } from './helpers';
import { loadCredentials } from '../../src/sandbox/credentials';
import * as fs from 'node:fs';
import * as path from 'node:path';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const HEX32 = /^[0-9a-f]{32}$/;

function client(s: Sandbox, env: string): TranscryptsClient {
  return new TranscryptsClient({ baseUrl: s.baseUrl, clientId: s.credentials.clientId, secret: s.credentials.secrets[env] ?? '', env, retryBaseMs: 1 });
}

async function rawFetch(s: Sandbox, method: string, p: string, init: { body?: string; headers?: Record<string, string>; env?: string } = {}) {
  const env = init.env ?? (s.profile.environments[0] as string);
  const res = await fetch(new URL(p, s.origin), {
    method,
    headers: { 'X-Access-Client-Id': s.credentials.clientId, 'X-Access-Secret': s.credentials.secrets[env] ?? '', ...init.headers },
    body: init.body,
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as unknown) : undefined };
}

/** GET a history page with a Host header of our choosing (fetch cannot set Host; node:http can). */
function withHost(s: Sandbox, host: string): Promise<{ next: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: s.port, path: '/v1/webhook-requests/?page_size=5', headers: { Host: host, 'X-Access-Client-Id': s.credentials.clientId, 'X-Access-Secret': s.credentials.secrets.prod ?? '' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as { next: string }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

for (const name of PROFILE_NAMES) {
  const profile = PROFILES[name];
  describe(`sandbox profile "${name}": the client, the catalog and the fixture builder`, () => {
    let s: Sandbox;
    beforeEach(async () => {
      s = await startSandbox({ profile: name, seed: true, seedDeliveries: 300, delivery: { retryIntervalMs: 5 } });
    });
    afterEach(() => s.close());

    it('issues keys and ids in the profile\'s style', async () => {
      assert.deepEqual(Object.keys(s.credentials.secrets), [...profile.environments]);
      for (const [env, secret] of Object.entries(s.credentials.secrets)) assert.equal(envOfSecret(secret), profile.secretPrefix ? env : undefined);
      const all = [...s.store.webhooks.values()];
      assert.equal(all.length, 8);
      for (const w of all) {
        assert.match(w.id, profile.idStyle === 'uuid' ? UUID : HEX32);
        assert.equal('enabled' in w, profile.enabledField);
        assert.ok(profile.environments.includes(w.env_type));
      }
    });

    it('creates, retrieves, patches and deletes through the client; a list is the secret\'s environment', async () => {
      const env = profile.environments[0] as string;
      const c = client(s, env);
      const w = await c.createWebhook({ name: 'Matrix', webhook_url: 'https://example.com/matrix', env_type: env, events: ['instant-verification-completed'], enabled: true });
      assert.match(w.id, profile.idStyle === 'uuid' ? UUID : HEX32);
      assert.equal(w.enabled, profile.enabledField ? true : undefined);
      assert.equal(isEnabled(w), true);
      assert.equal((await c.getWebhook(w.id)).name, 'Matrix');
      assert.equal((await c.updateWebhook(w.id, { name: 'Matrix 2' })).name, 'Matrix 2');
      const listed = await c.listWebhooks();
      assert.ok(listed.every((x) => x.env_type === env));
      assert.ok(listed.some((x) => x.id === w.id));
      await c.deleteWebhook(w.id);
      await assert.rejects(c.getWebhook(w.id), /not found/);
    });

    it('loads the catalog of every environment of the profile, and nothing else', async () => {
      const catalog = new Catalog({ client: (env) => (profile.environments.includes(env) ? client(s, env) : undefined), environments: profile.environments });
      await catalog.refresh();
      assert.deepEqual(catalog.groups(), [...profile.environments]);
      assert.equal(profile.environments.reduce((n, e) => n + catalog.count(e), 0), 8);
      for (const e of profile.environments) assert.equal(catalog.state(e).kind, 'loaded');
    });

    it('delivers signed in the profile\'s form, and builds fixtures of every delivered event type', async () => {
      const receiver = await testServer((_req, _body, res) => res.writeHead(200).end());
      try {
        const env = profile.environments[0] as string;
        const c = client(s, env);
        await c.createWebhook({ name: 'R', webhook_url: `${receiver.url}/`, env_type: env, events: ['order-created', 'instant-verification-failed'] });
        await c.triggerSandboxEvent(env, 'order-created');
        await c.triggerSandboxEvent(env, 'instant-verification-failed');
        await s.deliverer.idle();
        assert.equal(receiver.requests.length, 2);
        for (const r of receiver.requests) {
          const hex = createHmac('sha256', s.credentials.secrets[env] ?? '').update(r.body).digest('hex');
          assert.equal(r.headers['x-webhook-sign'], profile.signatureFormat === 'v1' ? `v1=${hex}` : hex);
        }
        // Only the receiver's rows: seeded configurations of the environment get (and retry) the events too.
        const rows = (await c.historyPage({ pageSize: 100 })).results.filter((r) => r.webhook_url === `${receiver.url}/`);
        assert.equal(rows.length, 2);
        const built = await buildFixtures(
          rows.map((r) => ({ ...r, event_type: rowEventName(r), webhook_id: rowDeliveryId(r), payload: r.webhook_payload })),
          { format: 'json', env, folder: 'f', fileName: '{event_type}/{webhook_id}.json', redactRules: [] },
        );
        assert.deepEqual(built.files.map((f) => f.rel.split('/')[1]).sort(), ['instant-verification-failed', 'order-created']);
        assert.deepEqual(built.schemas.map((f) => f.rel).sort(), ['f/schemas/instant-verification-failed.schema.json', 'f/schemas/order-created.schema.json']);
      } finally {
        await receiver.close();
      }
    });
  });
}

describe('sandbox fidelity to the documents', () => {
  it('refuses a body that is not declared JSON (415), and says "Incorrect request parameters" on a 400', async () => {
    const s = await startSandbox({});
    try {
      const r = await rawFetch(s, 'POST', '/v1/webhooks/', { body: '{"name":"x"}', headers: { 'Content-Type': 'text/plain' } });
      assert.equal(r.status, 415);
      const bad = await rawFetch(s, 'POST', '/v1/webhooks/', { body: '{"name":""}', headers: { 'Content-Type': 'application/json' } });
      assert.equal(bad.status, 400);
      assert.equal((bad.json as { error: { message: string } }).error.message, 'Incorrect request parameters');
    } finally {
      await s.close();
    }
  });

  it('builds next/previous from the Host the client used (paging behind a proxy or port forward)', async () => {
    const s = await startSandbox({ seed: true, seedDeliveries: 300 });
    try {
      const r = await withHost(s, 'hooks.internal:8443');
      assert.match(r.next, /^http:\/\/hooks\.internal:8443\/v1\/webhook-requests\/\?page_size=5&cursor=/);
      const odd = await withHost(s, 'evil"><x');
      assert.ok(odd.next.startsWith(s.origin), 'a Host that is not host[:port] is not echoed');
    } finally {
      await s.close();
    }
  });

  it('omits a field when an override says "__omit__", e.g. user_id', async () => {
    const receiver = await testServer((_req, _body, res) => res.writeHead(200).end());
    const s = await startSandbox({});
    try {
      const c = client(s, 'dev');
      await c.createWebhook({ name: 'R', webhook_url: `${receiver.url}/`, env_type: 'dev', events: ['task-status-updated'] });
      await c.triggerSandboxEvent('dev', 'task-status-updated', { user_id: '__omit__' });
      await s.deliverer.idle();
      const body = JSON.parse(receiver.requests[0]?.body ?? '{}') as Record<string, unknown>;
      assert.equal('user_id' in body, false);
      assert.equal(body.event_type, 'task-status-updated');
    } finally {
      await s.close();
      await receiver.close();
    }
  });
});

describe('keys of any documented form', () => {
  it('keeps a data folder\'s keys to its profile\'s environments when the profile changes', () => {
    const dir = tempDir('creds-');
    const truv = loadCredentials(dir, {}, PROFILES.truv);
    assert.deepEqual(Object.keys(truv.secrets), ['sandbox', 'dev', 'prod']);
    const transcrypts = loadCredentials(dir, {}, PROFILES.transcrypts);
    assert.deepEqual(Object.keys(transcrypts.secrets), ['dev', 'prod']);
    assert.equal(transcrypts.secrets.dev, truv.secrets.dev, 'the shared environments keep their secrets');
    const file = JSON.parse(fs.readFileSync(path.join(dir, 'credentials.json'), 'utf8')) as { secrets: Record<string, string> };
    assert.deepEqual(Object.keys(file.secrets), ['dev', 'prod'], 'nothing connects to an environment the sandbox does not have');
  });

  it('accepts any client id without spaces, warning when it is not 32 hex', () => {
    assert.equal(clientIdProblem('acme-client-7'), undefined);
    assert.match(clientIdWarning('acme-client-7') ?? '', /not 32 hex/);
    assert.equal(clientIdWarning('0123456789abcdef0123456789abcdef'), undefined);
    assert.match(clientIdProblem('') ?? '', /Enter the client id/);
    assert.match(clientIdProblem('a b') ?? '', /no spaces/);
  });

  it('reads a secret prefix as a hint only', () => {
    assert.equal(envOfSecret('prod-abc'), 'prod');
    assert.equal(envOfSecret('k8Hq2vN0pLs7Xw4Rz1Tc'), undefined);
    assert.equal(envOfSecret('staging-abc'), undefined);
  });
});
