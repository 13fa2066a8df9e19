/**
 * Limits the host and the webview both state (plain TypeScript: the webview bundle imports it). `core/model.ts`
 * LIMITS takes these from here; everything else names them.
 */

/** An HTTP status code: the history's `status_code` filter and the status column accept this range. */
export const STATUS_CODE_MIN = 100;
export const STATUS_CODE_MAX = 599;

/** How many days back the request history goes. */
export const HISTORY_DAYS = 30;
export const DAY_MS = 86_400_000;

/** A replay's answer body is kept up to this many bytes. */
export const REPLAY_BODY_LIMIT = 64 * 1024;

/** A size in bytes as people write it: "64 KB". */
export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${n / (1024 * 1024)} MB` : n >= 1024 ? `${n / 1024} KB` : `${n} B`;
}
