/**
 * Typed client of the Transcrypts webhooks API (docs/platform.md) over node-fetch, which VS Code's proxy support
 * covers. Every response is validated at this boundary; every failure is an `ApiError` with a kind.
 */
import * as l10n from '@vscode/l10n';
import fetch, { type RequestInit, type Response } from 'node-fetch';
import type { z } from 'zod';
import type { EventType } from '../events';
import { CLIENT_ID_HEADER, SECRET_HEADER, envOfSecret, isLoopbackHost, type EnvType } from '../model';
import { scrubSecrets, serverExcerpt } from '../log/redact';
import { Slicer, SLICE_MS } from '../slices';
import { ApiError, parseRetryAfter, type FieldError } from './errors';
import { Bytes } from './bytes';
import { WHOLE_BODY_BYTES, webhookPageInSlices } from './slicedPage';
import {
  describeIssue,
  detailBodySchema,
  errorBodySchema,
  sandboxInfoSchema,
  triggerResultSchema,
  webhookPageSchema,
  webhookRequestPageSchema,
  webhookSchema,
  type SandboxInfo,
  type TriggerResult,
  type Webhook,
  type WebhookPage,
  type WebhookRequestPage,
} from './schemas';

/** Each request's timeout unless the caller sets one (the setting `requestTimeoutSeconds` defaults to it). */
export const DEFAULT_TIMEOUT_MS = 15_000;

export interface ClientOptions {
  /** Ends in `/v1/`. HTTPS is required for any host but loopback. */
  baseUrl: string;
  clientId: string;
  secret: string;
  /** The environment the secret was given for (messages name it); default: the one its prefix suggests. */
  env?: EnvType;
  /** Per attempt. Default 15 s. */
  timeoutMs?: number;
  /** Extra attempts for GET and DELETE on 429, 5xx and network errors. Default 3. */
  maxRetries?: number;
  /** First backoff delay; doubles per attempt, with full jitter. Default 500 ms. */
  retryBaseMs?: number;
  /** A `Retry-After` longer than this is not waited for: the 429 is returned to the caller. Default 60 s. */
  maxRetryAfterMs?: number;
  userAgent?: string;
  /** Called after every HTTP attempt; carries no header and no body, so nothing secret. */
  onAttempt?: (info: AttemptInfo) => void;
}

export interface AttemptInfo {
  method: string;
  path: string;
  attempt: number;
  status?: number;
  error?: string;
  ms: number;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface WebhookCreate {
  name: string;
  webhook_url: string;
  env_type: EnvType;
  events?: EventType[];
  enabled?: boolean;
}
export type WebhookPatch = Partial<Omit<WebhookCreate, 'env_type'>> & { env_type?: EnvType };

export interface HistoryFilters {
  createdAtGte?: Date | string;
  createdAtLte?: Date | string;
  eventType?: EventType;
  statusCode?: number;
  pageSize?: number;
}

/** Why a base URL cannot be used, or undefined. */
export function baseUrlProblem(baseUrl: string): string | undefined {
  let u: URL;
  try {
    u = new URL(baseUrl);
  } catch {
    return l10n.t('"{0}" is not an absolute URL.', baseUrl);
  }
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && isLoopbackHost(u.hostname))) {
    return l10n.t('The API base URL must use https:// (plain http:// is accepted only for 127.0.0.1 and localhost): {0}', u.origin);
  }
  if (!u.pathname.endsWith('/')) return l10n.t('The API base URL must end with "/" (for example https://prod.transcrypts.com/v1/).');
  return undefined;
}

const IDEMPOTENT = new Set(['GET', 'DELETE', 'HEAD']);

/** A 403 whose words say no credentials reached the server (DRF's "Authentication credentials were not provided."). */
const NO_CREDENTIALS = /credentials were not provided|not authenticated|no credentials|missing credentials/i;

export class TranscryptsClient {
  readonly env: EnvType | undefined;
  private readonly base: URL;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly retryBaseMs: number;
  private readonly maxRetryAfterMs: number;

  constructor(private readonly opts: ClientOptions) {
    const problem = baseUrlProblem(opts.baseUrl);
    if (problem) throw new ApiError('validation', problem, { fieldErrors: [{ field: 'baseUrl', message: problem }] });
    this.base = new URL(opts.baseUrl);
    this.env = opts.env ?? envOfSecret(opts.secret);
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxRetries = opts.maxRetries ?? 3;
    this.retryBaseMs = opts.retryBaseMs ?? 500;
    this.maxRetryAfterMs = opts.maxRetryAfterMs ?? 60_000;
  }

