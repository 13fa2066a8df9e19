/**
 * The history page's fast path gives exactly what zod gives, for every kind of row (fields absent, null, of the
 * wrong type, extra fields), and when a row does not fit the error names the same field as before.
 */
import { strict as assert } from 'node:assert';
import { describeIssue, fastHistoryPage, webhookRequestPageSchema, webhookRequestPageZod } from '../../src/core/api/schemas';
import { agreesWithZod } from './helpers';

const VALUES: unknown[] = [undefined, null, '', 'x', 'order-created', 0, 200, 404.5, -1, true, {}, [], { event_type: 'link-connected' }];
const FIELDS = ['webhook_id', 'event_type', 'event_created_at', 'status_code', 'error_message', 'webhook_payload', 'webhook_url', 'extra_field'];

function row(rng: () => number): Record<string, unknown> {
  const r: Record<string, unknown> = {};
  for (const f of FIELDS) {
    const v = VALUES[Math.floor(rng() * VALUES.length)];
    if (rng() < 0.8) r[f] = v;
  }
  // As it comes from the network: JSON (no undefined values).
  return JSON.parse(JSON.stringify(r)) as Record<string, unknown>;
}

describe('history page: the fast path against zod', () => {
  it('agrees with zod on 5,000 random rows, alone and in pages of both shapes', () => {
    const pages = (r: Record<string, unknown>) => [[r], { results: [r], next: null }, { count: 1, results: [r], next: 'http://127.0.0.1/v1/webhook-requests/?page=2', previous: null }];
    const fitting = agreesWithZod(5000, 42, row, pages, fastHistoryPage, webhookRequestPageZod);
    assert.ok(fitting > 100 && fitting < 14_900, `both fitting and refused rows were tried (${fitting} fitting)`);
  });

  it('refuses a page that is not one, and a link of the wrong type, as zod does', () => {
    for (const json of [null, 'text', 42, {}, { results: 'x' }, { results: [], next: 3 }, [1]]) {
      assert.equal(fastHistoryPage(json), undefined, JSON.stringify(json));
      assert.equal(webhookRequestPageSchema.safeParse(json).success, false, JSON.stringify(json));
    }
  });

  it('names the offending field as before when a row does not fit', () => {
    const json = { results: [{ webhook_payload: {} }, { webhook_payload: {}, status_code: 'two hundred' }], next: null };
    const viaPage = webhookRequestPageSchema.safeParse(json);
    const viaZod = webhookRequestPageZod.safeParse(json);
    assert.ok(!viaPage.success && !viaZod.success);
    assert.equal(describeIssue(viaPage.error), describeIssue(viaZod.error));
    assert.match(describeIssue(viaPage.error), /results\[1\]\.status_code/);
  });
});
