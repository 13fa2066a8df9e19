/** Failure rates per configuration from the request history, for the tree's "failing" state. */
import type { WebhookRequest } from '../api/schemas';

/** The share of recent attempts above which a configuration is failing (the default of `transcrypts.failingThreshold`). */
export const DEFAULT_FAILING_THRESHOLD = 0.2;

export interface FailureStats {
  attempts: number;
  failed: number;
  rate: number;
}

/** An attempt failed when no HTTP answer came or the receiver answered outside 2xx. */
export function attemptFailed(row: Pick<WebhookRequest, 'status_code'>): boolean {
  return row.status_code === null || row.status_code < 200 || row.status_code >= 300;
}

/**
 * Stats per `webhook_url` over the most recent `window` attempts of each URL (rows newest first, as the API
 * answers). The history has no configuration id: a row belongs to the configuration with its URL.
 */
export function failureStatsByUrl(rows: Iterable<Pick<WebhookRequest, 'status_code' | 'webhook_url'>>, window = 50): Map<string, FailureStats> {
  const out = new Map<string, FailureStats>();
  for (const row of rows) {
    let s = out.get(row.webhook_url);
    if (!s) {
      s = { attempts: 0, failed: 0, rate: 0 };
      out.set(row.webhook_url, s);
    }
    if (s.attempts >= window) continue;
    s.attempts++;
    if (attemptFailed(row)) s.failed++;
    s.rate = s.failed / s.attempts;
  }
  return out;
}

/** Failing: at least `minAttempts` recent attempts and more than `threshold` of them failed. */
export function isFailing(stats: FailureStats | undefined, threshold: number, minAttempts = 3): boolean {
  return stats !== undefined && stats.attempts >= minAttempts && stats.rate > threshold;
}
