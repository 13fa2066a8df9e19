/**
 * Config as code: parse, plan and apply of 200 configurations across two environments against a local sandbox
 * over loopback HTTP (time and requests made), then a change of 50 with 20 pruned, then an in-sync apply (no
 * request). Run: npx tsx test/bench/config.ts. Prints numbers.
 */
import { TranscryptsClient } from '../../src/core/api/client';
import type { Webhook } from '../../src/core/api/schemas';
import { apply, exportFile, parseConfigFile, plan, type ConfigFileModel } from '../../src/core/config';
import { startSandbox, type Sandbox } from '../../src/sandbox';
import { report } from './report';

const ENVS = ['dev', 'prod'] as const;
const PER_ENV = 100;

function fileText(version: number, count: number): string {
  const environments: Record<string, unknown[]> = {};
  for (const env of ENVS) {
    environments[env] = Array.from({ length: count }, (_, i) => ({
      name: `Receiver ${String(i).padStart(3, '0')}`,
      webhook_url: `https://${env}.example.com/hooks/${i}${i < 25 ? `?v=${version}` : ''}`,
      events: ['order-created', 'task-status-updated', i % 2 === 0 ? 'link-connected' : 'profile-created'],
      enabled: true,
    }));
  }
  return JSON.stringify({ environments, prune: true }, null, 2);
}

async function lists(clients: Record<string, TranscryptsClient>): Promise<Record<string, Webhook[]>> {
  const out: Record<string, Webhook[]> = {};
  for (const env of ENVS) out[env] = await (clients[env] as TranscryptsClient).listWebhooks();
  return out;
}

async function round(label: string, model: ConfigFileModel, clients: Record<string, TranscryptsClient>, requests: { n: number }): Promise<void> {
  const t0 = performance.now();
  const actual = await lists(clients);
  const t1 = performance.now();
  const p = plan(model.desired, actual, { prune: model.prune });
  const t2 = performance.now();
  const before = requests.n;
  const r = await apply(p, clients);
  const t3 = performance.now();
  report(`${label}: list (${Object.values(actual).flat().length} configurations)`, `${(t1 - t0).toFixed(1)} ms`);
  report(`${label}: plan (${p.summary})`, `${(t2 - t1).toFixed(2)} ms`);
  report(`${label}: apply ${r.applied.length} steps${r.failed ? ' (FAILED)' : ''}`, `${(t3 - t2).toFixed(0)} ms, ${requests.n - before} requests`);
}

function clientsOf(s: Sandbox, requests: { n: number }): Record<string, TranscryptsClient> {
  const out: Record<string, TranscryptsClient> = {};
  for (const env of ENVS) {
    out[env] = new TranscryptsClient({ baseUrl: s.baseUrl, clientId: s.credentials.clientId, secret: s.credentials.secrets[env] ?? '', onAttempt: () => requests.n++ });
  }
  return out;
}

async function main(): Promise<void> {
  const s = await startSandbox({ profile: 'truv' });
  try {
    const requests = { n: 0 };
    const clients = clientsOf(s, requests);
    const resolve = { env: () => undefined, config: () => undefined };
    let t = performance.now();
    const first = parseConfigFile(fileText(1, PER_ENV), resolve);
    report(`parse (${ENVS.length * PER_ENV} configurations, ${first.text.length} chars)`, `${(performance.now() - t).toFixed(2)} ms`);
    await round('from empty', first, clients, requests);
    await round('in sync', first, clients, requests);
    await round('50 URLs changed, 20 pruned', parseConfigFile(fileText(2, PER_ENV - 10), resolve), clients, requests);
    t = performance.now();
    const exported = exportFile(await lists(clients));
    report(`export (list + render, ${exported.length} chars)`, `${(performance.now() - t).toFixed(1)} ms`);
  } finally {
    await s.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
