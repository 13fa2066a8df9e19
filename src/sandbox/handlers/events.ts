/**
 * /_sandbox/events/: deliver an event now, to every enabled configuration of the environment subscribed to it. The
 * environment is the secret's, as on every route: another environment's deliveries need that environment's keys.
 */
import type { FieldError } from '../../core/api/errors';
import { isKnownEventType } from '../../core/events';
import type { SandboxContext } from '../context';
import { badParams } from '../http/errors';
import type { Call, Reply } from '../http/router';
import { envChoiceError, envScopeError, shown } from '../validate';

/** `{env_type, event_type, payload?}`: `payload` overrides generated fields (`"__omit__"` removes one, payloads.ts). */
export function triggerEvent({ profile, deliverer }: SandboxContext, { body, env: keysEnv }: Call): Reply {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const errors: FieldError[] = [];
  const known = typeof b.env_type === 'string' && profile.environments.includes(b.env_type) ? b.env_type : undefined;
  const env = known === keysEnv ? known : undefined;
  const eventType = typeof b.event_type === 'string' && isKnownEventType(b.event_type) ? b.event_type : undefined;
  if (!known) errors.push(envChoiceError(b.env_type, profile));
  else if (!env) errors.push(envScopeError(known, keysEnv));
  if (!eventType) errors.push({ field: 'event_type', message: `${shown(b.event_type)} is not a valid choice.` });
  const payload = b.payload ?? {};
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) errors.push({ field: 'payload', message: 'Expected a JSON object.' });
  if (errors.length > 0 || !env || !eventType) throw badParams(errors);
  const result = deliverer.trigger(env, eventType, payload as Record<string, unknown>);
  return { status: 202, body: { env_type: env, event_type: eventType, ...result } };
}
