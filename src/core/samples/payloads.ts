/**
 * Delivery bodies for every event type, generated from the one table of event families (../events.ts): exactly
 * the documented fields, nulls where the documents show null, `updated_at` never before `event_created_at`.
 */
import { eventFieldOf, fieldsOf, type FieldSpec } from '../events';
import { hex, int, pick, type Rng } from './random';

/** `2022-08-24T13:55:12.845645Z`: UTC with microseconds. */
export function microsZ(at: Date, rng: Rng): string {
  return at.toISOString().replace(/\.(\d{3})Z$/, (_m, ms: string) => `.${ms}${String(int(rng, 0, 999)).padStart(3, '0')}Z`);
}

/** `2022-08-24T13:55:12.845645+00:00`. */
export function microsOffset(at: Date, rng: Rng): string {
  return microsZ(at, rng).replace(/Z$/, '+00:00');
}

const TRACKING = [null, 'user-1042', 'applicant-77', 'loan-2024-0931', 'crm:0x41f'];

/** An override value that removes the field from the payload (e.g. `{"user_id": "__omit__"}`). */
export const OMIT = '__omit__';

function valueOf(name: string, f: FieldSpec, rng: Rng, at: Date, eventType: string): unknown {
  if (f.alwaysNull) return null;
  switch (f.type) {
    case 'event':
      return eventType;
    case 'id':
      if (f.nullable && name === 'template_id') return rng.next() < 0.6 ? null : hex(rng, 32);
      return `${f.prefix ?? ''}${hex(rng, 32)}`;
    case 'string':
      if (name === 'tracking_info') return pick(rng, TRACKING);
      if (name === 'order_number') return `ORD-${int(rng, 100000, 999999)}`;
      return f.nullable ? null : '';
    case 'enum':
      return pick(rng, f.values ?? ['']);
    case 'integer':
      return int(rng, 1, 12);
    case 'date-time':
      // updated_at follows the event by up to a second, so it is never before event_created_at.
      return f.offset ? microsOffset(new Date(at.getTime() + int(rng, 1, 999)), rng) : microsZ(at, rng);
    case 'object':
      return Object.fromEntries(Object.entries(f.fields ?? {}).map(([k, v]) => [k, valueOf(k, v, rng, at, eventType)]));
  }
}

/**
 * A payload of `eventType` at `at`. Overrides replace generated fields (an override `"__omit__"` removes one);
 * `webhook_id` and the event name are always the delivery's own.
 */
export function generatePayload(
  eventType: string,
  rng: Rng,
  at: Date,
  webhookId: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const fields = fieldsOf(eventType) ?? { webhook_id: { type: 'id', description: () => '' }, event_type: { type: 'event', description: () => '' } };
  const body: Record<string, unknown> = {};
  for (const [k, f] of Object.entries(fields)) body[k] = valueOf(k, f, rng, at, eventType);
  for (const [k, v] of Object.entries(overrides)) {
    if (v === OMIT) delete body[k];
    else Object.defineProperty(body, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  body.webhook_id = webhookId;
  body[eventFieldOf(eventType)] = eventType;
  return body;
}
