/**
 * Sample data for `--seed`: configurations in every environment of the profile and 30 days of history (about
 * 2,400 rows over all 19 event types, with 4xx, 5xx and no-answer failures and their retries, 30 s apart).
 * Reproducible: the same seed and clock give the same rows. Local receivers use loopback URLs (in dev when the
 * profile has no sandbox environment); the others use example.com hosts.
 */
import type { Webhook } from '../core/api/schemas';
import { EVENT_TYPES, eventNameOf, eventTimeOf, eventTypesOf, type EventType } from '../core/events';
import { DAY_MS, HISTORY_WINDOW_MS, LIMITS, isLoopbackHost, type EnvType } from '../core/model';
import { answeredText, NO_ANSWER, noAnswerWithin } from './delivery';
import { generatePayload } from '../core/samples/payloads';
import { PROFILES, envIn, type Profile } from '../core/profiles';
import { hex, int, pick, seededRng, type Rng } from '../core/samples/random';
import type { Store, StoredRequest } from './store';

interface SeedConfig {
  name: string;
  /** The name where configurations have no enabled state (a platform without auto-disable). */
  plainName?: string;
  url: string;
  env: EnvType;
  events: readonly EventType[];
  enabled: boolean;
  /** Share of deliveries that fail, and how. */
  failRate: number;
  weight: number;
}

const ORDER_EVENTS = eventTypesOf('order');
const LINK_EVENTS = eventTypesOf('task', 'link');
const DATA_EVENTS = eventTypesOf('object', 'objects');

export const SEED_CONFIGS: readonly SeedConfig[] = [
  { name: 'Local receiver', url: 'http://127.0.0.1:3000/webhooks/transcrypts', env: 'sandbox', events: EVENT_TYPES, enabled: true, failRate: 0.08, weight: 4 },
  { name: 'Order updates (local)', url: 'http://localhost:4000/orders/hook', env: 'sandbox', events: ORDER_EVENTS, enabled: true, failRate: 0.3, weight: 2 },
  { name: 'Legacy receiver', url: 'http://127.0.0.1:3999/old', env: 'sandbox', events: eventTypesOf('task'), enabled: false, failRate: 0.9, weight: 1 },
  { name: 'Staging receiver', url: 'https://staging.example.com/webhooks/transcrypts', env: 'dev', events: EVENT_TYPES, enabled: true, failRate: 0.1, weight: 3 },
  { name: 'Link monitor', url: 'https://links.dev.example.com/events', env: 'dev', events: LINK_EVENTS, enabled: true, failRate: 0.05, weight: 2 },
  { name: 'Production receiver', url: 'https://api.example.com/webhooks/transcrypts', env: 'prod', events: EVENT_TYPES, enabled: true, failRate: 0.03, weight: 5 },
  { name: 'Payroll data sync', url: 'https://sync.example.com/transcrypts/data', env: 'prod', events: DATA_EVENTS, enabled: true, failRate: 0.45, weight: 2 },
  { name: 'Auto-disabled backup', plainName: 'Backup receiver', url: 'https://backup.example.com/hooks', env: 'prod', events: EVENT_TYPES, enabled: false, failRate: 0.95, weight: 1 },
];

const FAILURES: ReadonlyArray<{ status: number | null; message: string; needsDns?: true }> = [
  { status: 500, message: answeredText(500, 'Internal Server Error') },
  { status: 502, message: answeredText(502, 'Bad Gateway') },
  { status: 503, message: answeredText(503, 'Service Unavailable') },
  { status: 400, message: answeredText(400, '{"error":"invalid signature"}') },
  { status: 401, message: answeredText(401, 'Unauthorized') },
  { status: 404, message: answeredText(404, 'Not Found') },
  { status: 410, message: answeredText(410, 'Gone') },
  { status: null, message: noAnswerWithin(LIMITS.deliveryTimeoutMs) },
  { status: null, message: NO_ANSWER.refused },
  { status: null, message: NO_ANSWER['not-found'], needsDns: true },
];

/** What can go wrong delivering to a URL: a loopback receiver has no host name to resolve. */
function failuresFor(url: string): ReadonlyArray<{ status: number | null; message: string }> {
  let loopback = false;
  try {
    loopback = isLoopbackHost(new URL(url).hostname);
  } catch {
    // not a URL: any failure
  }
  return loopback ? FAILURES.filter((f) => !f.needsDns) : FAILURES;
}

