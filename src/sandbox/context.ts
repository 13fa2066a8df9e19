/** What a running sandbox's request handling works on: its profile, data, keys, faults and deliverer. */
import type { EnvType } from '../core/model';
import type { Credentials } from './credentials';
import type { Deliverer } from './delivery';
import type { Faults } from './faults';
import type { Profile } from '../core/profiles';
import type { Store } from './store';

export interface SandboxContext {
  readonly profile: Profile;
  readonly store: Store;
  readonly credentials: Credentials;
  readonly faults: Faults;
  readonly deliverer: Deliverer;
  /** Where its data lives (undefined: in memory only). */
  readonly dataDir?: string;
  /** Environments whose keys are valid but get 403. */
  readonly deny: ReadonlySet<EnvType>;
  /** The configuration list's page size when a request names none (undefined: the documented default). */
  readonly webhookPageSize?: number;
  /** The listening address (`http://host:port`), set once the server listens: links fall back to it. */
  origin: string;
}
