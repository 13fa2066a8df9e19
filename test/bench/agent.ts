/**
 * The agent's query tool against its floor: `transcrypts_query_deliveries` over 10,000 deliveries (read every
 * history page, validate, filter, count, summarise, serialise the bounded result) against a bare loop that fetches
 * the same pages with node:http and parses them. Interleaved pairs in one run; goal ≤ 1.5× the bare loop's time.
 */
import * as http from 'node:http';
import * as os from 'node:os';
import { TranscryptsClient } from '../../src/core/api/client';
import type { AgentContext } from '../../src/core/agent/context';
import { invoke } from '../../src/core/agent/invoke';
import { startSandbox } from '../../src/sandbox';
import { inTurns, median, report } from './report';

const N = 10_000;
const PAIRS = Number(process.env.AGENT_BENCH_PAIRS ?? 5);

async function main(): Promise<void> {
  const s = await startSandbox({ profile: 'transcrypts', seed: true, seedDeliveries: N });
  const secret = s.credentials.secrets.dev ?? '';
  const client = new TranscryptsClient({ baseUrl: s.baseUrl, clientId: s.credentials.clientId, secret, env: 'dev' });
  const ctx: AgentContext = {
    environments: () => ['dev'],
    client: () => client,
    signingSecret: () => Promise.resolve(secret),
    signatureFormat: () => 'hex',
    receiverUrl: () => 'http://127.0.0.1:9/',
    isLocalSandbox: () => true,
    redactRules: () => undefined,
    allowUnredacted: false,
    knownSecrets: () => [secret],
    workspace: () => undefined,
  };
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const get = (url: string) =>
    new Promise<{ results: unknown[]; next: string | null }>((resolve, reject) => {
      http.get(url, { agent, headers: { 'X-Access-Client-Id': s.credentials.clientId, 'X-Access-Secret': secret, Accept: 'application/json' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as { results: unknown[]; next: string | null }));
      }).on('error', reject);
    });
  const bare = async (): Promise<{ ms: number; rows: number }> => {
    const t = performance.now();
    let rows = 0;
    for (let url: string | null = `${s.baseUrl}webhook-requests/?page_size=500`; url && rows < N; ) {
      const page = await get(url);
      rows += page.results.length;
      url = page.next;
    }
    return { ms: performance.now() - t, rows };
  };
  const ours = async (): Promise<{ ms: number; rows: number }> => {
    const t = performance.now();
    const r = await invoke('transcrypts_query_deliveries', { environment: 'dev', limit: 20 }, ctx, { allowWrite: false, allowProduction: false });
    if (!r.ok) throw new Error(r.error);
    return { ms: performance.now() - t, rows: (JSON.parse(r.json) as { scanned: number }).scanned };
  };
  try {
    const runs = await inTurns(PAIRS, ours, bare, 1);
    const a = runs.ours.map((x) => x.ms);
    const b = runs.floor.map((y) => y.ms);
    const scanned = runs.ours.at(-1)?.rows ?? 0;
    const ratios = a.map((x, i) => x / (b[i] ?? x));
    report('agent: query_deliveries over the history (ms)', `${median(a).toFixed(0)} (${scanned} attempts read)`);
    report('agent: bare page loop, node:http + JSON.parse (ms)', `${median(b).toFixed(0)}`);
    report('agent: time ratio of medians / median pair ratio (goal ≤ 1.5×)', `${(median(a) / median(b)).toFixed(2)}× / ${median(ratios).toFixed(2)}× over ${PAIRS} pairs, load ${os.loadavg()[0]?.toFixed(2)}`);
  } finally {
    agent.destroy();
    await s.close();
  }
}

void main();
