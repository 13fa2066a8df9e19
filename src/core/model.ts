/**
 * The vocabulary of the Transcrypts webhooks API (../shared/api.md), shared by the client and the sandbox.
 * Pure data: no I/O, no `vscode`.
 */

export const ENV_TYPES = ['sandbox', 'dev', 'prod'] as const;
export type EnvType = (typeof ENV_TYPES)[number];

export const ENV_LABELS: Record<EnvType, string> = {
  sandbox: 'Sandbox',
  dev: 'Development',
  prod: 'Production',
};

export const EVENT_TYPES = [
  'task-status-updated',
  'order-status-updated',
  'order-created',
  'link-connected',
  'link-disconnected',
  'order-refresh-failed',
  'link-deleted',
  'employment-created',
  'employment-updated',
  'profile-created',
  'profile-updated',
  'statements-created',
  'statements-updated',
  'shifts-created',
  'shifts-updated',
  'bank-accounts-created',
  'bank-accounts-updated',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const TASK_STATUSES = [
  'new', 'login', 'mfa', 'parse', 'full_parse', 'done', 'base_parse', 'switch_deposit',
  'login_error', 'mfa_error', 'config_error', 'account_locked', 'unable_to_reset', 'no_data',
  'unavailable', 'error', 'not_supported',
] as const;
export const ORDER_STATUSES = ['pending', 'sent', 'completed', 'error', 'canceled', 'expired', 'skipped', 'no_data'] as const;
export const PRODUCTS = ['income', 'employment', 'assets', 'admin', 'deposit_switch', 'pll', 'insurance', 'transactions'] as const;
export const DATA_SOURCES = ['payroll', 'docs', 'insurance', 'financial_accounts', 'tax'] as const;

/** Limits from api.md, in one place. */
export const LIMITS = {
  nameMax: 128,
  urlMax: 2048,
  historyDays: 30,
  /** Unconfirmed in the public reference: the sandbox's page size for the history. */
  historyPageSizeDefault: 50,
  historyPageSizeMax: 500,
  /** Unconfirmed: the sandbox's page size for the configuration list. */
  webhookPageSizeDefault: 100,
  webhookPageSizeMax: 500,
  /** Deliveries must be answered within this time. */
  deliveryTimeoutMs: 10_000,
  /** Unconfirmed: attempts per delivery in the sandbox. */
  deliveryAttempts: 5,
} as const;

export const DELIVERY_USER_AGENT = 'Transcrypts-Webhook-Service/2.0';
export const SIGNATURE_HEADER = 'X-WEBHOOK-SIGN';
export const CLIENT_ID_HEADER = 'X-Access-Client-Id';
export const SECRET_HEADER = 'X-Access-Secret';

export const CLIENT_ID_RE = /^[0-9a-f]{32}$/;
export const WEBHOOK_ID_RE = /^[0-9a-f]{32}$/;

export function isEnvType(v: unknown): v is EnvType {
  return typeof v === 'string' && (ENV_TYPES as readonly string[]).includes(v);
}
export function isEventType(v: unknown): v is EventType {
  return typeof v === 'string' && (EVENT_TYPES as readonly string[]).includes(v);
}

/** The environment a secret belongs to, read from its prefix (`sandbox-…`, `dev-…`, `prod-…`), or undefined. */
export function envOfSecret(secret: string): EnvType | undefined {
  const m = /^(sandbox|dev|prod)-\S+$/.exec(secret);
  return m ? (m[1] as EnvType) : undefined;
}

/** Why a webhook URL is unacceptable, or undefined when it is fine (absolute http(s), ≤2048). */
export function webhookUrlProblem(url: string): string | undefined {
  if (url.length === 0) return 'Enter a URL.';
  if (url.length > LIMITS.urlMax) return `The URL is ${url.length} characters long; the limit is ${LIMITS.urlMax}.`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'Enter an absolute URL, such as https://example.com/webhooks.';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'The URL must start with http:// or https://.';
  if (!parsed.hostname) return 'The URL has no host.';
  return undefined;
}

/** True for 127.0.0.0/8, ::1 and localhost: the only hosts where plain HTTP is acceptable. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}