  get baseUrl(): string {
    return this.base.href;
  }

  // ---- configurations -------------------------------------------------------------------------------------

  /** Every page of the configuration list, following `next` until null. */
  async *webhookPages(options: CallOptions = {}): AsyncGenerator<WebhookPage> {
    let url: string | undefined = this.resolve('webhooks/');
    const seen = new Set<string>();
    while (url) {
      if (seen.has(url)) throw new ApiError('bad_response', l10n.t('The configuration list repeats a page (its "next" link loops).'));
      seen.add(url);
      // Parsed and checked in slices: one page may hold every configuration (50,000 are 36 MB of JSON).
      const page: WebhookPage = await this.call('GET', url, webhookPageSchema, { ...options, inSlices: webhookPageInSlices });
      yield page;
      url = page.next ? this.followLink(page.next) : undefined;
    }
  }

  async listWebhooks(options: CallOptions = {}): Promise<Webhook[]> {
    const all: Webhook[] = [];
    // Not push(...results): a page of 100,000 would be as many arguments.
    for await (const page of this.webhookPages(options)) for (const w of page.results) all.push(w);
    return all;
  }

  async getWebhook(id: string, options: CallOptions = {}): Promise<Webhook> {
    return this.call('GET', this.webhookUrl(id), webhookSchema, options);
  }

  async createWebhook(input: WebhookCreate, options: CallOptions = {}): Promise<Webhook> {
    return this.call('POST', this.resolve('webhooks/'), webhookSchema, { ...options, body: input });
  }

  async updateWebhook(id: string, patch: WebhookPatch, options: CallOptions = {}): Promise<Webhook> {
    return this.call('PATCH', this.webhookUrl(id), webhookSchema, { ...options, body: patch });
  }

  async deleteWebhook(id: string, options: CallOptions = {}): Promise<void> {
    await this.call('DELETE', this.webhookUrl(id), undefined, options);
  }

  // ---- request history ------------------------------------------------------------------------------------

  /**
   * One page of the history: the first for `filters`, or the page a `next`/`previous` link names. With a link,
   * `filters.pageSize` (when given) replaces the link's page size; its other filters come from the link.
   */
  async historyPage(filters: HistoryFilters, link?: string, options: CallOptions = {}): Promise<WebhookRequestPage> {
    let url = link ? this.followLink(link) : this.historyUrl(filters);
    if (link && filters.pageSize !== undefined) {
      const u = new URL(url);
      u.searchParams.set('page_size', String(filters.pageSize));
      url = u.href;
    }
    return this.call('GET', url, webhookRequestPageSchema, options);
  }

  /** The history as an async iterator over pages, newest first. */
  async *historyPages(filters: HistoryFilters = {}, options: CallOptions = {}): AsyncGenerator<WebhookRequestPage> {
    let link: string | undefined;
    const seen = new Set<string>();
    do {
      const page = await this.historyPage(filters, link, options);
      yield page;
      link = page.next ?? undefined;
      if (link) {
        if (seen.has(link)) throw new ApiError('bad_response', l10n.t('The request history repeats a page (its "next" link loops).'));
        seen.add(link);
      }
    } while (link);
  }

  // ---- sandbox only ---------------------------------------------------------------------------------------

  /** `POST /_sandbox/events/`: the local sandbox delivers an event of this type now. */
  async triggerSandboxEvent(
    env: EnvType,
    eventType: EventType,
    payload: Record<string, unknown> = {},
    options: CallOptions = {},
  ): Promise<TriggerResult> {
    const url = new URL('/_sandbox/events/', this.base).href;
    return this.call('POST', url, triggerResultSchema, { ...options, body: { env_type: env, event_type: eventType, payload } });
  }

  /** `GET /_sandbox/info/`: which local sandbox answers; undefined when the server is not one (404, 405). */
  async sandboxInfo(options: CallOptions = {}): Promise<SandboxInfo | undefined> {
    try {
      return await this.call('GET', new URL('/_sandbox/info/', this.base).href, sandboxInfoSchema, options);
    } catch (e) {
      // The platform, or anything else on that address: no such route, or an answer of another shape.
      if (e instanceof ApiError && (e.kind === 'not_found' || e.kind === 'bad_response' || e.status === 405)) return undefined;
      throw e;
    }
  }

