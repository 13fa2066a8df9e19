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
 * The Theil–Sen line through `points`: the slope is the median of the slopes of every pair of points (of distinct x),
 * the intercept the median of y − slope·x. One outlier in a few (a page that met a garbage collection) moves
 * neither, where a least-squares line or two small windows' medians follow it.
 */
export function theilSen(points: ReadonlyArray<readonly [number, number]>): { slope: number; intercept: number; at(x: number): number } {
  const slopes: number[] = [];
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      const [x1, y1] = points[i] as readonly [number, number];
      const [x2, y2] = points[j] as readonly [number, number];
      if (x1 !== x2) slopes.push((y2 - y1) / (x2 - x1));
    }
  }
  const slope = slopes.length > 0 ? midpoint(slopes) : 0;
  const intercept = midpoint(points.map(([x, y]) => y - slope * x));
  return { slope, intercept, at: (x) => intercept + slope * x };
}

/** The median, the mean of the two middle values for an even count (NaN for none). */
function midpoint(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
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
  const self = selfTimes(p);
  const byName = new Map<string, number>();
  for (const n of p.nodes) {
    const f = n.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber}`;
    byName.set(key, (byName.get(key) ?? 0) + (self.get(n.id) ?? 0));
  }
  process.stdout.write(`profile of ${elapsed} ms (self time, top 20):\n`);
  for (const [k, v] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 20)) process.stdout.write(`  ${v.toFixed(1).padStart(7)} ms  ${k}\n`);
}

/** Each node's self time in a profile, ms. */
function selfTimes(p: Profile): Map<number, number> {
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000));
  return self;
}

/** One line of a comparison: ours, the floor's, the difference, what. */
function diffRow(what: string, ours: number, floor: number): void {
  process.stdout.write(`  ${ours.toFixed(1).padStart(7)} ${floor.toFixed(1).padStart(7)} ${(ours - floor).toFixed(1).padStart(7)}  ${what}\n`);
}

/** The `top` keys of two tallies by the size of their difference (`signed`: ours' excess first), after a line of totals. */
function diffRows(ours: Map<string, number>, floor: Map<string, number>, top: number, signed = false, totals = true): void {
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const diff = (k: string) => (ours.get(k) ?? 0) - (floor.get(k) ?? 0);
  if (totals) diffRow('all', sum(ours), sum(floor));
  const keys = [...new Set([...ours.keys(), ...floor.keys()])].sort((a, b) => (signed ? diff(b) - diff(a) : Math.abs(diff(b)) - Math.abs(diff(a))));
  for (const k of keys.slice(0, top)) diffRow(k, ours.get(k) ?? 0, floor.get(k) ?? 0);
}

/**
 * Extension-host profiles of ours' runs against the floor's (floor.ts with BENCH_HOST_PROFILE): the mean self time
 * per run of each part of the host (ours, the floor, VS Code's extension host, Node, V8's own), then the functions
 * whose mean self time differs most. `ours` and `floor` match the scripts' paths (ours' bundle, the floor's file).
 */
export function compareProfiles(what: string, runs: { ours: Profile[]; floor: Profile[] }, own?: { ours: RegExp; floor: RegExp; profiler?: RegExp }): void {
  const partOf = (url: string, fn: string): string => {
    if (own?.ours.test(url)) return 'ours';
    if (own?.floor.test(url)) return 'floor';
    if (/extensionHostProcess|\/vs\//.test(url)) return 'VS Code (extension host)';
    if (url.startsWith('node:') || (!url && !fn.startsWith('('))) return 'Node and native';
    if (fn.startsWith('(')) return fn;
    return url.split('/').slice(-3).join('/');
  };
  const tally = (ps: Profile[]): { parts: Map<string, number>; fns: Map<string, number> } => {
    const parts = new Map<string, number>();
    const fns = new Map<string, number>();
    for (const p of ps) {
      const self = selfTimes(p);
      const skipped = profilerNodes(p, own?.profiler);
      for (const n of p.nodes) {
        if (skipped.has(n.id)) continue;
        const t = (self.get(n.id) ?? 0) / ps.length;
        if (!t) continue;
        const f = n.callFrame;
        if (f.functionName === '(idle)') continue;
        const part = partOf(f.url, f.functionName);
        parts.set(part, (parts.get(part) ?? 0) + t);
        const key = `${part === 'ours' || part === 'floor' ? `[${part}] ` : ''}${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-1)[0] ?? ''}:${f.lineNumber}`;
        fns.set(key, (fns.get(key) ?? 0) + t);
      }
    }
    return { parts, fns };
  };
  const o = tally(runs.ours);
  const f = tally(runs.floor);
  process.stdout.write(`${what}: self time, mean ms per run (${runs.ours.length} of ours, ${runs.floor.length} of the floor's), not idle\n     ours   floor    diff\n`);
  diffRows(o.parts, f.parts, Infinity, true);
  process.stdout.write('  the functions, by the difference (top 40):\n');
  diffRows(o.fns, f.fns, 40, false, false);
  if (!own) return;
  // Each side's own functions by inclusive time: a sample counts once for every distinct function of the side on its stack.
  for (const [side, ps] of [['ours', runs.ours], ['floor', runs.floor]] as const) {
    const inclusive = new Map<string, number>();
    for (const p of ps) {
      const parent = new Map<number, number>();
      for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
      const byId = new Map(p.nodes.map((n) => [n.id, n]));
      p.samples.forEach((id, i) => {
        const seen = new Set<string>();
        for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
          const f = byId.get(at)?.callFrame;
          if (!f || !own[side].test(f.url)) continue;
          seen.add(`${f.functionName || '(anonymous)'}:${f.lineNumber}`);
        }
        for (const k of seen) inclusive.set(k, (inclusive.get(k) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000 / ps.length);
      });
    }
    process.stdout.write(`  ${side}: its functions by inclusive time (top ${side === 'ours' ? 30 : 10})\n`);
    for (const [k, v] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, side === 'ours' ? 30 : 10)) process.stdout.write(`  ${v.toFixed(1).padStart(7)}  ${k}\n`);
  }
}

