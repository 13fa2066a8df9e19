/**
 * Response shapes of the Transcrypts API, validated where data enters (zod). A response that does not fit is a
 * `bad_response` error naming the field, never a crash later.
 */
import * as l10n from '@vscode/l10n';
import { z } from 'zod';
import { eventNameOf } from '../events';
import { canonicalEnv } from '../model';

/**
 * Validate the shape a feature needs, never values we merely guessed (docs/platform.md, first section): ids are opaque
 * non-empty strings, `env_type` and event types are any string, `enabled` may be absent (absent means enabled),
 * dates are strings (shown only after parsing), and fields we do not use pass through untouched.
 */
export const webhookSchema = z
  .object({
    id: z.string().min(1, 'expected a non-empty id'),
    name: z.string(),
    webhook_url: z.string(),
    // Unknown event types from a newer platform are kept, not rejected: the tree shows them as they are.
    events: z.array(z.string()),
    // "development" and "production" are Development and Production (the documents' own words).
    env_type: z.string().transform(canonicalEnv),
    /** [Truv] only: absent on the platform [T] documents. */
    enabled: z.boolean().optional(),
    created_at: z.string().optional(),
    updated_at: z.string().optional(),
  })
  .passthrough();
export type Webhook = z.infer<typeof webhookSchema>;

/** Whether a configuration is enabled: a missing `enabled` means enabled. */
export function isEnabled(w: Pick<Webhook, 'enabled'>): boolean {
  return w.enabled !== false;
}

const pageFields = {
  next: z.string().nullable().optional(),
  previous: z.string().nullable().optional(),
};

/** The list body by zod alone (the reference the fast path is tested against). */
export const webhookPageZod = z.union([
  z.array(webhookSchema).transform((results) => ({ results, next: null, previous: null, count: results.length })),
  z.object({
    count: z.number().int().nonnegative().optional(),
    ...pageFields,
    results: z.array(webhookSchema),
  }),
]);
export type WebhookPage = z.infer<typeof webhookPageZod>;

/**
 * The same check and result as `webhookSchema`, without zod's per-field objects (a list of 1,000 configurations
 * took zod 10–25 ms, on the path to the sidebar's first paint). Undefined when it does not fit: zod then says where.
 */
export function fastWebhook(w: unknown): Webhook | undefined {
  if (typeof w !== 'object' || w === null || Array.isArray(w)) return undefined;
  const o = w as Record<string, unknown>;
  if (typeof o.id !== 'string' || o.id === '' || typeof o.name !== 'string' || typeof o.webhook_url !== 'string' || typeof o.env_type !== 'string') return undefined;
  if (!Array.isArray(o.events) || !o.events.every((e) => typeof e === 'string')) return undefined;
  if (o.enabled !== undefined && typeof o.enabled !== 'boolean') return undefined;
  if ((o.created_at !== undefined && typeof o.created_at !== 'string') || (o.updated_at !== undefined && typeof o.updated_at !== 'string')) return undefined;
  // zod never copies a "__proto__" key: let it decide.
  if (Object.prototype.hasOwnProperty.call(o, '__proto__')) return undefined;
  return { ...o, env_type: canonicalEnv(o.env_type), events: [...(o.events as string[])] } as Webhook;
}

/** Every element on the fast path, or undefined. */
export function fastWebhooks(list: unknown): Webhook[] | undefined {
  if (!Array.isArray(list)) return undefined;
  const out: Webhook[] = [];
  for (const w of list) {
    const hook = fastWebhook(w);
    if (!hook) return undefined;
    out.push(hook);
  }
  return out;
}

