/**
 * The two variants of the API the sandbox can emulate (docs/platform.md): `transcrypts`, what the platform's own
 * documents describe ([seed], [T]), and `truv`, the platform it is modelled on ([Truv]). Every difference between
 * them lives in this table; the README lists both side by side.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { PLATFORM_SIGNATURE_FORMAT, type SignatureFormat } from './signature';

export const PROFILE_NAMES = ['transcrypts', 'truv'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

export interface Profile {
  name: ProfileName;
  /** The environments whose secrets exist, in the order they are shown. */
  environments: readonly string[];
  /** Configuration ids: hyphenated UUIDs ([seed] example) or 32 lower-hex ([Truv]). */
  idStyle: 'uuid' | 'hex';
  /** Whether configurations carry `enabled` (and PATCH can change it). */
  enabledField: boolean;
  /** The form of `X-WEBHOOK-SIGN` on deliveries. */
  signatureFormat: SignatureFormat;
  /** Whether issued secrets start with their environment (`dev-…`). */
  secretPrefix: boolean;
  /**
   * The fields a create body must carry. [T]: `name`, `webhook_url`, `events` (`env_type` optional: the secret's
   * environment); [Truv]: `name`, `webhook_url`, `env_type` (`events` optional: none).
   */
  createRequired: readonly CreateField[];
}

/** The fields of a create body that a profile may require. */
export type CreateField = 'name' | 'webhook_url' | 'env_type' | 'events';

export const PROFILES: Readonly<Record<ProfileName, Profile>> = {
  transcrypts: { name: 'transcrypts', environments: ['dev', 'prod'], idStyle: 'uuid', enabledField: false, signatureFormat: PLATFORM_SIGNATURE_FORMAT.transcrypts, secretPrefix: false, createRequired: ['name', 'webhook_url', 'events'] },
  truv: { name: 'truv', environments: ['sandbox', 'dev', 'prod'], idStyle: 'hex', enabledField: true, signatureFormat: PLATFORM_SIGNATURE_FORMAT.truv, secretPrefix: true, createRequired: ['name', 'webhook_url', 'env_type'] },
};

export const DEFAULT_PROFILE: ProfileName = 'transcrypts';

export function isProfileName(v: unknown): v is ProfileName {
  return v === 'transcrypts' || v === 'truv';
}

/** A new configuration id in the profile's style. */
export function newConfigId(profile: Profile): string {
  return profile.idStyle === 'uuid' ? randomUUID() : randomBytes(16).toString('hex');
}

/** A new secret for `env` in the profile's style. */
export function newSecret(profile: Profile, env: string): string {
  const body = randomBytes(20).toString('hex');
  return profile.secretPrefix ? `${env}-${body}` : body;
}

/** The profile's environment for sample data written for `env` (the transcrypts profile has no sandbox: dev). */
export function envIn(profile: Profile, env: string): string {
  return profile.environments.includes(env) ? env : (profile.environments[0] as string);
}
