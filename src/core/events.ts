/**
 * The one table of event types and their payloads (docs/platform.md, "Event types"): which families exist, which
 * event types each has, who documents them, and the fields of their payloads. The sandbox generates payloads from
 * it, the fixture types and schemas start from it, and the create form groups its picker by it.
 * Pure data: no I/O, no `vscode`.
 */
import * as l10n from '@vscode/l10n';

/**
 * Words of the table, asked for when shown: the table is built when the module loads, before the host gives
 * @vscode/l10n the display language's bundle.
 */
export type Words = () => string;

/** An event type as the API sends it: one of EVENT_TYPES or any other string, shown as it is. */
export type EventType = string;

/** One documented payload field. */
export interface FieldSpec {
  type: 'id' | 'string' | 'enum' | 'date-time' | 'integer' | 'event' | 'object';
  description: Words;
  /** May be null. */
  nullable?: boolean;
  /** Always null in this event type (documented so). */
  alwaysNull?: boolean;
  /** The closed set of an `enum`. */
  values?: readonly string[];
  /** A `date-time` written with `+00:00` rather than `Z` (`updated_at`). */
  offset?: boolean;
  /** An id's fixed prefix (`iv_…`). */
  prefix?: string;
  /** The fields of an `object`. */
  fields?: Readonly<Record<string, FieldSpec>>;
}

export type Source = 'T' | 'Truv';

export interface EventFamily {
  id: 'task' | 'order' | 'link' | 'object' | 'objects' | 'instant-verification';
  label: Words;
  /** Event types, each with the document that lists it ([T]: the platform's docs; [Truv]: the model platform's). */
  events: ReadonlyArray<{ type: string; source: Source }>;
  /** The payload's fields, in the documented order. */
  fields: Readonly<Record<string, FieldSpec>>;
  /** Where one event type of the family differs (order-created: always pending, some fields always null). */
  overrides?: Readonly<Record<string, Readonly<Record<string, FieldSpec>>>>;
  /** The field that carries the event name: `event_type`, or `event` for instant verification. */
  eventField: 'event_type' | 'event';
}

/** The closed value sets of the documented fields. */
export const TASK_STATUSES = [
  'new', 'login', 'mfa', 'parse', 'full_parse', 'done', 'base_parse', 'switch_deposit',
  'login_error', 'mfa_error', 'config_error', 'account_locked', 'unable_to_reset', 'no_data',
  'unavailable', 'error', 'not_supported',
] as const;
export const ORDER_STATUSES = ['pending', 'sent', 'completed', 'error', 'canceled', 'expired', 'skipped', 'no_data'] as const;
export const PRODUCTS = ['income', 'employment', 'assets', 'admin', 'deposit_switch', 'pll', 'insurance', 'transactions'] as const;
export const DATA_SOURCES = ['payroll', 'docs', 'insurance', 'financial_accounts', 'tax'] as const;
export const VERIFICATION_STATUSES = ['completed', 'partial', 'failed'] as const;

const ID_OF = {
  delivery: () => l10n.t('Id of the delivery.'),
  order: () => l10n.t('Id of the order.'),
  employer: () => l10n.t('Id of the employer.'),
  link: () => l10n.t('Id of the link.'),
  user: () => l10n.t('Id of the user.'),
  template: () => l10n.t('Id of the template.'),
  task: () => l10n.t('Id of the task.'),
  object: () => l10n.t('Id of the object.'),
  employment: () => l10n.t('Id of the employment.'),
  verification: () => l10n.t('Id of the verification.'),
} satisfies Record<string, Words>;
const id = (what: keyof typeof ID_OF, extra: Partial<FieldSpec> = {}): FieldSpec => ({ type: 'id', description: ID_OF[what], ...extra });
const nullId = (what: keyof typeof ID_OF): FieldSpec => id(what, { nullable: true });
const enumOf = (values: readonly string[], description: Words, extra: Partial<FieldSpec> = {}): FieldSpec => ({ type: 'enum', values, description, ...extra });
const EVENT: FieldSpec = { type: 'event', description: () => l10n.t('The event type.') };
const CREATED: FieldSpec = { type: 'date-time', description: () => l10n.t('When the event happened: UTC with microseconds, e.g. 2024-07-11T21:43:08.073930Z.') };
const UPDATED: FieldSpec = { type: 'date-time', offset: true, description: () => l10n.t('When the object last changed (+00:00 offset, never before event_created_at); order deliveries by it.') };
const PRODUCT = enumOf(PRODUCTS, () => l10n.t('The product.'));
const DATA_SOURCE = enumOf(DATA_SOURCES, () => l10n.t('Where the data comes from.'));
const TRACKING: FieldSpec = { type: 'string', nullable: true, description: () => l10n.t('Your own reference, as given when the link was made.') };
const TEMPLATE = nullId('template');

