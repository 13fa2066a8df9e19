import * as fs from 'node:fs';
import * as os from 'node:os';

/** What every bench prints: one line per figure, the name padded to a column. */
export function report(name: string, value: string, width = 58): void {
  process.stdout.write(`${name.padEnd(width)} ${value}\n`);
}

/** The p-th percentile of an ascending list (the nearest rank below). */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

/**
 * `n` pairs of runs, ours and the floor's, recorded in order. A pair's order alternates (ours first, then the floor
 * first): neither side always runs after the other, whose garbage, caches and sockets the next run inherits. With ours
 * always first, the same client measured 1.26–1.38× a bare loop of GETs, alternating 0.96–1.00× (3 runs of 30 pairs).
 */
export async function inTurns<T>(n: number, ours: () => Promise<T>, floor: () => Promise<T>, warmUp = 0): Promise<{ ours: T[]; floor: T[] }> {
  // `warmUp` pairs first, not recorded: both sides' code is compiled while they run.
  for (let i = 0; i < warmUp; i++) {
    await ours();
    await floor();
  }
  const out = { ours: [] as T[], floor: [] as T[] };
  const run = { ours, floor };
  for (let i = 0; i < n; i++) {
    for (const which of i % 2 === 0 ? (['ours', 'floor'] as const) : (['floor', 'ours'] as const)) out[which].push(await run[which]());
  }
  return out;
}

/** A CPU profile as CDP's Profiler.stop returns it. */
export interface Profile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }>;
  samples: number[];
  timeDeltas: number[];
}