/** A list page on the fast path, or undefined (zod decides and explains). */
export function fastWebhookPage(json: unknown): WebhookPage | undefined {
  if (Array.isArray(json)) {
    const results = fastWebhooks(json);
    return results && { results, next: null, previous: null, count: results.length };
  }
  if (typeof json !== 'object' || json === null) return undefined;
  const o = json as Record<string, unknown>;
  if (o.count !== undefined && !(Number.isInteger(o.count) && (o.count as number) >= 0)) return undefined;
  if (!optionalLink(o.next) || !optionalLink(o.previous)) return undefined;
  const results = fastWebhooks(o.results);
  if (!results) return undefined;
  // As zod's object: the fields it knows, when present.
  const out: WebhookPage = { results };
  if ('count' in o) out.count = o.count as number | undefined;
  return withLinks(out, o);
}

/** The list page: the fast path when every configuration fits, else zod (whose issue names the field). */
export const webhookPageSchema = fastOrZod(fastWebhookPage, webhookPageZod);

/**
 * A schema that takes `fast`'s result when it has one (it gives exactly what `reference` would), else checks with
 * `reference`, whose issues name the field that does not fit.
 */
function fastOrZod<S extends z.ZodTypeAny>(fast: (json: unknown) => z.infer<S> | undefined, reference: S) {
  return z.unknown().transform((json, ctx): z.infer<S> => {
    const quick = fast(json);
    if (quick) return quick;
    const checked = reference.safeParse(json);
    if (checked.success) return checked.data as z.infer<S>;
    for (const issue of checked.error.issues) ctx.addIssue(issue);
    return z.NEVER;
  });
}

/** As zod's page objects: the links when present (null and undefined kept as they are). */
function withLinks<T extends { next?: string | null; previous?: string | null }>(out: T, page: Record<string, unknown>): T {
  if ('next' in page) out.next = page.next as string | null | undefined;
  if ('previous' in page) out.previous = page.previous as string | null | undefined;
  return out;
}

/**
 * A history row. Only the payload is essential; a row without a status, error or URL is shown with what it has.
 * The row's `webhook_id`/`event_type` may differ from the payload's ([seed] example): both are kept.
 */
export const webhookRequestSchema = z
  .object({
    webhook_id: z.string().nullish().transform((v) => v ?? ''),
    event_type: z.string().nullish().transform((v) => v ?? ''),
    event_created_at: z.string().nullish().transform((v) => v ?? ''),
    status_code: z.number().int().nullish().transform((v) => v ?? null),
    error_message: z.string().nullish().transform((v) => v ?? null),
    webhook_payload: z.unknown(),
    webhook_url: z.string().nullish().transform((v) => v ?? ''),
  })
  .passthrough();
export type WebhookRequest = z.infer<typeof webhookRequestSchema>;

/** The event a row is about: its payload's name (`event_type ?? event`), else the row's own `event_type`. */
export function rowEventName(row: Pick<WebhookRequest, 'event_type' | 'webhook_payload'>): string {
  return eventNameOf(row.webhook_payload) ?? row.event_type;
}

/** The delivery a row is an attempt of: its payload's `webhook_id`, else the row's (whose meaning is unconfirmed). */
export function rowDeliveryId(row: Pick<WebhookRequest, 'webhook_id' | 'webhook_payload'>): string {
  const p = row.webhook_payload;
  const own = typeof p === 'object' && p !== null && !Array.isArray(p) ? (p as Record<string, unknown>).webhook_id : undefined;
  return typeof own === 'string' && own !== '' ? own : row.webhook_id;
}

/** The history page by zod alone (the reference the fast path is tested against). */
export const webhookRequestPageZod = z.union([
  z.array(webhookRequestSchema).transform((results) => ({ results, next: null, previous: null })),
  z.object({
    ...pageFields,
    results: z.array(webhookRequestSchema),
  }),
]);
export type WebhookRequestPage = z.infer<typeof webhookRequestPageZod>;

const FAIL = Symbol('fail');

/** `string | null | undefined` → the string or `''`; anything else fails. */
function text(v: unknown): string | typeof FAIL {
  return v === undefined || v === null ? '' : typeof v === 'string' ? v : FAIL;
}

