/**
 * `npm run sandbox -- [--port N] [--host 127.0.0.1] [--data DIR] [--seed] [--client-id ID] [--secret ENV=SECRET]...
 *   [--retry-base-ms N] [--delivery-timeout-ms N] [--fault-latency-ms N] [--fault KIND[:COUNT[:X]]]... [--deny ENV]...`
 */
import { parseArgs } from 'node:util';
import * as path from 'node:path';
import { ENV_TYPES, isEnvType, type EnvType } from '../model';
import { credentialProblem } from './credentials';
import { parseFaultFlag } from './faults';
import { startSandbox, type SandboxOptions } from './server';

const USAGE = `Usage: transcrypts-sandbox [--port N] [--host 127.0.0.1] [--data DIR] [--seed]
       [--client-id ID] [--secret ENV=SECRET]... [--retry-base-ms N] [--delivery-timeout-ms N]
       [--fault-latency-ms N] [--fault 429|5xx|malformed|reset[:COUNT[:X]]]... [--deny ENV]... [--json]`;

export function parseCli(argv: string[]): SandboxOptions & { json: boolean } {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      data: { type: 'string', default: '.transcrypts-sandbox' },
      seed: { type: 'boolean', default: false },
      'client-id': { type: 'string' },
      secret: { type: 'string', multiple: true },
      'retry-base-ms': { type: 'string' },
      'delivery-timeout-ms': { type: 'string' },
      'fault-latency-ms': { type: 'string' },
      fault: { type: 'string', multiple: true },
      deny: { type: 'string', multiple: true },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) throw new UsageError('');
  const num = (flag: string, v: string | undefined, max = 65535 * 1000): number | undefined => {
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v) || Number(v) > max) throw new UsageError(`--${flag} expects a whole number, not "${v}".`);
    return Number(v);
  };
  const secrets: Partial<Record<EnvType, string>> = {};
  for (const s of values.secret ?? []) {
    const eq = s.indexOf('=');
    const env = s.slice(0, eq);
    const secret = s.slice(eq + 1);
    if (eq < 1 || !isEnvType(env)) throw new UsageError(`--secret expects ENV=SECRET with ENV one of ${ENV_TYPES.join(', ')}.`);
    const problem = credentialProblem(env, secret);
    if (problem) throw new UsageError(`--secret ${env}=…: ${problem}`);
    secrets[env] = secret;
  }
  const clientId = values['client-id'];
  if (clientId !== undefined) {
    const problem = credentialProblem('clientId', clientId);
    if (problem) throw new UsageError(`--client-id: ${problem}`);
  }
  const deny = (values.deny ?? []).map((d) => {
    if (!isEnvType(d)) throw new UsageError(`--deny expects one of ${ENV_TYPES.join(', ')}.`);
    return d;
  });
  const latency = num('fault-latency-ms', values['fault-latency-ms'], 120_000);
  let rules;
  try {
    rules = (values.fault ?? []).map(parseFaultFlag);
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  return {
    port: num('port', values.port, 65535),
    host: values.host,
    dataDir: path.resolve(values.data),
    seed: values.seed,
    clientId,
    secrets,
    deny,
    delivery: {
      ...(values['retry-base-ms'] !== undefined ? { retryBaseMs: num('retry-base-ms', values['retry-base-ms']) } : {}),
      ...(values['delivery-timeout-ms'] !== undefined ? { timeoutMs: num('delivery-timeout-ms', values['delivery-timeout-ms']) } : {}),
    },
    faults: { latency_ms: latency, rules },
    json: values.json,
  };
}

export class UsageError extends Error {}

export async function main(argv: string[]): Promise<number> {
  let opts;
  try {
    opts = parseCli(argv);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    process.stderr.write(`${msg ? `${msg}\n` : ''}${USAGE}\n`);
    return e instanceof UsageError && msg === '' ? 0 : 2;
  }
  let sandbox;
  try {
    sandbox = await startSandbox(opts);
  } catch (e) {
    process.stderr.write(`transcrypts-sandbox: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  for (const w of sandbox.warnings) process.stderr.write(`warning: ${w}\n`);
  const c = sandbox.credentials;
  if (opts.json) {
    process.stdout.write(JSON.stringify({ baseUrl: sandbox.baseUrl, clientId: c.clientId, secrets: c.secrets, dataDir: opts.dataDir }) + '\n');
  } else {
    process.stdout.write(
      `Transcrypts sandbox listening on ${sandbox.baseUrl} client-id=${c.clientId} ${ENV_TYPES.map((e) => `${e}=${c.secrets[e]}`).join(' ')} data=${opts.dataDir}\n`,
    );
  }
  const stop = () => {
    void sandbox.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return new Promise<number>(() => undefined);
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => process.exit(code));
}