/** The `data` of an instant-verification payload, with the statuses it can have. */
function verification(statuses: readonly string[]): FieldSpec {
  return {
    type: 'object',
    description: () => l10n.t('The verification.'),
    fields: {
      verification_id: id('verification', { prefix: 'iv_' }),
      status: enumOf(statuses, () => l10n.t('The verification status.')),
      timestamp: { type: 'date-time', description: () => l10n.t('When the verification finished.') },
    },
  };
}

const ORDER_FIELDS: Record<string, FieldSpec> = {
  webhook_id: id('delivery'),
  order_id: id('order'),
  order_number: { type: 'string', description: () => l10n.t('The order number.') },
  employer_id: nullId('employer'),
  product: PRODUCT,
  data_source: { ...DATA_SOURCE, nullable: true },
  link_id: nullId('link'),
  event_type: EVENT,
  event_created_at: CREATED,
  updated_at: UPDATED,
  status: enumOf(ORDER_STATUSES, () => l10n.t('The order status.')),
  user_id: id('user'),
  template_id: TEMPLATE,
};

const DATA_FIELDS = {
  webhook_id: id('delivery'),
  task_id: id('task'),
  link_id: id('link'),
  product: PRODUCT,
  data_source: DATA_SOURCE,
  tracking_info: TRACKING,
  event_type: EVENT,
  event_created_at: CREATED,
};

export const EVENT_FAMILIES: readonly EventFamily[] = [
  {
    id: 'task',
    label: () => l10n.t('Tasks'),
    events: [{ type: 'task-status-updated', source: 'T' }],
    eventField: 'event_type',
    fields: {
      webhook_id: id('delivery'),
      event_type: EVENT,
      event_created_at: CREATED,
      product: PRODUCT,
      link_id: id('link'),
      user_id: id('user'),
      data_source: DATA_SOURCE,
      task_id: id('task'),
      status: enumOf(TASK_STATUSES, () => l10n.t('The task status.')),
      updated_at: UPDATED,
    },
  },
  {
    id: 'order',
    label: () => l10n.t('Orders'),
    events: [
      { type: 'order-created', source: 'Truv' },
      { type: 'order-status-updated', source: 'T' },
      { type: 'order-refresh-failed', source: 'T' },
    ],
    eventField: 'event_type',
    fields: ORDER_FIELDS,
    overrides: {
      'order-created': {
        status: enumOf(['pending'], () => l10n.t('Always pending for a new order.')),
        link_id: { ...nullId('link'), alwaysNull: true },
        data_source: { ...DATA_SOURCE, nullable: true, alwaysNull: true },
        employer_id: { ...nullId('employer'), alwaysNull: true },
      },
    },
  },
  {
    id: 'link',
    label: () => l10n.t('Links'),
    events: [
      { type: 'link-connected', source: 'T' },
      { type: 'link-disconnected', source: 'T' },
      { type: 'link-deleted', source: 'T' },
    ],
    eventField: 'event_type',
    fields: {
      webhook_id: id('delivery'),
      link_id: id('link'),
      user_id: id('user'),
      product: PRODUCT,
      data_source: DATA_SOURCE,
      tracking_info: TRACKING,
      event_type: EVENT,
      event_created_at: CREATED,
      template_id: TEMPLATE,
    },
  },
  {
    id: 'object',
    label: () => l10n.t('Employment and profile'),
    events: [
      { type: 'employment-created', source: 'T' },
      { type: 'employment-updated', source: 'T' },
      { type: 'profile-created', source: 'T' },
      { type: 'profile-updated', source: 'T' },
    ],
    eventField: 'event_type',
    fields: { ...DATA_FIELDS, object_id: id('object'), template_id: TEMPLATE },
  },
  {
    id: 'objects',
    label: () => l10n.t('Statements, shifts and bank accounts'),
    events: [
      { type: 'statements-created', source: 'T' },
      { type: 'statements-updated', source: 'T' },
      { type: 'shifts-created', source: 'Truv' },
      { type: 'shifts-updated', source: 'Truv' },
      { type: 'bank-accounts-created', source: 'Truv' },
      { type: 'bank-accounts-updated', source: 'Truv' },
    ],
    eventField: 'event_type',
    fields: {
      ...DATA_FIELDS,
      objects_count: { type: 'integer', description: () => l10n.t('How many objects the event is about.') },
      employment_id: id('employment'),
      user_id: id('user'),
      template_id: TEMPLATE,
    },
  },
  {
    id: 'instant-verification',
    label: () => l10n.t('Instant verification'),
    events: [
      { type: 'instant-verification-completed', source: 'T' },
      { type: 'instant-verification-failed', source: 'T' },
    ],
    eventField: 'event',
    fields: { webhook_id: id('delivery'), event: EVENT, data: verification(VERIFICATION_STATUSES) },
    overrides: { 'instant-verification-failed': { data: verification(['failed']) } },
  },
];

