/**
 * /v1/webhooks/ and /v1/webhooks/:id/: list, create, retrieve, change and delete configurations. [T]: "The Access
 * secret determines which environment processes each request": every one of them sees only the configurations
 * of the secret's environment; another environment's id is not found, as if it did not exist.
 */
import type { Webhook } from '../../core/api/schemas';
import { LIMITS, type EnvType } from '../../core/model';
import type { SandboxContext } from '../context';
import { badParams, notFound } from '../http/errors';
import { newConfigId } from '../../core/profiles';
import type { Call, Reply } from '../http/router';
import { duplicateError, validateWebhookBody } from '../validate';
import { positiveIntParam, withParam } from './query';

function intParam(url: URL, key: string, dflt: number, max: number): number {
  const v = positiveIntParam(url.searchParams, key, max);
  if (typeof v === 'object') throw badParams([v]);
  return v ?? dflt;
}

/** [T]: "The Access secret determines which environment processes each request": a list is that environment's. */
export function listWebhooks(ctx: SandboxContext, { url, env }: Call): Reply {
  const page = intParam(url, 'page', 1, Number.MAX_SAFE_INTEGER);
  const size = intParam(url, 'page_size', ctx.webhookPageSize ?? LIMITS.webhookPageSizeDefault, LIMITS.webhookPageSizeMax);
  const all = [...ctx.store.webhooks.values()].filter((w) => w.env_type === env);
  const slice = all.slice((page - 1) * size, page * size);
  if (page > 1 && slice.length === 0) throw notFound();
  const link = (p: number) => withParam(url, 'page', String(p));
  return {
    status: 200,
    body: {
      count: all.length,
      next: page * size < all.length ? link(page + 1) : null,
      previous: page > 1 ? link(page - 1) : null,
      results: slice,
    },
  };
}

export function createWebhook({ profile, store }: SandboxContext, { body, env }: Call): Reply {
  const { fields, errors } = validateWebhookBody(body, false, profile, env);
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
  return { status: 201, body: w };
}

/** The configuration `:id` of the secret's environment; 404 for none, and for another environment's. */
function existing(ctx: SandboxContext, { params, env }: Call): Webhook {
  const w = ctx.store.webhooks.get(params.id as string);
  if (!w || w.env_type !== env) throw notFound();
  return w;
}

export function getWebhook(ctx: SandboxContext, call: Call): Reply {
  return { status: 200, body: existing(ctx, call) };
}

export function patchWebhook(ctx: SandboxContext, call: Call): Reply {
  const w = existing(ctx, call);
  const { fields, errors } = validateWebhookBody(call.body, true, ctx.profile, call.env);
  if (errors.length === 0) {
    const dup = duplicateError(ctx.store.webhooks.values(), fields.webhook_url ?? w.webhook_url, fields.env_type ?? w.env_type, w.id);
    if (dup && (fields.webhook_url !== undefined || fields.env_type !== undefined)) errors.push(dup);
  }
  if (errors.length > 0) throw badParams(errors);
  const next: Webhook = { ...w, ...fields, updated_at: new Date().toISOString() };
  ctx.store.putWebhook(next);
  return { status: 200, body: next };
}

export function deleteWebhook(ctx: SandboxContext, call: Call): Reply {
  ctx.store.deleteWebhook(existing(ctx, call).id);
  return { status: 204, body: undefined };
}
