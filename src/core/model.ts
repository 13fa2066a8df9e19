/**
 * The vocabulary of the Transcrypts webhooks API (docs/platform.md), shared by the client and the sandbox.
 * Pure data: no I/O, no `vscode`.
 */
import * as l10n from '@vscode/l10n';

/**
 * Environments are opaque strings: the platform documents Development and Production ([T]), the model platform
 * adds Sandbox ([Truv]), and a configuration may carry any other `env_type`, shown as it is. These are the ones we
 * know a label and an icon for.
 */
export const KNOWN_ENVS = ['sandbox', 'dev', 'prod'] as const;
export type KnownEnv = (typeof KNOWN_ENVS)[number];
/** An environment name as the API sends it: one of KNOWN_ENVS or any other non-empty string. */
export type { EnvType } from '../shared/protocol';
import { DAY_MS, HISTORY_DAYS, STATUS_CODE_MAX, STATUS_CODE_MIN } from '../shared/limits';
import type { EnvType } from '../shared/protocol';

// Asked for when shown: this table is built when the module loads, before the host gives @vscode/l10n its bundle.
const ENV_LABELS: Record<KnownEnv, () => string> = {
  sandbox: () => l10n.t('Sandbox'),
  dev: () => l10n.t('Development'),
  prod: () => l10n.t('Production'),
};

/** "Development" for `dev`; an unknown environment is labelled with its raw value. */
export function envLabel(env: EnvType): string {
  return isKnownEnv(env) ? ENV_LABELS[env]() : env;
}

/**
 * The documents' prose names the environments "development" and "production" [seed], and a list may say so in its
 * `env_type`: the same environments as `dev` and `prod` (a configuration filed under "development" sat in a
 * read-only group of its own while Development said "No configurations yet"). Case does not make another one.
 */
const ENV_SYNONYMS: ReadonlyMap<string, KnownEnv> = new Map([
  ['development', 'dev'],
  ['production', 'prod'],
  ...KNOWN_ENVS.map((e) => [e, e] as const),
]);

/** `dev` for "development", "Development" or "DEV"; any other value as it is (shown as the platform sent it). */
export function canonicalEnv(env: string): string {
  return ENV_SYNONYMS.get(env.trim().toLowerCase()) ?? env;
}

export function isKnownEnv(v: unknown): v is KnownEnv {
  return typeof v === 'string' && (KNOWN_ENVS as readonly string[]).includes(v);
}

/** The default of the setting `transcrypts.environments`: what the connect flow offers. */
export const DEFAULT_ENVIRONMENTS: readonly EnvType[] = ['dev', 'prod', 'sandbox'];

/** Limits from docs/platform.md, in one place. */
export const LIMITS = {
  nameMax: 128,
  urlMax: 2048,
  historyDays: HISTORY_DAYS,
  /** The history's `status_code` filter: an HTTP status from this to statusCodeMax. */
  statusCodeMin: STATUS_CODE_MIN,
  statusCodeMax: STATUS_CODE_MAX,
  /** Unconfirmed in the public reference: the sandbox's page size for the history. */
  historyPageSizeDefault: 50,
  historyPageSizeMax: 500,
  /** Unconfirmed: the sandbox's page size for the configuration list. */
  webhookPageSizeDefault: 100,
  webhookPageSizeMax: 500,
  /** Deliveries must be answered within this time. */
  deliveryTimeoutMs: 10_000,
  /** [T]: the first attempt and three retries, 30 s apart; then that delivery is blocked. */
  deliveryAttempts: 4,
  deliveryRetryIntervalMs: 30_000,
} as const;

/** One day, in milliseconds. */
export { DAY_MS } from '../shared/limits';
/** How far back the history goes (LIMITS.historyDays). */
export const HISTORY_WINDOW_MS = LIMITS.historyDays * DAY_MS;

export const DELIVERY_USER_AGENT = 'Transcrypts-Webhook-Service/2.0';
export const SIGNATURE_HEADER = 'X-WEBHOOK-SIGN';
export const CLIENT_ID_HEADER = 'X-Access-Client-Id';
export const SECRET_HEADER = 'X-Access-Secret';

/** The client id format of the model platform and the sandbox. The platform documents none: a hint, never a gate. */
export const CLIENT_ID_HEX_RE = /^[0-9a-f]{32}$/;

/** Why a client id cannot be sent at all (empty, or with spaces), or undefined. Any other value is accepted. */
export function clientIdProblem(value: string): string | undefined {
  if (value.length === 0) return l10n.t('Enter the client id.');
  if (/\s/.test(value)) return l10n.t('A client id has no spaces.');
  return undefined;
}

/** A warning for a client id of an unexpected form (not 32 hex), or undefined. Never a refusal. */
export function clientIdWarning(value: string): string | undefined {
  return CLIENT_ID_HEX_RE.test(value) ? undefined : l10n.t('This is not 32 hex characters, the usual form of a client id; it will be sent as it is.');
}

/**
 * The environment a secret's prefix suggests (`sandbox-…`, `dev-…`, `prod-…`, from [Truv]), or undefined. A hint
 * to warn and pre-select with, never a reason to refuse a secret.
 */
export function envOfSecret(secret: string): KnownEnv | undefined {
  const m = /^(sandbox|dev|prod)-\S+$/.exec(secret);
  return m ? (m[1] as KnownEnv) : undefined;
}

/** Why a webhook URL is unacceptable, or undefined when it is fine (absolute http(s), ≤2048). */
export function webhookUrlProblem(url: string): string | undefined {
  if (url.length === 0) return l10n.t('Enter a URL.');
  if (url.length > LIMITS.urlMax) return l10n.t('The URL is {0} characters long; the limit is {1}.', url.length, LIMITS.urlMax);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return l10n.t('Enter an absolute URL, such as https://example.com/webhooks.');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return l10n.t('The URL must start with http:// or https://.');
  if (!parsed.hostname) return l10n.t('The URL has no host.');
  return undefined;
}

/** True for 127.0.0.0/8, ::1 and localhost: the only hosts where plain HTTP is acceptable. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}
