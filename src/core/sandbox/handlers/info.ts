/**
 * /_sandbox/info/: which sandbox answers — its profile, environments and data folder — so a client pointed at a
 * loopback URL knows it talks to a local sandbox (Trigger Test Event works there) and can say which one.
 */
import type { SandboxContext } from '../context';
import type { Reply } from '../http/router';

export function sandboxInfo({ profile, dataDir, origin }: SandboxContext): Reply {
  return { status: 200, body: { sandbox: true, profile: profile.name, environments: profile.environments, data_dir: dataDir ?? null, origin } };
}
