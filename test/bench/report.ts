/** What every bench prints: one line per figure, the name padded to a column. */
export function report(name: string, value: string, width = 58): void {
  process.stdout.write(`${name.padEnd(width)} ${value}\n`);
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
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
  const long = events.filter((e) => e.name === 'RunTask' && (e.dur ?? 0) > 50_000);
  process.stdout.write(`${long.length} tasks over 50 ms\n`);
  for (const t of long) {
    const inside = events.filter((e) => e.pid === t.pid && e.tid === t.tid && e !== t && e.ts >= t.ts && e.ts + (e.dur ?? 0) <= t.ts + (t.dur ?? 0));
    const by = new Map<string, number>();
    for (const e of inside) by.set(e.name, (by.get(e.name) ?? 0) + (e.dur ?? 0) / 1000);
    const top = [...by].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ');
    process.stdout.write(`  ${((t.dur ?? 0) / 1000).toFixed(0)} ms (pid ${t.pid}): ${top}\n`);
  }
}
