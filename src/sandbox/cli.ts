/**
 * `npm run sandbox -- [--profile transcrypts|truv] [--port N] [--host 127.0.0.1] [--data DIR] [--seed]
 *   [--client-id ID] [--secret ENV=SECRET]... [--retry-interval-ms N] [--delivery-timeout-ms N]
 *   [--fault-latency-ms N] [--fault KIND[:COUNT[:X]]]... [--deny ENV]... [--webhook-page-size N] [--bulk-webhooks N[:ENV]]`
 */
import { parseArgs } from 'node:util';
import * as path from 'node:path';
import { LIMITS, type EnvType } from '../core/model';
import { credentialProblem } from './credentials';
import { lockDataDir } from './lock';
import { MAX_FAULT_LATENCY_MS, parseFaultFlag } from './faults';
import { DEFAULT_PROFILE, PROFILE_NAMES, PROFILES, isProfileName, type Profile } from '../core/profiles';
import { startSandbox, type SandboxOptions } from './server';
import { errorMessage } from '../shared/errorMessage';

const USAGE = `Usage: transcrypts-sandbox [--profile transcrypts|truv] [--port N] [--host 127.0.0.1] [--data DIR] [--seed]
       [--client-id ID] [--secret ENV=SECRET]... [--retry-interval-ms N] [--delivery-timeout-ms N]
       [--fault-latency-ms N] [--fault 429|5xx|malformed|reset[:COUNT[:X]]]... [--deny ENV]... [--json]
       [--webhook-page-size N] [--bulk-webhooks N[:ENV]]
  --profile            the documented variant to emulate (default ${DEFAULT_PROFILE}): transcrypts = UUID ids, no
                       "enabled", dev and prod, bare-hex signatures, unprefixed secrets; truv = 32-hex ids,
                       "enabled", sandbox, dev and prod, v1= signatures, prefixed secrets
  --retry-interval-ms  the fixed interval between the ${LIMITS.deliveryAttempts} attempts of a failed delivery (default ${LIMITS.deliveryRetryIntervalMs};
                       --retry-base-ms is the same flag)
  --webhook-page-size  the configuration list's page size when a request names none (default ${LIMITS.webhookPageSizeDefault});
                       a large one answers with a whole environment in one page, as a platform may
  --bulk-webhooks      N generated configurations in ENV (default the profile's first) when the data is empty`;

