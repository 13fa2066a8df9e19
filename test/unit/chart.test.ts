/** The history panel's delivery chart: buckets per hour or day, stacked by status class, at most 60 of them. */
import { strict as assert } from 'node:assert';
import { bucketLabel, chartLabel, chartOf, chartOfCounts, chartTitle, HOUR_MS, HourCounts, MAX_BUCKETS, rangeLabel } from '../../src/shared/chart';
import { matchesLocal } from '../../src/shared/filters';
import { DAY_MS } from '../../src/shared/limits';
import type { ListRow } from '../../src/shared/protocol';
import { parsePanelState } from '../../src/shared/state';

const T0 = Date.parse('2026-11-27T00:00:00.000Z');
const row = (at: string | number, status: number | null = 200, key = 1): ListRow => ({
  key,
  webhook_id: `w${key}`,
  event_type: 'order-created',
  event_created_at: typeof at === 'number' ? new Date(at).toISOString() : at,
  status_code: status,
  error_message: null,
  webhook_url: 'u',
  payloadJson: '{}',
});

describe('delivery chart buckets', () => {
  it('counts per hour while the rows span at most 48 hours, per day beyond', () => {
    // Exactly 48 hours apart: still hours.
    const hourly = chartOf([row(T0), row(T0 + 48 * HOUR_MS), row(T0 + 30 * 60_000)]);
    assert.equal(hourly.unit, 'hour');
    assert.equal(hourly.step, 1);
    assert.equal(hourly.buckets.length, 49);
    assert.deepEqual(hourly.buckets.map((b) => b.total).filter((n) => n > 0), [2, 1]);
    assert.equal(hourly.buckets[0]?.from, T0);
    assert.equal(hourly.buckets[0]?.to, T0 + HOUR_MS);
    assert.equal(hourly.buckets[48]?.total, 1, 'the last row in the last hour');

    assert.equal(chartOf([row(T0), row(T0 + 48 * HOUR_MS + 1)]).unit, 'day', 'a millisecond more: days');
    const daily = chartOf([row(T0 + 5 * HOUR_MS), row(T0 + 48 * HOUR_MS + 1), row(T0 + 3 * DAY_MS - 1)]);
    assert.equal(daily.unit, 'day');
    assert.equal(daily.step, 1);
    assert.deepEqual(daily.buckets.map((b) => [b.from - T0, b.total]), [[0, 1], [DAY_MS, 0], [2 * DAY_MS, 2]]);
    assert.equal(daily.max, 2);
  });

  it('stacks each bucket by status class, every class counted, in any row order', () => {
    const rows = [row(T0, 200), row(T0 + 1, 503), row(T0 + 2, null), row(T0 + 3, 404), row(T0 + HOUR_MS, 302), row(T0 + 4, 999), row(T0 + 5, 204), row(T0 + 6, 101)];
    const c = chartOf(rows.reverse());
    assert.equal(c.buckets.length, 2);
    assert.deepEqual(c.buckets[0]?.counts, { '1xx': 1, '2xx': 2, '3xx': 0, '4xx': 1, '5xx': 1, none: 1, invalid: 1 });
    assert.equal(c.buckets[0]?.total, 7);
    assert.deepEqual(c.buckets[1]?.counts, { '1xx': 0, '2xx': 0, '3xx': 1, '4xx': 0, '5xx': 0, none: 0, invalid: 0 });
    assert.equal(c.total, 8);
    assert.equal(
      c.buckets.reduce((n, b) => n + Object.values(b.counts).reduce((x, y) => x + y, 0), 0),
      rows.length,
      'the segments sum to the rows',
    );
  });

  it(`merges into buckets of several days to stay within ${MAX_BUCKETS}`, () => {
    const rows = Array.from({ length: 200 }, (_, i) => row(T0 - i * DAY_MS + 1000, 200, i));
    const c = chartOf(rows);
    assert.equal(c.unit, 'day');
    assert.equal(c.step, 4, '200 days in buckets of 4');
    assert.ok(c.buckets.length <= MAX_BUCKETS, `${c.buckets.length} buckets`);
    assert.equal(c.buckets.length, 50);
    assert.equal(c.total, 200);
    assert.equal(c.buckets.reduce((n, b) => n + b.total, 0), 200);
    assert.equal((c.buckets[0]?.to ?? 0) - (c.buckets[0]?.from ?? 0), 4 * DAY_MS);
    assert.equal(chartTitle(c), 'Deliveries per 4 days');
    // A hostile server's times thousands of years apart still make at most MAX_BUCKETS buckets.
    const far = chartOf([row('0001-01-01T00:00:00Z'), row('9999-12-31T23:59:59Z'), row(T0)]);
    assert.ok(far.buckets.length <= MAX_BUCKETS && far.buckets.length > 1);
    assert.equal(far.buckets.reduce((n, b) => n + b.total, 0), 3);
    // Hours merge too when fewer buckets are asked for.
    const small = chartOf(Array.from({ length: 24 }, (_, i) => row(T0 + i * HOUR_MS)), 10);
    assert.deepEqual([small.unit, small.step, small.buckets.length], ['hour', 3, 8]);
  });

  it('skips and counts rows without a valid time, never crashing', () => {
    const rows = [row(''), row('yesterday'), row(T0, 503), row('2026-13-45T99:00:00Z'), row(T0 + 2 * HOUR_MS, 200)];
    const c = chartOf(rows);
    assert.equal(c.skipped, 3);
    assert.equal(c.total, 2);
    assert.equal(c.buckets.length, 3);
    assert.equal(chartLabel(c), 'Deliveries per hour: 2 in 3 buckets; 3 without a valid time');
    const none = chartOf([row('nope'), row('')]);
    assert.deepEqual([none.buckets.length, none.total, none.skipped], [0, 0, 2]);
    assert.deepEqual(chartOf([]).buckets, []);
  });

  it('names buckets and bars for tooltips and screen readers', () => {
    const c = chartOf([row(T0 + 14 * HOUR_MS, 200), row(T0 + 14 * HOUR_MS + 5, 503), row(T0 + 14 * HOUR_MS + 6, 200), row(T0 + 16 * HOUR_MS, null)]);
    const [b14, b15, b16] = c.buckets;
    assert.ok(b14 && b15 && b16);
    assert.equal(bucketLabel(b14), '2026-11-27 14:00–15:00 UTC: 3 deliveries, 2 2xx, 1 5xx');
    assert.equal(bucketLabel(b15), '2026-11-27 15:00–16:00 UTC: no deliveries');
    assert.equal(bucketLabel(b16), '2026-11-27 16:00–17:00 UTC: 1 delivery, 1 no response');
    assert.equal(chartLabel(c), 'Deliveries per hour: 4 in 3 buckets');
    assert.equal(rangeLabel({ from: T0, to: T0 + DAY_MS }), '2026-11-27 UTC');
    assert.equal(rangeLabel({ from: T0, to: T0 + 3 * DAY_MS }), '2026-11-27 – 2026-11-29 UTC');
    assert.equal(rangeLabel({ from: T0 + 23 * HOUR_MS, to: T0 + DAY_MS }), '2026-11-27 23:00–00:00 UTC');
  });

  it('counts 10,000 rows over a month, each once (its speed is in npm run bench)', () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => row(T0 - i * 250_000, i % 7 === 0 ? 503 : 200, i));
    const c = chartOf(rows);
    assert.equal(c.total, 10_000);
    assert.equal(c.buckets.reduce((n, b) => n + b.total, 0), 10_000);
  });
});

