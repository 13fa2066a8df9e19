/** The sandbox's keys: given on the command line, or generated once and kept in the data folder. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { CLIENT_ID_RE, ENV_TYPES, envOfSecret, type EnvType } from '../model';
import { SandboxDataError } from './store';

export interface Credentials {
  clientId: string;
  secrets: Record<EnvType, string>;
}

const credentialsSchema = z.object({
  client_id: z.string().regex(CLIENT_ID_RE),
  secrets: z.object({ sandbox: z.string(), dev: z.string(), prod: z.string() }),
});

export const CREDENTIALS_FILE = 'credentials.json';

export function generateCredentials(): Credentials {
  const secret = (env: EnvType) => `${env}-${randomBytes(20).toString('hex')}`;
  return { clientId: randomBytes(16).toString('hex'), secrets: { sandbox: secret('sandbox'), dev: secret('dev'), prod: secret('prod') } };
}

/** Why a client id or a secret for `env` is unacceptable, or undefined. */
export function credentialProblem(kind: 'clientId' | EnvType, value: string): string | undefined {
  if (kind === 'clientId') return CLIENT_ID_RE.test(value) ? undefined : 'The client id must be 32 lower-hex characters.';
  const env = envOfSecret(value);
  if (env !== kind) return `A ${kind} secret must start with "${kind}-".`;
  return undefined;
}

/**
 * The keys in force: those in `dir` (created on first use) overridden by any given ones. Given keys are not
 * written to disk.
 */
export function loadCredentials(dir: string | undefined, given: { clientId?: string; secrets?: Partial<Record<EnvType, string>> }): Credentials {
  let base: Credentials | undefined;
  if (dir) {
    const file = path.join(dir, CREDENTIALS_FILE);
    if (fs.existsSync(file)) {
      let json: unknown;
      try {
        json = JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch {
        throw new SandboxDataError(`The sandbox credentials file ${file} is not valid JSON. Fix or delete it (new keys are then generated).`);
      }
      const parsed = credentialsSchema.safeParse(json);
      if (!parsed.success) throw new SandboxDataError(`The sandbox credentials file ${file} has an unexpected shape. Fix or delete it (new keys are then generated).`);
      base = { clientId: parsed.data.client_id, secrets: parsed.data.secrets };
    } else {
      base = generateCredentials();
      fs.mkdirSync(dir, { recursive: true });
      const body = JSON.stringify({ client_id: base.clientId, secrets: base.secrets }, null, 2) + '\n';
      fs.writeFileSync(file, body, { mode: 0o600 });
    }
  }
  base ??= generateCredentials();
  const out: Credentials = { clientId: given.clientId ?? base.clientId, secrets: { ...base.secrets } };
  for (const env of ENV_TYPES) {
    const s = given.secrets?.[env];
    if (s !== undefined) out.secrets[env] = s;
  }
  return out;
}
