/** Query parameters shared by the list endpoints: positive integers (page, page_size) and links to other pages. */
import type { FieldError } from '../../core/api/errors';

/**
 * A positive integer parameter, clamped to `max`: its value, undefined when absent, or the field error when it is
 * not a positive integer.
 */
export function positiveIntParam(q: URLSearchParams, key: string, max: number): number | FieldError | undefined {
  const raw = q.get(key);
  if (raw === null) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) return { field: key, message: 'A positive integer is required.' };
  return Math.min(Number(raw), max);
}

/**
 * `url` with one query parameter set: a link to another page. The same text as setting it on a copy of the URL
 * (a request's URL has no fragment), without parsing the URL again.
 */
export function withParam(url: URL, key: string, value: string): string {
  const params = new URLSearchParams(url.searchParams);
  params.set(key, value);
  return `${url.origin}${url.pathname}?${params.toString()}${url.hash}`;
}