/** A seeded id in the profile's style (a UUID's layout from seeded hex, so sample data stays reproducible). */
function seededId(profile: Profile, rng: Rng): string {
  const h = hex(rng, 32);
  if (profile.idStyle === 'hex') return h;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'.charAt(parseInt(h.charAt(16), 16) % 4)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function seedWebhooks(store: Store, now: Date, profile: Profile = PROFILES.transcrypts, rng: Rng = seededRng(7)): Webhook[] {
  const out: Webhook[] = [];
  for (const c of SEED_CONFIGS) {
    // Created before the history window, last changed within it.
    const created = new Date(now.getTime() - int(rng, LIMITS.historyDays + 1, 200) * DAY_MS).toISOString();
    const w: Webhook = {
      id: seededId(profile, rng),
      name: profile.enabledField ? c.name : (c.plainName ?? c.name),
      webhook_url: c.url,
      events: [...c.events],
      env_type: envIn(profile, c.env),
      ...(profile.enabledField ? { enabled: c.enabled } : {}),
      created_at: created,
      updated_at: new Date(now.getTime() - int(rng, 1, LIMITS.historyDays) * DAY_MS).toISOString(),
    };
    store.putWebhook(w);
    out.push(w);
  }
  return out;
}

/**
 * `count` generated configurations in `env` (the profile's first environment by default), for tests and benches at
 * scale: "Receiver 00000"… with distinct URLs and every event type, reproducible.
 */
export function seedBulkWebhooks(store: Store, now: Date, count: number, profile: Profile = PROFILES.transcrypts, env?: EnvType, rng: Rng = seededRng(13)): void {
  const at = now.toISOString();
  const width = String(Math.max(count - 1, 0)).length;
  const list: Webhook[] = [];
  for (let i = 0; i < count; i++) {
    list.push({
      id: seededId(profile, rng),
      name: `Receiver ${String(i).padStart(width, '0')}`,
      webhook_url: `https://hooks${i}.example.com/transcrypts`,
      events: [...EVENT_TYPES],
      env_type: envIn(profile, env ?? (profile.environments[0] as string)),
      ...(profile.enabledField ? { enabled: i % 7 !== 0 } : {}),
      created_at: at,
      updated_at: at,
    });
  }
  store.putWebhooks(list);
}

/** About `deliveries` deliveries over the last 30 days; failed ones are followed by retries (same webhook_id). */
export function seedHistory(store: Store, now: Date, deliveries = 2000, profile: Profile = PROFILES.transcrypts, rng: Rng = seededRng(11)): number {
  const totalWeight = SEED_CONFIGS.reduce((s, c) => s + c.weight, 0);
  const span = HISTORY_WINDOW_MS - 3_600_000;
  const rows: StoredRequest[] = [];
  for (let i = 0; i < deliveries; i++) {
    let r = rng.next() * totalWeight;
    const config = SEED_CONFIGS.find((c) => (r -= c.weight) < 0) ?? (SEED_CONFIGS[0] as SeedConfig);
    // Make sure every event type appears: cycle through them first.
    const eventType = i < EVENT_TYPES.length ? (EVENT_TYPES[i] as EventType) : pick(rng, config.events);
    const at = new Date(now.getTime() - Math.floor(rng.next() * span) - 60_000);
    const payload = generatePayload(eventType, rng, at, hex(rng, 32));
    const failing = rng.next() < config.failRate;
    const attempts = failing ? int(rng, 1, LIMITS.deliveryAttempts) : 1;
    let t = at.getTime() + int(rng, 50, 900);
    for (let a = 1; a <= attempts; a++) {
      const lastSucceeds = failing && a === attempts && attempts < LIMITS.deliveryAttempts;
      const fail = failing && !lastSucceeds ? pick(rng, failuresFor(config.url)) : undefined;
      rows.push({
        seq: 0,
        created_at: new Date(Math.min(t, now.getTime() - 1000)).toISOString(),
        env_type: envIn(profile, config.env),
        webhook_id: String(payload.webhook_id),
        event_type: eventNameOf(payload) ?? eventType,
        event_created_at: eventTimeOf(payload) ?? at.toISOString(),
        status_code: fail ? fail.status : pick(rng, [200, 200, 200, 200, 201, 204]),
        error_message: fail ? fail.message : null,
        webhook_payload: payload,
        webhook_url: config.url,
      });
      t += LIMITS.deliveryRetryIntervalMs + int(rng, 0, 500);
    }
  }
  rows.sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0));
  for (const row of rows) row.seq = store.nextSeq();
  store.addRequests(rows);
  return rows.length;
}
