/**
 * /_sandbox/info/: which sandbox answers — its profile, environments and data folder — so a client pointed at a
 * loopback URL knows it talks to a local sandbox (Trigger Test Event works there) and can say which one.
 */
import type { SandboxContext } from '../context';
import type { Reply } from '../http/router';

export function sandboxInfo({ profile, dataDir, origin }: SandboxContext): Reply {
  return { status: 200, body: { sandbox: true, profile: profile.name, environments: profile.environments, data_dir: dataDir ?? null, origin } };
}

/** The same without keys: the profile and its environments, not where its data (and keys) are kept. */
export function publicInfo({ profile, origin }: Pick<SandboxContext, 'profile' | 'origin'>): Record<string, unknown> {
  return { sandbox: true, profile: profile.name, environments: profile.environments, data_dir: null, origin };
}
