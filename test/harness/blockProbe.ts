/**
 * How long the event loop was blocked, measured two ways while a probe runs:
 * - `wallMs`: the longest delay of a 5 ms timer (as monitorEventLoopDelay measures it). On a loaded machine it also
 *   counts the time the process waited for a CPU (load 12 on 2 cores: p99 delays of 180 ms with nothing blocking);
 * - `cpuMs`: the most CPU time the main thread used between two ticks of that timer: the work that kept the loop
 *   from running, whatever the load. Read from /proc/self/task/<pid>/stat (Linux, 10 ms ticks); elsewhere from
 *   process.cpuUsage (every thread of the process).
 */
import * as fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on Linux). */
const TICKS = 100;
const STAT = `/proc/self/task/${process.pid}/stat`;

/** The main thread's CPU time so far, in ms. */
function mainThreadCpuMs(): number {
  try {
    const stat = fs.readFileSync(STAT, 'utf8');
    // After the command name (in parentheses, which may hold spaces): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS;
  } catch {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  }
}

export interface Blocks {
  /** The longest timer delay (monitorEventLoopDelay's max). */
  wallMs: number;
  /** Its 99th percentile. */
  wallP99Ms: number;
  /** The most main-thread CPU time between two ticks of the probe. */
  cpuMs: number;
}

export function startBlockProbe(): { stop(): Blocks } {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  let cpu = mainThreadCpuMs();
  let cpuMax = 0;
  const timer = setInterval(() => {
    const now = mainThreadCpuMs();
    cpuMax = Math.max(cpuMax, now - cpu);
    cpu = now;
  }, 5);
  return {
    stop() {
      clearInterval(timer);
      delay.disable();
      const now = mainThreadCpuMs();
      cpuMax = Math.max(cpuMax, now - cpu);
      return { wallMs: delay.max / 1e6, wallP99Ms: delay.percentile(99) / 1e6, cpuMs: cpuMax };
    },
  };
}