export function parseCli(argv: string[]): SandboxOptions & { json: boolean } {
  const { values } = parseArgs({
    args: argv,
    options: {
      profile: { type: 'string', default: DEFAULT_PROFILE },
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      data: { type: 'string', default: '.transcrypts-sandbox' },
      seed: { type: 'boolean', default: false },
      'client-id': { type: 'string' },
      secret: { type: 'string', multiple: true },
      'retry-base-ms': { type: 'string' },
      'retry-interval-ms': { type: 'string' },
      'delivery-timeout-ms': { type: 'string' },
      'fault-latency-ms': { type: 'string' },
      fault: { type: 'string', multiple: true },
      deny: { type: 'string', multiple: true },
      'webhook-page-size': { type: 'string' },
      'bulk-webhooks': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) throw new UsageError('');
  if (!isProfileName(values.profile)) throw new UsageError(`--profile expects one of ${PROFILE_NAMES.join(', ')}, not "${values.profile}".`);
  const profile = PROFILES[values.profile];
  const secrets = parseSecrets(values.secret ?? [], profile);
  const clientId = values['client-id'];
  if (clientId !== undefined) {
    const problem = credentialProblem('clientId', clientId);
    if (problem) throw new UsageError(`--client-id: ${problem}`);
  }
  const deny = (values.deny ?? []).map((d) => {
    if (!profile.environments.includes(d)) throw new UsageError(`--deny expects one of ${profile.environments.join(', ')}.`);
    return d;
  });
  const latency = wholeNumber('fault-latency-ms', values['fault-latency-ms'], MAX_FAULT_LATENCY_MS);
  let rules;
  try {
    rules = (values.fault ?? []).map(parseFaultFlag);
  } catch (e) {
    throw new UsageError(errorMessage(e));
  }
  const interval = values['retry-interval-ms'] ?? values['retry-base-ms'];
  // `--bulk-webhooks N[:ENV]`: N generated configurations in ENV (default the profile's first environment).
  let bulk: { count: number; env?: EnvType } | undefined;
  if (values['bulk-webhooks'] !== undefined) {
    const [n, env] = values['bulk-webhooks'].split(':');
    if (env !== undefined && !profile.environments.includes(env)) throw new UsageError(`--bulk-webhooks expects N[:ENV] with ENV one of ${profile.environments.join(', ')}.`);
    bulk = { count: wholeNumber('bulk-webhooks', n, 1_000_000) ?? 0, ...(env ? { env } : {}) };
  }
  return {
    profile: profile.name,
    port: wholeNumber('port', values.port, 65535),
    host: values.host,
    dataDir: path.resolve(values.data),
    seed: values.seed,
    clientId,
    secrets,
    deny,
    delivery: {
      ...(interval !== undefined ? { retryIntervalMs: wholeNumber('retry-interval-ms', interval) } : {}),
      ...(values['delivery-timeout-ms'] !== undefined ? { timeoutMs: wholeNumber('delivery-timeout-ms', values['delivery-timeout-ms']) } : {}),
    },
    faults: { latency_ms: latency, rules },
    ...(values['webhook-page-size'] !== undefined ? { webhookPageSize: Math.max(1, wholeNumber('webhook-page-size', values['webhook-page-size']) ?? 1) } : {}),
    ...(bulk ? { bulkWebhooks: bulk } : {}),
    json: values.json,
  };
}

export class UsageError extends Error {}

function wholeNumber(flag: string, v: string | undefined, max = 65535 * 1000): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) > max) throw new UsageError(`--${flag} expects a whole number, not "${v}".`);
  return Number(v);
}

/** `--secret ENV=SECRET`s, each for one of the profile's environments. */
function parseSecrets(flags: readonly string[], profile: Profile): Partial<Record<EnvType, string>> {
  const secrets: Partial<Record<EnvType, string>> = {};
  for (const s of flags) {
    const eq = s.indexOf('=');
    const env = s.slice(0, eq);
    const secret = s.slice(eq + 1);
    if (eq < 1 || !profile.environments.includes(env)) {
      throw new UsageError(`--secret expects ENV=SECRET with ENV one of ${profile.environments.join(', ')} (the ${profile.name} profile).`);
    }
    const problem = credentialProblem('secret', secret);
    if (problem) throw new UsageError(`--secret ${env}=…: ${problem}`);
    secrets[env] = secret;
  }
  return secrets;
}

export async function main(argv: string[]): Promise<number> {
  let opts;
  try {
    opts = parseCli(argv);
  } catch (e) {
    const msg = errorMessage(e);
    process.stderr.write(`${msg ? `${msg}\n` : ''}${USAGE}\n`);
    return e instanceof UsageError && msg === '' ? 0 : 2;
  }
  let sandbox;
  let lock: { release(): void } | undefined;
  try {
    if (opts.dataDir) lock = lockDataDir(opts.dataDir);
    sandbox = await startSandbox(opts);
  } catch (e) {
    lock?.release();
    process.stderr.write(`transcrypts-sandbox: ${errorMessage(e)}\n`);
    return 1;
  }
  for (const w of sandbox.warnings) process.stderr.write(`warning: ${w}\n`);
  const c = sandbox.credentials;
  if (opts.json) {
    process.stdout.write(
      JSON.stringify({ baseUrl: sandbox.baseUrl, profile: sandbox.profile.name, clientId: c.clientId, secrets: c.secrets, dataDir: opts.dataDir }) + '\n',
    );
  } else {
    process.stdout.write(
      `Transcrypts sandbox (${sandbox.profile.name} profile) listening on ${sandbox.baseUrl} client-id=${c.clientId} ${sandbox.profile.environments.map((e) => `${e}=${c.secrets[e] ?? ''}`).join(' ')} data=${opts.dataDir}\n`,
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