/**
 * The same check and result as `webhookRequestSchema`, without zod's per-field objects: a page of 500 rows is
 * validated in a fraction of the time (zod took about 8 ms a page, more than the request). Undefined when the row
 * does not fit: zod then says exactly where.
 */
function fastRow(r: unknown): WebhookRequest | undefined {
  if (typeof r !== 'object' || r === null || Array.isArray(r)) return undefined;
  const o = r as Record<string, unknown>;
  const webhook_id = text(o.webhook_id);
  const event_type = text(o.event_type);
  const event_created_at = text(o.event_created_at);
  const webhook_url = text(o.webhook_url);
  const error_message = o.error_message === undefined || o.error_message === null ? null : typeof o.error_message === 'string' ? o.error_message : FAIL;
  const status_code = o.status_code === undefined || o.status_code === null ? null : Number.isInteger(o.status_code) ? (o.status_code as number) : FAIL;
  if (webhook_id === FAIL || event_type === FAIL || event_created_at === FAIL || webhook_url === FAIL || error_message === FAIL || status_code === FAIL) return undefined;
  return { ...o, webhook_id, event_type, event_created_at, status_code, error_message, webhook_url } as WebhookRequest;
}

function optionalLink(v: unknown): v is string | null | undefined {
  return v === undefined || v === null || typeof v === 'string';
}

/** A history page on the fast path, or undefined (not a page of fitting rows: zod decides and explains). */
export function fastHistoryPage(json: unknown): WebhookRequestPage | undefined {
  const o = typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
  const list = Array.isArray(json) ? json : o && Array.isArray(o.results) && optionalLink(o.next) && optionalLink(o.previous) ? o.results : undefined;
  if (!list) return undefined;
  const results: WebhookRequest[] = [];
  for (const r of list) {
    const row = fastRow(r);
    if (!row) return undefined;
    results.push(row);
  }
  if (Array.isArray(json)) return { results, next: null, previous: null };
  const page = o as Record<string, unknown>;
  // As zod's object: the links when present, the rows; other page fields (count) are not kept.
  return withLinks<WebhookRequestPage>({ results }, page);
}

/** The history page: the fast path when every row fits, else zod (whose issue names the field). */
export const webhookRequestPageSchema = fastOrZod(fastHistoryPage, webhookRequestPageZod);

export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    extra: z
      .object({
        'invalid-params': z.array(z.object({ field: z.string(), message: z.string() })).optional(),
      })
      .passthrough()
      .optional(),
  }),
});
export const detailBodySchema = z.object({ detail: z.string() });

export const triggerResultSchema = z.object({
  event_type: z.string(),
  env_type: z.string(),
  deliveries: z.array(z.object({ webhook_id: z.string(), webhook_url: z.string() })),
  payload: z.record(z.unknown()),
});
export type TriggerResult = z.infer<typeof triggerResultSchema>;

/** `GET /_sandbox/info/` of the local sandbox (the platform has no such route: a 404 there means "not a sandbox"). */
export const sandboxInfoSchema = z.object({
  sandbox: z.literal(true),
  profile: z.string(),
  environments: z.array(z.string()),
  data_dir: z.string().nullable(),
  origin: z.string(),
});
export type SandboxInfo = z.infer<typeof sandboxInfoSchema>;

/** Format the first zod issue as "results[3].name: Expected string…"; for a union, the branch that got furthest. */
export function describeIssue(error: z.ZodError): string {
  let issue: z.ZodIssue | undefined = error.issues[0];
  while (issue && issue.code === 'invalid_union') {
    const deepest: z.ZodIssue[] = issue.unionErrors
      .map((e) => e.issues[0])
      .filter((i): i is z.ZodIssue => i !== undefined)
      .sort((a, b) => b.path.length - a.path.length);
    if (deepest.length === 0) break;
    issue = deepest[0];
  }
  if (!issue) return l10n.t('unexpected shape');
  const path = issue.path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
  return `${path || '(body)'}: ${issue.message}`;
}
