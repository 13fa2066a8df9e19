/** The sandbox's error answers: thrown by handlers, written by the request pipeline with their status and headers. */
import type { FieldError } from '../../core/api/errors';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HTTP ${status}`);
  }
}

export const notFound = () => new HttpError(404, { detail: 'Not Found.' });

export const apiError = (status: number, code: string, message: string, invalid?: FieldError[]) =>
  new HttpError(status, { error: { code, message, ...(invalid ? { extra: { 'invalid-params': invalid } } : {}) } });

export const badParams = (invalid: FieldError[]) => apiError(400, 'incorrect_parameters', 'Incorrect request parameters', invalid);

export const notAllowed = (method: string, allow: string[]) =>
  new HttpError(405, { detail: `Method "${method}" not allowed.` }, { Allow: allow.join(', ') });
