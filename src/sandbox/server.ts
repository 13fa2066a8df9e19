/**
 * The local sandbox: an HTTP server that speaks the Transcrypts webhooks API of docs/platform.md, keeps its data
 * on disk, and delivers signed events on demand. Used by the CLI, by the extension ("Start Local Sandbox"), and
 * by every test. Its endpoints are the route table of routes.ts; this module starts and stops it.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EnvType } from '../core/model';
import type { SandboxContext } from './context';
import { loadCredentials, type Credentials } from './credentials';
import { DEFAULT_DELIVERY, Deliverer, type DeliveryOptions } from './delivery';
import { Faults, type FaultConfig } from './faults';
import { requestListener } from './http/pipeline';
import { DEFAULT_PROFILE, PROFILES, type Profile, type ProfileName } from '../core/profiles';
import { createRouter } from './http/router';
import { ROUTES } from './routes';
import { seedBulkWebhooks, seedHistory, seedWebhooks } from './seed';
import { Store } from './store';

export interface SandboxOptions {
  /** Which documented variant of the API to emulate (profiles.ts). Default `transcrypts`. */
  profile?: ProfileName;
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Where the journal and credentials live; omitted: in memory only. */
  dataDir?: string;
  /** Add sample configurations and 30 days of history when the store is empty. */
  seed?: boolean;
  /** Deliveries in the seeded history (default 2000). */
  seedDeliveries?: number;
  clientId?: string;
  secrets?: Partial<Record<EnvType, string>>;
  delivery?: Partial<DeliveryOptions>;
  faults?: FaultConfig;
  /** Environments whose keys are valid but get 403 (to exercise permission errors). */
  deny?: EnvType[];
  /**
   * The configuration list's page size when a request names none (default LIMITS.webhookPageSizeDefault). A
   * platform may answer with every configuration in one page: a large value emulates it.
   */
  webhookPageSize?: number;
  /** Generated configurations added when the store is empty (`count` in `env`, default the profile's first). */
  bulkWebhooks?: { count: number; env?: EnvType };
}

export interface Sandbox {
  readonly baseUrl: string;
  readonly origin: string;
  readonly port: number;
  readonly profile: Profile;
  readonly credentials: Credentials;
  readonly store: Store;
  readonly faults: Faults;
  readonly deliverer: Deliverer;
  readonly warnings: readonly string[];
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1';
  const ctx = openContext(options);
  const server = http.createServer(requestListener(ctx, createRouter(ROUTES)));
  server.keepAliveTimeout = 2000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  ctx.origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return running(ctx, server, port);
}

/** The profile, data, keys, faults and deliverer the options ask for; seeded when asked and empty. */
function openContext(options: SandboxOptions): SandboxContext {
  const profile = PROFILES[options.profile ?? DEFAULT_PROFILE];
  const store = options.dataDir ? Store.open(options.dataDir) : Store.memory();
  const credentials = loadCredentials(options.dataDir, { clientId: options.clientId, secrets: options.secrets }, profile);
  const now = new Date();
  const empty = store.isEmpty;
  if (options.seed && empty) {
    seedWebhooks(store, now, profile);
    seedHistory(store, now, options.seedDeliveries ?? 2000, profile);
  }
  if (options.bulkWebhooks && empty) seedBulkWebhooks(store, now, options.bulkWebhooks.count, profile, options.bulkWebhooks.env);
  const faults = new Faults();
  if (options.faults) faults.set(options.faults);
  const deliverer = new Deliverer(store, (env) => credentials.secrets[env] ?? '', {
    ...DEFAULT_DELIVERY,
    signatureFormat: profile.signatureFormat,
    ...options.delivery,
  });
  return { profile, store, credentials, faults, deliverer, dataDir: options.dataDir, deny: new Set(options.deny ?? []), webhookPageSize: options.webhookPageSize, origin: '' };
}

function running(ctx: SandboxContext, server: http.Server, port: number): Sandbox {
  const { origin, profile, credentials, store, faults, deliverer } = ctx;
  let closing: Promise<void> | undefined;
  return {
    baseUrl: `${origin}/v1/`,
    origin,
    port,
    profile,
    credentials,
    store,
    faults,
    deliverer,
    warnings: store.warnings,
    close() {
      closing ??= (async () => {
        deliverer.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await deliverer.idle();
        store.close();
      })();
      return closing;
    },
  };
}
