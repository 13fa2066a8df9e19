/**
 * The local sandbox: an HTTP server that speaks the Transcrypts webhooks API of ../shared/api.md, keeps its data
 * on disk, and delivers signed events on demand. Used by the CLI, by the extension ("Start Local Sandbox"), and
 * by every test.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import type { FieldError } from '../api/errors';
import type { Webhook } from '../api/schemas';
import { isKnownEventType } from '../events';
import { CLIENT_ID_HEADER, LIMITS, SECRET_HEADER, type EnvType } from '../model';
import { loadCredentials, type Credentials } from './credentials';
import { DEFAULT_DELIVERY, Deliverer, type DeliveryOptions } from './delivery';
import { Faults, faultConfigSchema, type FaultConfig } from './faults';
import { DEFAULT_PROFILE, PROFILES, newConfigId, type Profile, type ProfileName } from './profiles';
import { seedHistory, seedWebhooks } from './seed';
import { decodeCursor, encodeCursor } from './cursor';
import { Store, compareRows, type StoredRequest } from './store';
import { duplicateError, validateWebhookBody } from './validate';

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

const MAX_BODY = 1024 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HTTP ${status}`);
  }
}

const notFound = () => new HttpError(404, { detail: 'Not Found.' });
const apiError = (status: number, code: string, message: string, invalid?: FieldError[]) =>
  new HttpError(status, { error: { code, message, ...(invalid ? { extra: { 'invalid-params': invalid } } : {}) } });
const badParams = (invalid: FieldError[]) => apiError(400, 'incorrect_parameters', 'Incorrect request parameters', invalid);
const notAllowed = (method: string, allow: string[]) =>
  new HttpError(405, { detail: `Method "${method}" not allowed.` }, { Allow: allow.join(', ') });

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1';
  const profile = PROFILES[options.profile ?? DEFAULT_PROFILE];
  const store = options.dataDir ? Store.open(options.dataDir) : Store.memory();
  const credentials = loadCredentials(options.dataDir, { clientId: options.clientId, secrets: options.secrets }, profile);
  const now = new Date();
  if (options.seed && store.isEmpty) {
    seedWebhooks(store, now, profile);
    seedHistory(store, now, options.seedDeliveries ?? 2000, profile);
  }
  const faults = new Faults();
  if (options.faults) faults.set(options.faults);
  const deliverer = new Deliverer(store, (env) => credentials.secrets[env] ?? '', {
    ...DEFAULT_DELIVERY,
    signatureFormat: profile.signatureFormat,
    ...options.delivery,
  });
  const deny = new Set(options.deny ?? []);
  let origin = '';

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, { error: { code: 'server_error', message: 'Internal sandbox error.' } });
      else res.destroy();
      process.emitWarning(`sandbox: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    });
  });
  server.keepAliveTimeout = 2000;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    // Links (`next`, `previous`) are built from the Host the client used, so paging works behind a proxy or a
    // port forward; a Host that is not a plain host[:port] falls back to the listening address.
    const hostHeader = req.headers.host;
    const base = hostHeader && /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(hostHeader) ? `http://${hostHeader}` : origin;
    const url = new URL(req.url ?? '/', base);
    const path = url.pathname;
    if (path.startsWith('/v1/')) {
      if (faults.latencyMs > 0) await delay(faults.latencyMs);
      const rule = faults.take(method, path);
      if (rule) {
        if (rule.kind === 'reset') {
          req.socket.resetAndDestroy();
          return;
        }
        if (rule.kind === '429') return send(res, 429, { error: { code: 'throttled', message: 'Request was throttled.' } }, { 'Retry-After': rule.retry_after ?? '1' });
        if (rule.kind === '5xx') return send(res, rule.status ?? 503, { error: { code: 'server_error', message: 'Service unavailable (sandbox fault).' } });
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{"next": null, "previous": null, "results": [{"id": "');
        return;
      }
    }
    try {
      const env = authenticate(req);
      const body = method === 'POST' || method === 'PATCH' || method === 'PUT' ? await readJson(req) : undefined;
      const routed = route(method, url, env, body);
      send(res, routed.status, routed.body);
    } catch (e) {
      if (e instanceof HttpError) return send(res, e.status, e.body, e.headers);
      throw e;
    }
  }

  function authenticate(req: http.IncomingMessage): EnvType {
    const id = header(req, CLIENT_ID_HEADER);
    const secret = header(req, SECRET_HEADER);
    if (!id || !secret) throw apiError(401, 'authentication_failed', 'Authentication credentials were not provided.');
    const env = profile.environments.find((e) => safeEqual(secret, credentials.secrets[e] ?? ''));
    if (!safeEqual(id, credentials.clientId) || !env) throw apiError(401, 'authentication_failed', 'Incorrect authentication credentials.');
    if (deny.has(env)) throw apiError(403, 'not_authenticated', `These ${env} keys have no permission for this action.`);
    return env;
  }

  function route(method: string, url: URL, env: EnvType, body: unknown): { status: number; body: unknown } {
    const path = url.pathname;
    if (path === '/v1/webhooks/') {
      if (method === 'GET') return { status: 200, body: listWebhooks(url, env) };
      if (method === 'POST') return { status: 201, body: createWebhook(body) };
      throw notAllowed(method, ['GET', 'POST']);
    }
    const m = /^\/v1\/webhooks\/([^/]+)\/$/.exec(path);
    if (m) {
      let id: string;
      try {
        id = decodeURIComponent(m[1] as string);
      } catch {
        throw notFound();
      }
      const w = store.webhooks.get(id);
      if (method !== 'GET' && method !== 'PATCH' && method !== 'DELETE') throw notAllowed(method, ['GET', 'PATCH', 'DELETE']);
      if (!w) throw notFound();
      if (method === 'GET') return { status: 200, body: w };
      if (method === 'PATCH') return { status: 200, body: patchWebhook(w, body) };
      store.deleteWebhook(w.id);
      return { status: 204, body: undefined };
    }
    if (path === '/v1/webhook-requests/') {
      if (method !== 'GET') throw notAllowed(method, ['GET']);
      return { status: 200, body: history(url, env) };
    }
    if (path === '/_sandbox/events/') {
      if (method !== 'POST') throw notAllowed(method, ['POST']);
      return { status: 202, body: trigger(body) };
    }
    if (path === '/_sandbox/faults/') {
      if (method === 'GET') return { status: 200, body: faults.toJSON() };
      if (method === 'DELETE') {
        faults.clear();
        return { status: 204, body: undefined };
      }
      if (method === 'POST') {
        const parsed = faultConfigSchema.safeParse(body);
        if (!parsed.success) throw badParams(parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'body', message: i.message })));
        faults.set(parsed.data);
        return { status: 200, body: faults.toJSON() };
      }
      throw notAllowed(method, ['GET', 'POST', 'DELETE']);
    }
    throw notFound();
  }

  /** [T]: "The Access secret determines which environment processes each request": a list is that environment's. */
  function listWebhooks(url: URL, env: EnvType) {
    const page = intParam(url, 'page', 1, 1, Number.MAX_SAFE_INTEGER);
    const size = intParam(url, 'page_size', LIMITS.webhookPageSizeDefault, 1, LIMITS.webhookPageSizeMax);
    const all = [...store.webhooks.values()].filter((w) => w.env_type === env);
    const slice = all.slice((page - 1) * size, page * size);
    if (page > 1 && slice.length === 0) throw notFound();
    const link = (p: number) => {
      const u = new URL(url.href);
      u.searchParams.set('page', String(p));
      return u.href;
    };
    return {
      count: all.length,
      next: page * size < all.length ? link(page + 1) : null,
      previous: page > 1 ? link(page - 1) : null,
      results: slice,
    };
  }

  function createWebhook(body: unknown): Webhook {
    const { fields, errors } = validateWebhookBody(body, false, profile);
    if (errors.length === 0 && fields.webhook_url && fields.env_type) {
      const dup = duplicateError(store.webhooks.values(), fields.webhook_url, fields.env_type);
      if (dup) errors.push(dup);
    }
    if (errors.length > 0) throw badParams(errors);
    const at = new Date().toISOString();
    const w: Webhook = {
      id: newConfigId(profile),
      name: fields.name as string,
      webhook_url: fields.webhook_url as string,
      events: fields.events ?? [],
      env_type: fields.env_type as EnvType,
      ...(profile.enabledField ? { enabled: fields.enabled ?? true } : {}),
      created_at: at,
      updated_at: at,
    };
    store.putWebhook(w);
    return w;
  }

  function patchWebhook(w: Webhook, body: unknown): Webhook {
    const { fields, errors } = validateWebhookBody(body, true, profile);
    if (errors.length === 0) {
      const dup = duplicateError(store.webhooks.values(), fields.webhook_url ?? w.webhook_url, fields.env_type ?? w.env_type, w.id);
      if (dup && (fields.webhook_url !== undefined || fields.env_type !== undefined)) errors.push(dup);
    }
    if (errors.length > 0) throw badParams(errors);
    const next: Webhook = { ...w, ...fields, updated_at: new Date().toISOString() };
    store.putWebhook(next);
    return next;
  }

  function history(url: URL, env: EnvType) {
    const q = url.searchParams;
    const errors: FieldError[] = [];
    const nowMs = Date.now();
    const windowStart = nowMs - LIMITS.historyDays * 86_400_000;
    const date = (key: string): number | undefined => {
      const v = q.get(key);
      if (v === null) return undefined;
      const t = Date.parse(v);
      if (Number.isNaN(t)) errors.push({ field: key, message: 'Enter a valid date/time.' });
      return Number.isNaN(t) ? undefined : t;
    };
    const gte = date('created_at__gte');
    const lte = date('created_at__lte');
    // One minute of grace for clocks and for "now - 30 days" computed by a client a moment ago.
    if (gte !== undefined && gte < windowStart - 60_000) errors.push({ field: 'created_at__gte', message: `History is kept for ${LIMITS.historyDays} days; choose a later date.` });
    if (gte !== undefined && lte !== undefined && gte > lte) errors.push({ field: 'created_at__gte', message: 'Must be earlier than or equal to created_at__lte.' });
    const eventType = q.get('event_type');
    const statusRaw = q.get('status_code');
    let status: number | undefined;
    if (statusRaw !== null) {
      status = /^\d{3}$/.test(statusRaw) ? Number(statusRaw) : NaN;
      if (!(status >= 100 && status <= 599)) errors.push({ field: 'status_code', message: 'Ensure this value is an integer between 100 and 599.' });
    }
    let size: number = LIMITS.historyPageSizeDefault;
    const sizeRaw = q.get('page_size');
    if (sizeRaw !== null) {
      if (!/^\d+$/.test(sizeRaw) || Number(sizeRaw) < 1) errors.push({ field: 'page_size', message: 'A positive integer is required.' });
      else size = Math.min(Number(sizeRaw), LIMITS.historyPageSizeMax);
    }
    const cursorRaw = q.get('cursor');
    const cursor = cursorRaw === null ? undefined : decodeCursor(cursorRaw);
    if (cursorRaw !== null && !cursor) errors.push({ field: 'cursor', message: 'Invalid cursor.' });
    if (errors.length > 0) throw badParams(errors);

    const from = new Date(gte ?? windowStart).toISOString();
    const to = lte === undefined ? undefined : new Date(lte).toISOString();
    const match = (r: StoredRequest) =>
      r.env_type === env &&
      r.created_at >= from &&
      (to === undefined || r.created_at <= to) &&
      (eventType === null || r.event_type === eventType) &&
      (status === undefined || r.status_code === status);

    // Rows ascending by (created_at, seq); the API answers newest first.
    const rows = store.requests;
    const page: StoredRequest[] = [];
    let moreOlder = false;
    let moreNewer = false;
    if (!cursor || cursor.dir === 'before') {
      // Keyset paging: start just below the cursor (binary search), not by skipping newer rows one by one.
      for (let i = cursor ? lowerBound(rows, cursor.key) - 1 : rows.length - 1; i >= 0; i--) {
        const r = rows[i] as StoredRequest;
        if (!match(r)) continue;
        if (page.length === size) {
          moreOlder = true;
          break;
        }
        page.push(r);
      }
      moreNewer = cursor !== undefined;
    } else {
      // The rows just above the cursor, closest first, then shown newest first.
      for (let i = upperBound(rows, cursor.key); i < rows.length; i++) {
        const r = rows[i] as StoredRequest;
        if (!match(r)) continue;
        if (page.length === size) {
          moreNewer = true;
          break;
        }
        page.push(r);
      }
      page.reverse();
      moreOlder = true;
    }
    const link = (dir: 'before' | 'after', r: StoredRequest) => {
      const u = new URL(url.href);
      u.searchParams.set('cursor', encodeCursor({ dir, key: { created_at: r.created_at, seq: r.seq } }));
      return u.href;
    };
    const first = page[0];
    const last = page[page.length - 1];
    return {
      next: moreOlder && last ? link('before', last) : null,
      previous: moreNewer && first ? link('after', first) : null,
      results: page.map(publicRow),
    };
  }

  function trigger(body: unknown) {
    const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const errors: FieldError[] = [];
    const env = typeof b.env_type === 'string' && profile.environments.includes(b.env_type) ? b.env_type : undefined;
    const eventType = typeof b.event_type === 'string' && isKnownEventType(b.event_type) ? b.event_type : undefined;
    if (!env) errors.push({ field: 'env_type', message: `"${String(b.env_type)}" is not a valid choice. Choose one of ${profile.environments.join(', ')}.` });
    if (!eventType) errors.push({ field: 'event_type', message: `"${String(b.event_type)}" is not a valid choice.` });
    const payload = b.payload ?? {};
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) errors.push({ field: 'payload', message: 'Expected a JSON object.' });
    if (errors.length > 0 || !env || !eventType) throw badParams(errors);
    const result = deliverer.trigger(env, eventType, payload as Record<string, unknown>);
    return { env_type: env, event_type: eventType, ...result };
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
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

