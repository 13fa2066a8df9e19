/** Realistic delivery bodies for every event type of api.md. */
import { DATA_SOURCES, ORDER_STATUSES, PRODUCTS, TASK_STATUSES, type EventType } from '../model';
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
const OBJECT_FAMILY: Partial<Record<EventType, 'employment' | 'object'>> = {
  'employment-created': 'employment',
  'employment-updated': 'employment',
  'profile-created': 'object',
  'profile-updated': 'object',
  'statements-created': 'object',
  'statements-updated': 'object',
  'shifts-created': 'object',
  'shifts-updated': 'object',
  'bank-accounts-created': 'object',
  'bank-accounts-updated': 'object',
};

export function generatePayload(
  eventType: EventType,
  rng: Rng,
  at: Date,
  webhookId: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const common: Record<string, unknown> = {
    webhook_id: webhookId,
    event_type: eventType,
    event_created_at: microsZ(at, rng),
    updated_at: microsOffset(at, rng),
    user_id: hex(rng, 32),
    template_id: rng.next() < 0.6 ? null : hex(rng, 32),
  };
  const linkish = {
    link_id: hex(rng, 32),
    product: pick(rng, PRODUCTS),
    data_source: pick(rng, DATA_SOURCES),
  };
  let body: Record<string, unknown>;
  if (eventType === 'task-status-updated') {
    body = { ...common, task_id: hex(rng, 32), ...linkish, tracking_info: pick(rng, TRACKING), status: pick(rng, TASK_STATUSES) };
  } else if (eventType === 'order-created' || eventType === 'order-status-updated' || eventType === 'order-refresh-failed') {
    const status = eventType === 'order-created' ? 'pending' : eventType === 'order-refresh-failed' ? 'error' : pick(rng, ORDER_STATUSES);
    body = {
      ...common,
      order_id: hex(rng, 32),
      order_number: `ORD-${int(rng, 100000, 999999)}`,
      employer_id: hex(rng, 32),
      status,
      product: linkish.product,
      link_id: linkish.link_id,
      data_source: linkish.data_source,
    };
  } else if (eventType === 'link-connected' || eventType === 'link-disconnected' || eventType === 'link-deleted') {
    body = { ...common, ...linkish, tracking_info: pick(rng, TRACKING) };
  } else {
    const family = OBJECT_FAMILY[eventType] ?? 'object';
    body = {
      ...common,
      task_id: hex(rng, 32),
      ...linkish,
      tracking_info: pick(rng, TRACKING),
      objects_count: int(rng, 1, 12),
      [family === 'employment' ? 'employment_id' : 'object_id']: hex(rng, 32),
    };
  }
  return { ...body, ...overrides, webhook_id: webhookId, event_type: eventType };
}