describe('the chart time filter on loaded rows', () => {
  const span = { from: T0 + 14 * HOUR_MS, to: T0 + 15 * HOUR_MS };

  it('keeps the rows of the span, its start included and its end excluded', () => {
    assert.ok(matchesLocal(row(span.from), { time: span }));
    assert.ok(matchesLocal(row(span.to - 1), { time: span }));
    assert.ok(!matchesLocal(row(span.to), { time: span }));
    assert.ok(!matchesLocal(row(span.from - 1), { time: span }));
    assert.ok(!matchesLocal(row('not a time'), { time: span }), 'a row without a time is in no bar');
    assert.ok(matchesLocal(row('not a time'), {}), 'without the filter it is listed');
    assert.ok(matchesLocal(row(span.from, 503), { time: span, statusClass: '5xx' }));
    assert.ok(!matchesLocal(row(span.from, 200), { time: span, statusClass: '5xx' }));
  });

  it('gives the same chart from counts kept page by page (each page added once) as from all the rows', () => {
    const rows = Array.from({ length: 1300 }, (_, i) => row(i % 97 === 0 ? 'not a date' : T0 - i * 397_000 - (i % 5) * 7_000_000, i % 7 === 0 ? 500 : i % 11 === 0 ? null : 200, i));
    const kept = new HourCounts();
    for (let n = 100; n < rows.length + 500; n += 500) {
      const page = rows.slice(0, Math.min(n, rows.length));
      kept.add(page, Math.max(0, n - 500));
      assert.deepEqual(chartOfCounts(kept), chartOf(page), `${page.length} rows`);
      for (const maxBuckets of [1, 7, 24]) assert.deepEqual(chartOfCounts(kept, maxBuckets), chartOf(page, maxBuckets));
    }
  });

  it('selects exactly the rows a bar counts', () => {
    const rows = Array.from({ length: 500 }, (_, i) => row(T0 + i * 397_000, i % 3 === 0 ? null : 200, i));
    for (const b of chartOf(rows).buckets) assert.equal(rows.filter((r) => matchesLocal(r, { time: b })).length, b.total);
  });

  it('is kept in the panel state when valid, dropped otherwise', () => {
    const scope = { env: 'dev', title: 'Dev' };
    assert.deepEqual(parsePanelState({ scope, local: { time: span } })?.local, { time: span });
    for (const time of [{ from: span.to, to: span.from }, { from: 'a', to: 'b' }, { from: 1 }, { from: 0, to: Infinity }, { from: NaN, to: 5 }, [1, 2], 'x']) {
      assert.deepEqual(parsePanelState({ scope, local: { time, text: 'q' } })?.local, { text: 'q' }, JSON.stringify(time));
    }
  });
});