/** The 19 known event types, in the families' order. */
export const EVENT_TYPES: readonly string[] = EVENT_FAMILIES.flatMap((f) => f.events.map((e) => e.type));

/** The event types of the given families, in the catalogue's order. */
export function eventTypesOf(...families: ReadonlyArray<EventFamily['id']>): string[] {
  return EVENT_FAMILIES.filter((f) => families.includes(f.id)).flatMap((f) => f.events.map((e) => e.type));
}

const FAMILY_OF = new Map<string, EventFamily>(EVENT_FAMILIES.flatMap((f) => f.events.map((e) => [e.type, f] as const)));

export function isKnownEventType(v: unknown): boolean {
  return typeof v === 'string' && FAMILY_OF.has(v);
}

export function familyOf(eventType: string): EventFamily | undefined {
  return FAMILY_OF.get(eventType);
}

/** The field that carries the event name in a payload of this type: `event_type`, unless its family says otherwise. */
export function eventFieldOf(eventType: string): EventFamily['eventField'] {
  return FAMILY_OF.get(eventType)?.eventField ?? 'event_type';
}

/** The documented fields of an event type (the family's, with the event type's own differences), or undefined. */
export function fieldsOf(eventType: string): Readonly<Record<string, FieldSpec>> | undefined {
  const f = FAMILY_OF.get(eventType);
  if (!f) return undefined;
  const over = f.overrides?.[eventType];
  return over ? { ...f.fields, ...over } : f.fields;
}

/**
 * When a payload's event happened: `event_created_at`, or `data.timestamp` (instant verification), or undefined.
 */
export function eventTimeOf(payload: unknown): string | undefined {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return undefined;
  const p = payload as Record<string, unknown>;
  if (typeof p.event_created_at === 'string' && p.event_created_at !== '') return p.event_created_at;
  const data = p.data;
  const ts = typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>).timestamp : undefined;
  return typeof ts === 'string' && ts !== '' ? ts : undefined;
}

/**
 * The event name a payload carries: `event_type`, or `event` (instant verification), or undefined. Every place
 * that names an event reads it through this.
 */
export function eventNameOf(payload: unknown): string | undefined {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return undefined;
  const p = payload as Record<string, unknown>;
  const v = typeof p.event_type === 'string' && p.event_type !== '' ? p.event_type : p.event;
  return typeof v === 'string' && v !== '' ? v : undefined;
}
