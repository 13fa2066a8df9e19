/** One error type for everything the API client can meet. Messages never contain a secret. */

export type ApiErrorKind =
  | 'auth' // 401: missing or wrong keys
  | 'permission' // 403: valid keys, no permission
  | 'not_found' // 404
  | 'validation' // 400, with field errors
  | 'rate_limited' // 429, with retry-after
  | 'server' // 5xx, and other unexpected statuses
  | 'network' // refused, reset, DNS
  | 'timeout'
  | 'bad_response' // a body of the wrong shape
  | 'cancelled';

export interface FieldError {
  field: string;
  message: string;
}

export interface ApiErrorInit {
  status?: number;
  code?: string;
  fieldErrors?: FieldError[];
  retryAfterMs?: number;
  method?: string;
  path?: string;
  cause?: unknown;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status?: number;
  readonly code?: string;
  readonly fieldErrors: FieldError[];
  readonly retryAfterMs?: number;
  readonly method?: string;
  readonly path?: string;

  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    init: ApiErrorInit = {},
  ) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.fieldErrors = init.fieldErrors ?? [];
    this.retryAfterMs = init.retryAfterMs;
    this.method = init.method;
    this.path = init.path;
  }

  /** The error for one field, when the server named it (a 400's invalid-params). */
  fieldError(field: string): string | undefined {
    return this.fieldErrors.find((f) => f.field === field)?.message;
  }

  /** Whether repeating the same idempotent request may succeed. */
  get transient(): boolean {
    return this.kind === 'rate_limited' || this.kind === 'server' || this.kind === 'network' || this.kind === 'timeout';
  }
}

/** Parse a `Retry-After` header (seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