  // ---- plumbing -------------------------------------------------------------------------------------------

  private resolve(path: string): string {
    return new URL(path, this.base).href;
  }

  /** `webhooks/<id>/` with the opaque id encoded as one path segment. */
  private webhookUrl(id: string): string {
    if (id.length === 0) {
      throw new ApiError('validation', l10n.t('A configuration id cannot be empty.'), { fieldErrors: [{ field: 'id', message: l10n.t('expected a non-empty id') }] });
    }
    // "." and ".." are dot segments in any encoding (%2E too): PATCH /webhooks/../ would be PATCH /v1/.
    if (id === '.' || id === '..') {
      throw new ApiError('validation', l10n.t('The configuration id "{0}" cannot be put in a URL (it is a dot segment, which would address another resource): nothing was sent. Change or delete it in the Transcrypts dashboard.', id), {
        fieldErrors: [{ field: 'id', message: l10n.t('a dot segment') }],
      });
    }
    return this.resolve(`webhooks/${encodeURIComponent(id)}/`);
  }

  private historyUrl(f: HistoryFilters): string {
    const u = new URL('webhook-requests/', this.base);
    const iso = (d: Date | string) => (typeof d === 'string' ? d : d.toISOString());
    if (f.createdAtGte !== undefined) u.searchParams.set('created_at__gte', iso(f.createdAtGte));
    if (f.createdAtLte !== undefined) u.searchParams.set('created_at__lte', iso(f.createdAtLte));
    if (f.eventType !== undefined) u.searchParams.set('event_type', f.eventType);
    if (f.statusCode !== undefined) u.searchParams.set('status_code', String(f.statusCode));
    if (f.pageSize !== undefined) u.searchParams.set('page_size', String(f.pageSize));
    return u.href;
  }

  /** A `next`/`previous` link must stay under the base URL: the keys are never sent anywhere else. */
  private followLink(link: string): string {
    let u: URL;
    try {
      u = new URL(link, this.base);
    } catch {
      throw new ApiError('bad_response', l10n.t('The server sent a paging link that is not a URL: {0}', link.slice(0, 200)));
    }
    // Behind a proxy that ends TLS, the server may write its links as http:// on the same host: follow them on the
    // configured https:// (paging stopped after page 1). Only ever up to https, never down.
    if (u.protocol === 'http:' && this.base.protocol === 'https:' && u.hostname === this.base.hostname && (u.port === '' || u.port === this.base.port)) {
      u.protocol = 'https:';
      u.port = this.base.port;
    }
    if (u.origin !== this.base.origin || !u.pathname.startsWith(this.base.pathname)) {
      throw new ApiError('bad_response', l10n.t('The server sent a paging link outside the API base URL ({0}); it was not followed.', u.origin));
    }
    return u.href;
  }

  /**
   * `inSlices`: a parser of the body that yields to the event loop between slices; its undefined means "not on this
   * path" and the body is checked the usual way (whose error names the field).
   */
  private async call<S extends z.ZodTypeAny>(
    method: string,
    url: string,
    schema: S | undefined,
    options: CallOptions & { body?: unknown; inSlices?: (body: Bytes, slicer: Slicer) => Promise<z.infer<S> | undefined> },
  ): Promise<z.infer<S>> {
    const path = new URL(url).pathname;
    const retries = IDEMPOTENT.has(method) ? this.maxRetries : 0;
    for (let attempt = 0; ; attempt++) {
      try {
        const { status, body, response } = await this.attempt(method, url, path, attempt, options);
        if (status >= 200 && status < 300) {
          // A small body the usual way (one parse is quicker than slices); a large one in slices.
          const sliced = options.inSlices && body.length > WHOLE_BODY_BYTES && (await options.inSlices(body, new Slicer(SLICE_MS, options.signal)));
          if (sliced) return sliced;
          return this.parse(method, path, status, body.toString(), response.headers.get('content-type'), schema);
        }
        throw this.httpError(method, path, status, body.toString(), response);
      } catch (e) {
        const err = this.asApiError(e, method, path);
        if (attempt >= retries || !err.transient) throw err;
        if (err.kind === 'rate_limited' && err.retryAfterMs !== undefined && err.retryAfterMs > this.maxRetryAfterMs) throw err;
        const backoff = Math.random() * this.retryBaseMs * 2 ** attempt;
        await sleep(err.retryAfterMs ?? backoff, options.signal, method, path);
      }
    }
  }

