/** The sandbox's keys: given on the command line, or generated once and kept in the data folder. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { clientIdProblem, type EnvType } from '../core/model';
import { PROFILES, newSecret, type Profile } from '../core/profiles';
import { SandboxDataError } from './store';

export interface Credentials {
  clientId: string;
  /** One secret per environment of the profile. */
  secrets: Record<EnvType, string>;
}

const credentialsSchema = z.object({
  client_id: z.string().min(1),
  secrets: z.record(z.string().min(1)),
});

export const CREDENTIALS_FILE = 'credentials.json';

export function generateCredentials(profile: Profile = PROFILES.transcrypts): Credentials {
  return {
    clientId: randomBytes(16).toString('hex'),
    secrets: Object.fromEntries(profile.environments.map((env) => [env, newSecret(profile, env)])),
  };
}

/** Why a client id or a secret cannot be used by the sandbox, or undefined. Prefixes are never required. */
export function credentialProblem(kind: 'clientId' | 'secret', value: string): string | undefined {
  if (kind === 'clientId') return clientIdProblem(value);
  if (value.length === 0) return 'A secret cannot be empty.';
  if (/\s/.test(value)) return 'A secret has no spaces.';
  return undefined;
}

/**
 * The keys in force: those in `dir` (created on first use; a secret for an environment the file lacks is added)
 * overridden by any given ones. Given keys are not written to disk.
 */
export function loadCredentials(
  dir: string | undefined,
  given: { clientId?: string; secrets?: Partial<Record<EnvType, string>> },
  profile: Profile = PROFILES.transcrypts,
): Credentials {
  let base: Credentials | undefined;
  if (dir) {
    const file = path.join(dir, CREDENTIALS_FILE);
    let write = false;
    if (fs.existsSync(file)) {
      let json: unknown;
      try {
        json = JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch {
        throw new SandboxDataError(`The sandbox credentials file ${file} is not valid JSON. Fix or delete it (new keys are then generated).`);
      }
      const parsed = credentialsSchema.safeParse(json);
      if (!parsed.success) throw new SandboxDataError(`The sandbox credentials file ${file} has an unexpected shape. Fix or delete it (new keys are then generated).`);
      // The file holds the profile's environments: one it lacks gets a new secret, one the profile does not have
      // (a folder used with the other profile) is dropped, so nothing connects to an environment that is not there.
      const secrets: Record<EnvType, string> = {};
      for (const env of profile.environments) secrets[env] = parsed.data.secrets[env] ?? newSecret(profile, env);
      write = Object.keys(parsed.data.secrets).sort().join() !== [...profile.environments].sort().join();
      base = { clientId: parsed.data.client_id, secrets };
    } else {
      base = generateCredentials(profile);
      write = true;
    }
    if (write) {
      fs.mkdirSync(dir, { recursive: true });
      const body = JSON.stringify({ client_id: base.clientId, secrets: base.secrets }, null, 2) + '\n';
      fs.writeFileSync(file, body, { mode: 0o600 });
    }
  }
  base ??= generateCredentials(profile);
  const secrets: Record<EnvType, string> = {};
  for (const env of profile.environments) secrets[env] = given.secrets?.[env] ?? (base.secrets[env] as string);
  return { clientId: given.clientId ?? base.clientId, secrets };
}
