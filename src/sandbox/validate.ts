/** The sandbox's validation of configuration bodies, with the API's field messages. */
import type { FieldError } from '../core/api/errors';
import type { Webhook } from '../core/api/schemas';
import { EVENT_TYPES, isKnownEventType, type EventType } from '../core/events';
import { LIMITS, webhookUrlProblem, type EnvType } from '../core/model';
import type { CreateField, Profile } from '../core/profiles';

export interface WebhookFields {
  name?: string;
  webhook_url?: string;
  env_type?: EnvType;
  events?: EventType[];
  enabled?: boolean;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A value as a message names it: a scalar quoted as it is, a list or an object by its kind. Never String() of a
 * list or object: that walks it recursively (and a body's list may be deep and long).
 */
export function shown(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object' && v !== null) return 'an object';
  return `"${String(v)}"`;
}

/** The error for an `env_type` that is not one of the profile's environments. */
export function envChoiceError(value: unknown, profile: Profile): FieldError {
  return { field: 'env_type', message: `${shown(value)} is not a valid choice. Choose one of ${profile.environments.join(', ')}.` };
}

/**
 * The error for an `env_type` of another environment than the request's secret: [T] "The Access secret
 * determines which environment processes each request", so a secret works on its own environment's
 * configurations only (another environment's are not found, and cannot be created or moved there).
 */
export function envScopeError(value: string, env: EnvType): FieldError {
  return { field: 'env_type', message: `"${value}" is not the environment of these keys (${env}); use the ${value} keys for ${value} configurations.` };
}

/**
 * Validate a create (`partial` false) or PATCH (`partial` true) body sent with the keys of `env`: a create needs
 * the profile's required fields (profiles.ts) and, without `env_type`, is in `env`; `env_type` may only be `env`.
 */
export function validateWebhookBody(body: unknown, partial: boolean, profile: Profile, env: EnvType): { fields: WebhookFields; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const fields: WebhookFields = {};
  if (!isObject(body)) return { fields, errors: [{ field: 'non_field_errors', message: 'Expected a JSON object.' }] };
  const need = (key: CreateField) => {
    if (!partial && profile.createRequired.includes(key) && !(key in body)) errors.push({ field: key, message: 'This field is required.' });
    return key in body;
  };
  if (need('name')) {
    const v = body.name;
    if (typeof v !== 'string') errors.push({ field: 'name', message: 'Not a valid string.' });
    else if (v.trim() === '') errors.push({ field: 'name', message: 'This field may not be blank.' });
    else if (v.length > LIMITS.nameMax) errors.push({ field: 'name', message: `Ensure this field has no more than ${LIMITS.nameMax} characters.` });
    else fields.name = v;
  }
  if (need('webhook_url')) {
    const v = body.webhook_url;
    if (typeof v !== 'string') errors.push({ field: 'webhook_url', message: 'Not a valid string.' });
    else if (v.length > LIMITS.urlMax) errors.push({ field: 'webhook_url', message: `Ensure this field has no more than ${LIMITS.urlMax} characters.` });
    else if (webhookUrlProblem(v)) errors.push({ field: 'webhook_url', message: 'Enter a valid URL.' });
    else fields.webhook_url = v;
  }
  if (need('env_type')) {
    const v = body.env_type;
    if (typeof v !== 'string' || !profile.environments.includes(v)) errors.push(envChoiceError(v, profile));
    else if (v !== env) errors.push(envScopeError(v, env));
    else fields.env_type = v;
  } else if (!partial) fields.env_type = env;
  if (need('events')) {
    const v = body.events;
    if (!Array.isArray(v)) errors.push({ field: 'events', message: 'Expected a list of items.' });
    else {
      const bad = v.filter((e) => !isKnownEventType(e));
      if (bad.length > 0) {
        errors.push({ field: 'events', message: `${bad.map(shown).join(', ')} is not a valid choice. Choose from ${EVENT_TYPES.length} event types.` });
      } else fields.events = [...new Set(v as EventType[])];
    }
  }
  // Only the truv profile has `enabled`; the platform's documents do not, so the transcrypts profile ignores it.
  if ('enabled' in body && profile.enabledField) {
    if (typeof body.enabled !== 'boolean') errors.push({ field: 'enabled', message: 'Must be a valid boolean.' });
    else fields.enabled = body.enabled;
  }
  return { fields, errors };
}

/** The duplicate rule: one URL once per environment. */
export function duplicateError(all: Iterable<Webhook>, url: string, env: EnvType, selfId?: string): FieldError | undefined {
  for (const w of all) {
    if (w.id !== selfId && w.env_type === env && w.webhook_url === url) {
      return { field: 'env_type', message: `Webhook url for ${env} already registered` };
    }
  }
  return undefined;
}