  private async attempt(
    method: string,
    url: string,
    path: string,
    attempt: number,
    options: CallOptions & { body?: unknown },
  ): Promise<{ status: number; body: Bytes; response: Response }> {
    if (options.signal?.aborted) throw cancelled(method, path);
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), this.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout.signal]) : timeout.signal;
    const headers: Record<string, string> = {
      Accept: 'application/json',
      [CLIENT_ID_HEADER]: this.opts.clientId,
      [SECRET_HEADER]: this.opts.secret,
    };
    if (this.opts.userAgent) headers['User-Agent'] = this.opts.userAgent;
    const init: RequestInit = { method, headers, signal: signal as RequestInit['signal'], redirect: 'error' };
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(options.body);
    }
    const started = Date.now();
    try {
      const response = await fetch(url, init);
      const body = await bodyBytes(response);
      this.opts.onAttempt?.({ method, path, attempt, status: response.status, ms: Date.now() - started });
      return { status: response.status, body, response };
    } catch (e) {
      const err = timeout.signal.aborted && !options.signal?.aborted
        ? new ApiError('timeout', l10n.t('{0} {1} timed out after {2} s.', method, path, this.timeoutMs / 1000), { method, path })
        : this.asApiError(e, method, path);
      this.opts.onAttempt?.({ method, path, attempt, error: err.message, ms: Date.now() - started });
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  private parse<S extends z.ZodTypeAny>(
    method: string,
    path: string,
    status: number,
    text: string,
    contentType: string | null,
    schema: S | undefined,
  ): z.infer<S> {
    // A call without a schema (DELETE) takes any 2xx, whatever its body.
    if (!schema) return undefined;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      const type = contentType ? contentType.split(';')[0]?.trim() || contentType : l10n.t('no content type');
      const base = this.base.href;
      const message = text.trim() === ''
        ? l10n.t('The server answered {0} {1} with HTTP {2} and an empty body, not the JSON the API sends. Check the API base URL ({3}): a proxy or another server may be answering.', method, path, status, base)
        : type === 'text/html'
          ? l10n.t('The server answered {0} {1} with HTTP {2} and an HTML page ({3}), not the JSON the API sends. Check the API base URL ({4}): a proxy or another server may be answering.', method, path, status, type, base)
          : l10n.t('The server answered {0} {1} with HTTP {2} and a body that is not JSON ({3}), not the JSON the API sends. Check the API base URL ({4}): a proxy or another server may be answering.', method, path, status, type, base);
      throw new ApiError('bad_response', message, { status, method, path });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new ApiError('bad_response', l10n.t("The server's answer to {0} {1} has an unexpected shape: {2}", method, path, describeIssue(parsed.error)), {
        status,
        method,
        path,
      });
    }
    return parsed.data;
  }

  private httpError(method: string, path: string, status: number, text: string, response: Response): ApiError {
    let code: string | undefined;
    let serverMessage: string | undefined;
    let fieldErrors: FieldError[] = [];
    try {
      const json: unknown = JSON.parse(text);
      const err = errorBodySchema.safeParse(json);
      if (err.success) {
        code = err.data.error.code;
        serverMessage = err.data.error.message;
        fieldErrors = err.data.error.extra?.['invalid-params'] ?? [];
      } else {
        const detail = detailBodySchema.safeParse(json);
        if (detail.success) serverMessage = detail.data.detail;
      }
    } catch {
      // Not JSON: the status alone speaks.
    }
    // Only the documented fields, each a bounded excerpt without the secret in any form or any secret-shaped run.
    const secrets = this.opts.secret ? [this.opts.secret] : [];
    serverMessage = serverMessage === undefined ? undefined : serverExcerpt(serverMessage, secrets);
    fieldErrors = fieldErrors.slice(0, 50).map((f) => ({ field: serverExcerpt(f.field, secrets, 100), message: serverExcerpt(f.message, secrets, 300) }));
    const init = { status, code, fieldErrors, method, path };
    const env = this.env ?? 'given';
    // The server's sentence ends the clause; ours adds the period (it ended "credentials.. Check" before).
    const said = serverMessage ? `: ${serverMessage.replace(/[\s.!?\u2026]+$/u, '')}` : '';
    switch (true) {
      case status === 400: {
        const fields = fieldErrors.map((f) => `${f.field}: ${f.message}`).join('; ');
        return new ApiError('validation', fields ? l10n.t('The server refused the request (400): {0}', fields) : l10n.t('The server refused the request (400){0}', said), init);
      }
      case status === 401:
        return new ApiError('auth', l10n.t('The {0} secret was rejected (401){1}. Check the client id and the {0} secret.', env, said), init);
      case status === 403:
        // One 403 code for both (docs/platform.md, "Errors"): the server's own words say which it is.
        return NO_CREDENTIALS.test(serverMessage ?? '')
          ? new ApiError('auth', l10n.t('The server did not receive the {0} keys (403){1}. Check the client id and the {0} secret; a proxy may be removing the X-Access-* headers.', env, said), init)
          : new ApiError('permission', l10n.t('The server refused {0} {1} to the {2} keys (403){3}. Check what these keys may do in the Transcrypts dashboard.', method, path, env, said), init);
      case status === 404:
        return new ApiError('not_found', l10n.t('{0} {1}: not found (404){2}.', method, path, said), init);
      case status === 405:
        return new ApiError('server', l10n.t('The server does not allow {0} on {1} (405){2}. The API base URL may point at another service, or this operation is not available.', method, path, said), init);
      case status === 406:
        return new ApiError('server', l10n.t("The server cannot answer {0} {1} in JSON (406){2}. A proxy between VS Code and the API may be changing the request's Accept header.", method, path, said), init);
      case status === 410:
        return new ApiError('auth', l10n.t('The {0} keys have expired (410){1}. Create new keys in the Transcrypts dashboard and set them again.', env, said), init);
      case status === 415:
        return new ApiError('server', l10n.t("The server refused the body of {0} {1} as not JSON (415){2}. A proxy may be changing the request's Content-Type.", method, path, said), init);
      case status === 429: {
        const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
        const message = retryAfterMs === undefined
          ? l10n.t('Too many requests (429) for {0} {1}.', method, path)
          : l10n.t('Too many requests (429) for {0} {1}. Retry after {2} s.', method, path, Math.ceil(retryAfterMs / 1000));
        return new ApiError('rate_limited', message, { ...init, retryAfterMs });
      }
      default:
        return new ApiError('server', l10n.t('The server failed {0} {1} (HTTP {2}){3}.', method, path, status, said), init);
    }
  }

  private asApiError(e: unknown, method: string, path: string): ApiError {
    if (e instanceof ApiError) return e;
    const name = e instanceof Error ? e.name : '';
    if (name === 'AbortError') return cancelled(method, path);
    const code = (e as { code?: unknown } | null)?.code;
    const detail = typeof code === 'string' ? code : e instanceof Error ? this.scrub(e.message) : String(e);
    const what: Record<string, string> = {
      ECONNREFUSED: l10n.t('the connection was refused (is the server running?)'),
      ECONNRESET: l10n.t('the connection was reset'),
      ENOTFOUND: l10n.t('the host name was not found'),
      ETIMEDOUT: l10n.t('the connection timed out'),
      EPIPE: l10n.t('the connection was closed'),
    };
    return new ApiError('network', l10n.t('{0} {1} failed: {2}. Check the network and the API base URL ({3}).', method, path, what[detail] ?? detail, this.base.origin), {
      method,
      path,
      cause: e,
    });
  }

  /** Remove the secret from any text that came from elsewhere before it reaches a message. */
  private scrub(text: string): string {
    return this.opts.secret ? scrubSecrets(text, [this.opts.secret]) : text;
  }
}

/**
 * The body's bytes as they arrived, not joined (./bytes.ts): `response.text()` joins the whole body into one buffer
 * and decodes it in one go, a 40 ms block of the extension host for 32 MB, and a list's parse in slices needs neither.
 */
async function bodyBytes(response: Response): Promise<Bytes> {
  const chunks: Buffer[] = [];
  for await (const chunk of response.body as AsyncIterable<Buffer | string>) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return new Bytes(chunks);
}

function cancelled(method: string, path: string): ApiError {
  return new ApiError('cancelled', l10n.t('{0} {1} was cancelled.', method, path), { method, path });
}

function sleep(ms: number, signal: AbortSignal | undefined, method: string, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled(method, path));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(cancelled(method, path));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
