/**
 * The history panel's delivery chart, without the drawing: the loaded rows counted per hour or per day (UTC),
 * each bucket by status class, and the words that describe them. No DOM, no VS Code: unit tested in Node.
 */
import * as l10n from '@vscode/l10n';
import { statusClassOf, timeOf } from './filters';
import { DAY_MS } from './limits';
import type { Row, StatusClass, TimeRange } from './protocol';

export const HOUR_MS = 3_600_000;
/** Hours while the rows span at most this; days beyond. */
export const HOURLY_SPAN_MS = 48 * HOUR_MS;
/** More buckets than this are merged into buckets of several hours or days. */
export const MAX_BUCKETS = 60;
/** The classes in stacking order, bottom first (successes at the base). */
export const CHART_CLASSES: readonly StatusClass[] = ['2xx', '1xx', '3xx', '4xx', '5xx', 'none', 'invalid'];

export type ClassCounts = Record<StatusClass, number>;

export interface Bucket extends TimeRange {
  total: number;
  counts: ClassCounts;
}

export interface Chart {
  unit: 'hour' | 'day';
  /** Units per bucket (more than 1 when the buckets were merged to stay within MAX_BUCKETS). */
  step: number;
  /** Oldest first, contiguous (empty buckets included). */
  buckets: Bucket[];
  /** Rows counted (those with a valid time). */
  total: number;
  /** Rows without a valid time: in no bucket. */
  skipped: number;
  /** The largest bucket's total. */
  max: number;
}

type ChartRow = Pick<Row, 'event_created_at' | 'status_code'>;

function emptyCounts(): ClassCounts {
  return { '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, none: 0, invalid: 0 };
}

/**
 * Rows counted per UTC hour and status class, with their time span: what a chart is made from. It grows page by
 * page (`add` the new rows only), so the history panel's chart costs a page's rows, not every row loaded, per page.
 * Every bucket's bounds are whole hours (hours or days from a whole hour or day), so each hour falls in one bucket.
 */
export class HourCounts {
  readonly hours = new Map<number, ClassCounts>();
  min = Infinity;
  max = -Infinity;
  /** Rows without a valid time: in no bucket. */
  skipped = 0;
  rows = 0;

  add(rows: readonly ChartRow[], from = 0): this {
    for (let i = from; i < rows.length; i++) {
      const r = rows[i] as ChartRow;
      const t = timeOf(r);
      this.rows++;
      if (Number.isNaN(t)) {
        this.skipped++;
        continue;
      }
      if (t < this.min) this.min = t;
      if (t > this.max) this.max = t;
      const h = Math.floor(t / HOUR_MS);
      let c = this.hours.get(h);
      if (!c) this.hours.set(h, (c = emptyCounts()));
      c[statusClassOf(r.status_code)]++;
    }
    return this;
  }
}

/** The buckets of `rows` (one pass; cheap for tens of thousands of rows). */
export function chartOf(rows: readonly ChartRow[], maxBuckets = MAX_BUCKETS): Chart {
  return chartOfCounts(new HourCounts().add(rows), maxBuckets);
}

/** The buckets of rows counted per hour: at most `maxBuckets` hours or days, merged into several when more. */
export function chartOfCounts(h: HourCounts, maxBuckets = MAX_BUCKETS): Chart {
  const { min, max, skipped } = h;
  if (skipped === h.rows) return { unit: 'hour', step: 1, buckets: [], total: 0, skipped, max: 0 };
  const unit = max - min <= HOURLY_SPAN_MS ? 'hour' : 'day';
  const base = unit === 'hour' ? HOUR_MS : DAY_MS;
  const start = Math.floor(min / base) * base;
  const step = Math.max(1, Math.ceil((Math.floor((max - start) / base) + 1) / Math.max(1, maxBuckets)));
  const size = base * step;
  const count = Math.floor((max - start) / size) + 1;
  const buckets: Bucket[] = Array.from({ length: count }, (_, i) => ({ from: start + i * size, to: start + (i + 1) * size, total: 0, counts: emptyCounts() }));
  for (const [hour, counts] of h.hours) {
    const b = buckets[Math.min(count - 1, Math.floor((hour * HOUR_MS - start) / size))];
    if (!b) continue;
    for (const k of CHART_CLASSES) {
      b.counts[k] += counts[k];
      b.total += counts[k];
    }
  }
  return { unit, step, buckets, total: h.rows - skipped, skipped, max: buckets.reduce((m, b) => Math.max(m, b.total), 0) };
}

const pad = (n: number) => String(n).padStart(2, '0');
const dayOf = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const hourOf = (d: Date) => `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;

/** `2026-11-27 14:00–15:00 UTC`, `2026-11-27 UTC`, `2026-11-25 – 2026-11-27 UTC` (whole days, the last included). */
export function rangeLabel(r: TimeRange): string {
  const from = new Date(r.from);
  const to = new Date(r.to);
  const last = new Date(r.to - 1);
  if (Number.isNaN(from.getTime()) || Number.isNaN(last.getTime())) return '';
  if (r.from % DAY_MS === 0 && r.to % DAY_MS === 0) {
    return r.to - r.from === DAY_MS ? `${dayOf(from)} UTC` : `${dayOf(from)} – ${dayOf(last)} UTC`;
  }
  if (dayOf(from) === dayOf(last)) return `${dayOf(from)} ${hourOf(from)}–${hourOf(to)} UTC`;
  return `${dayOf(from)} ${hourOf(from)} – ${dayOf(to)} ${hourOf(to)} UTC`;
}

/** How a status class is named in the chart's words. */
export function className(c: StatusClass): string {
  return c === 'none' ? l10n.t('no response') : c === 'invalid' ? l10n.t('invalid status') : c;
}

/** A bar's name: `2026-11-27 14:00–15:00 UTC: 12 deliveries, 10 2xx, 2 5xx`. */
export function bucketLabel(b: Bucket): string {
  const range = rangeLabel(b);
  if (b.total === 0) return l10n.t('{0}: no deliveries', range);
  const parts = CHART_CLASSES.filter((c) => b.counts[c] > 0).map((c) => `${b.counts[c]} ${className(c)}`);
  return b.total === 1 ? l10n.t('{0}: 1 delivery, {1}', range, parts.join(', ')) : l10n.t('{0}: {1} deliveries, {2}', range, b.total, parts.join(', '));
}

/** What a bucket is: `Deliveries per hour`, `Deliveries per 2 days`. */
export function chartTitle(c: Pick<Chart, 'unit' | 'step'>): string {
  if (c.step === 1) return c.unit === 'hour' ? l10n.t('Deliveries per hour') : l10n.t('Deliveries per day');
  return c.unit === 'hour' ? l10n.t('Deliveries per {0} hours', c.step) : l10n.t('Deliveries per {0} days', c.step);
}

/** The chart's name: `Deliveries per hour: 120 in 24 buckets` (and the rows left out, if any). */
export function chartLabel(c: Chart): string {
  const label = l10n.t('{0}: {1} in {2} buckets', chartTitle(c), c.total, c.buckets.length);
  return c.skipped > 0 ? l10n.t('{0}; {1} without a valid time', label, c.skipped) : label;
}