/** The nodes of the profiler's own calls (`profiler` matches its script; its Profiler.stop costs more in a larger profile). */
function profilerNodes(p: Profile, profiler: RegExp | undefined): Set<number> {
  const out = new Set<number>();
  if (!profiler) return out;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const mark = (id: number) => {
    out.add(id);
    for (const c of byId.get(id)?.children ?? []) mark(c);
  };
  for (const n of p.nodes) if (!out.has(n.id) && profiler.test(n.callFrame.url)) mark(n.id);
  return out;
}

/**
 * The renderers' main threads (CrRendererMain) in Chromium traces of ours' runs against the floor's (floor.ts with
 * BENCH_RENDERER_TRACE=1): the mean self time per run of each kind of event (layout, style, paint, scripts…).
 */
export function compareTraces(what: string, runs: { ours: string[]; floor: string[] }): void {
  const tally = (traces: string[]): Map<string, number> => {
    const out = new Map<string, number>();
    for (const text of traces) {
      const all = (JSON.parse(text) as { traceEvents: Array<TraceEvent & { args?: { name?: string } }> }).traceEvents;
      const main = new Set(all.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
      const byThread = new Map<string, TraceEvent[]>();
      for (const e of all) {
        const k = `${e.pid}:${e.tid}`;
        if (e.ph !== 'X' || e.dur === undefined || !main.has(k)) continue;
        byThread.set(k, [...(byThread.get(k) ?? []), e]);
      }
      for (const events of byThread.values()) {
        events.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
        // Self time: an event's duration less that of the events nested in it.
        const stack: Array<{ e: TraceEvent; children: number }> = [];
        const close = (until: number) => {
          for (let top = stack.at(-1); top && top.e.ts + (top.e.dur ?? 0) <= until; top = stack.at(-1)) {
            stack.pop();
            out.set(top.e.name, (out.get(top.e.name) ?? 0) + ((top.e.dur ?? 0) - top.children) / 1000 / traces.length);
            const parent = stack.at(-1);
            if (parent) parent.children += top.e.dur ?? 0;
          }
        };
        for (const e of events) {
          close(e.ts);
          stack.push({ e, children: 0 });
        }
        close(Infinity);
      }
    }
    return out;
  };
  process.stdout.write(`${what}: the renderers' main threads, self time by event, mean ms per run (${runs.ours.length} of ours, ${runs.floor.length} of the floor's)\n     ours   floor    diff\n`);
  diffRows(tally(runs.ours), tally(runs.floor), 25);
}

/**
 * What the extension host sent the workbench in ours' runs against the floor's (the bench's profiler records the
 * writes to its compressor: size and printable start): mean bytes and writes per run, and the kinds (a write's first
 * words, numbers left out) that carry most of ours.
 */
export function compareMessages(what: string, runs: { ours: Array<Array<[number, string]>>; floor: Array<Array<[number, string]>> }): void {
  const mean = (rs: Array<Array<[number, string]>>, f: (m: Array<[number, string]>) => number) => rs.reduce((a, r) => a + f(r), 0) / Math.max(1, rs.length);
  const bytes = (m: Array<[number, string]>) => m.reduce((a, [n]) => a + n, 0);
  process.stdout.write(`${what}: sent to the workbench, mean per run: ours ${Math.round(mean(runs.ours, bytes)).toLocaleString('en-US')} bytes in ${Math.round(mean(runs.ours, (m) => m.length))} writes, the floor ${Math.round(mean(runs.floor, bytes)).toLocaleString('en-US')} bytes in ${Math.round(mean(runs.floor, (m) => m.length))}\n`);
  for (const [side, rs] of [['ours', runs.ours], ['floor', runs.floor]] as const) {
    const kinds = new Map<string, [number, number]>();
    for (const r of rs) {
      for (const [n, text] of r) {
        const k = text.replace(/[0-9a-f]{8,}|\d+/g, '#').trim().slice(0, 90);
        const [b, c] = kinds.get(k) ?? [0, 0];
        kinds.set(k, [b + n / rs.length, c + 1 / rs.length]);
      }
    }
    process.stdout.write(`  ${side}: the kinds of writes with most bytes (bytes, writes, the write's start)\n`);
    for (const [k, [b, c]] of [...kinds].sort((x, y) => y[1][0] - x[1][0]).slice(0, side === 'ours' ? 15 : 6)) process.stdout.write(`  ${Math.round(b).toLocaleString('en-US').padStart(9)} ${c.toFixed(1).padStart(6)}  ${k}\n`);
  }
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