/** The top 20 functions of a CPU profile by self time. */
export function printProfile(p: Profile, elapsed: number): void {
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000));
  const byName = new Map<string, number>();
  for (const n of p.nodes) {
    const f = n.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber}`;
    byName.set(key, (byName.get(key) ?? 0) + (self.get(n.id) ?? 0));
  }
  process.stdout.write(`profile of ${elapsed} ms (self time, top 20):\n`);
  for (const [k, v] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 20)) process.stdout.write(`  ${v.toFixed(1).padStart(7)} ms  ${k}\n`);
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
}

/** The tasks over 50 ms in a Chromium trace, each with the time of its events by name (self time, top 6). */
export function printLongTasks(trace: string): void {
  const events = (JSON.parse(trace) as { traceEvents: TraceEvent[] }).traceEvents.filter((e) => e.ph === 'X' && e.dur !== undefined);
  // BENCH_LONG_TASK_MS: the tasks printed are those over this (default 50 ms, the goal's bound).
  const over = Number(process.env.BENCH_LONG_TASK_MS ?? 50);
  const long = events.filter((e) => e.name === 'RunTask' && (e.dur ?? 0) > over * 1000);
  process.stdout.write(`${long.length} tasks over ${over} ms\n`);
  for (const t of long) {
    const inside = events.filter((e) => e.pid === t.pid && e.tid === t.tid && e !== t && e.ts >= t.ts && e.ts + (e.dur ?? 0) <= t.ts + (t.dur ?? 0));
    const by = new Map<string, number>();
    for (const e of inside) by.set(e.name, (by.get(e.name) ?? 0) + (e.dur ?? 0) / 1000);
    const top = [...by].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ');
    process.stdout.write(`  ${((t.dur ?? 0) / 1000).toFixed(0)} ms (pid ${t.pid}): ${top}\n`);
  }
}

/**
 * A figure's goal, on the median of the per-pair ratios (ours / floor, or for a rate ours' rate / floor's rate) when
 * the figure has a floor, else on the median of ours. `at most` for times, `at least` for rates.
 */
export interface Goal {
  atMost?: number;
  atLeast?: number;
}

/** One figure as `npm run bench -- --json FILE` writes it. */
export interface FigureRecord {
  bench: string;
  figure: string;
  unit: string;
  ours: { median: number; min: number; max: number; runs: number[] };
  floor?: { name: string; median: number; min: number; max: number; runs: number[] };
  /** median(ours) / median(floor). */
  ratioOfMedians?: number;
  /** The median of ours[i] / floor[i] (pairs run back to back, interleaved). */
  pairRatio?: { median: number; min: number; max: number };
  goal?: Goal & { met: boolean; on: 'pair ratio' | 'median' };
  load: number[];
  note?: string;
}

const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2));
const goalText = (g: Goal, unit: string) => [g.atMost !== undefined ? `≤ ${g.atMost}${unit}` : '', g.atLeast !== undefined ? `≥ ${g.atLeast}${unit}` : ''].filter(Boolean).join(' and ');
const meets = (g: Goal, x: number) => (g.atMost === undefined || x <= g.atMost) && (g.atLeast === undefined || x >= g.atLeast);

/** Median, min and max of some runs. */
function stats(xs: number[]): { median: number; min: number; max: number } {
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) };
}

/** Appends a figure to the file `scripts/bench.mjs` collects (BENCH_RECORD), if it runs us. */
function record(r: FigureRecord): void {
  const file = process.env['BENCH_RECORD'];
  if (file) fs.appendFileSync(file, `${JSON.stringify(r)}\n`);
}

/**
 * A figure measured in pairs against a floor in the same run: prints ours, the floor, the ratio of medians, the
 * median of the per-pair ratios with its min–max, the goal and the load average; records it for the JSON. For a
 * rate (`higherIsBetter`), the ratios are ours / floor too, so ≥ goals read as "at least this share of the floor".
 */
export function pairFigure(bench: string, figure: string, unit: string, ours: number[], floor: { name: string; runs: number[] }, goal?: Goal, note?: string): FigureRecord {
  const ratios = ours.map((x, i) => x / (floor.runs[i] ?? NaN)).filter((x) => Number.isFinite(x));
  const pr = stats(ratios);
  const r: FigureRecord = {
    bench,
    figure,
    unit,
    ours: { ...stats(ours), runs: ours },
    floor: { name: floor.name, ...stats(floor.runs), runs: floor.runs },
    ratioOfMedians: median(ours) / median(floor.runs),
    pairRatio: pr,
    ...(goal ? { goal: { ...goal, met: meets(goal, pr.median), on: 'pair ratio' as const } } : {}),
    load: os.loadavg(),
    ...(note ? { note } : {}),
  };
  const g = r.goal ? `; goal ${goalText(r.goal, '×')} ${r.goal.met ? 'met' : 'MISSED'}` : '';
  report(
    figure,
    `ours ${fmt(r.ours.median)} ${unit}, ${floor.name} ${fmt(median(floor.runs))} ${unit}; ratio of medians ${fmt(r.ratioOfMedians ?? NaN)}×, pair ratio ${fmt(pr.median)}× (${fmt(pr.min)}–${fmt(pr.max)}, ${ratios.length} pairs)${g}; load ${os.loadavg()[0]?.toFixed(2)}`,
  );
  record(r);
  return r;
}

/** A figure without a floor (its goal, if any, on the median of the runs). */
export function soloFigure(bench: string, figure: string, unit: string, runs: number[], goal?: Goal, note?: string): FigureRecord {
  const r: FigureRecord = {
    bench,
    figure,
    unit,
    ours: { ...stats(runs), runs },
    ...(goal ? { goal: { ...goal, met: meets(goal, median(runs)), on: 'median' as const } } : {}),
    load: os.loadavg(),
    ...(note ? { note } : {}),
  };
  const g = r.goal ? ` goal ${goalText(r.goal, ` ${unit}`)} ${r.goal.met ? 'met' : 'MISSED'};` : '';
  report(figure, `${fmt(r.ours.median)} ${unit}${runs.length > 1 ? ` (${fmt(r.ours.min)}–${fmt(r.ours.max)}, ${runs.length} runs)` : ''};${g} load ${os.loadavg()[0]?.toFixed(2)}`);
  record(r);
  return r;
}