function publicRow(r: StoredRequest) {
  return {
    webhook_id: r.webhook_id,
    event_type: r.event_type,
    event_created_at: r.event_created_at,
    status_code: r.status_code,
    error_message: r.error_message,
    webhook_payload: r.webhook_payload,
    webhook_url: r.webhook_url,
  };
}

/** First index whose row is not below `key` (rows ascending). */
function lowerBound(rows: StoredRequest[], key: { created_at: string; seq: number }): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareRows(rows[mid] as StoredRequest, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose row is above `key`. */
function upperBound(rows: StoredRequest[], key: { created_at: string; seq: number }): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareRows(rows[mid] as StoredRequest, key) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function intParam(url: URL, key: string, dflt: number, min: number, max: number): number {
  const raw = url.searchParams.get(key);
  if (raw === null) return dflt;
  if (!/^\d+$/.test(raw) || Number(raw) < min) throw badParams([{ field: key, message: 'A positive integer is required.' }]);
  return Math.min(Number(raw), max);
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (body === undefined) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function readJson(req: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    // A body must be declared JSON ([Truv]: 415 otherwise); a request without a body needs no type.
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (hasBody && type !== 'application/json' && !type.endsWith('+json')) {
      req.resume();
      return reject(apiError(415, 'unsupported_media_type', `Unsupported media type "${type || 'none'}" in request.`));
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY) {
      req.resume();
      return reject(apiError(413, 'request_too_large', `The request body is larger than ${MAX_BODY / 1024} KB.`));
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) tooLarge = true;
      else chunks.push(c);
    });
    req.on('error', reject);
    req.on('end', () => {
      if (tooLarge) return reject(apiError(413, 'request_too_large', `The request body is larger than ${MAX_BODY / 1024} KB.`));
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return resolve(undefined);
      try {
        resolve(JSON.parse(text));
      } catch (e) {
        reject(badParams([{ field: 'body', message: `JSON parse error - ${e instanceof Error ? e.message : 'invalid JSON'}` }]));
      }
    });
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
