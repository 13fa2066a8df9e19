/**
 * CPU time of the processes a bench started, from /proc (Linux): the extension hosts of its code-server and the
 * renderers of its Chromium, found among this process's descendants only (other code-servers on the machine are
 * not ours). `cpuNow()` before and after; `cpuSince(before)` the milliseconds each kind used in between, a process
 * started meanwhile counted from zero.
 */
import * as fs from 'node:fs';

export type Kind = 'extensionHost' | 'renderer';
type Sample = Map<number, { kind: Kind; ticks: number }>;

/** clock ticks per second (USER_HZ); 100 on Linux builds we run on. */
const HZ = 100;

function stat(pid: number): { ppid: number; ticks: number } | undefined {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The fields after the command's closing parenthesis: state ppid … utime (14th) stime (15th).
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) };
  } catch {
    return undefined;
  }
}

/** The CPU a process has used so far (user + system), in ms, or NaN where there is no /proc. */
export function processCpuMs(pid: number): number {
  const s = stat(pid);
  return s ? (s.ticks * 1000) / HZ : NaN;
}

function kindOf(pid: number): Kind | undefined {
  let cmd = '';
  try {
    cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return undefined;
  }
  if (cmd.includes('--type=extensionHost')) return 'extensionHost';
  if (cmd.includes('--type=renderer')) return 'renderer';
  return undefined;
}

/** The extension hosts and renderers descending from `root` (default: this process), with their CPU ticks now. */
export function cpuNow(root = process.pid): Sample {
  const children = new Map<number, number[]>();
  const ticks = new Map<number, number>();
  for (const name of fs.readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const s = stat(pid);
    if (!s) continue;
    ticks.set(pid, s.ticks);
    children.set(s.ppid, [...(children.get(s.ppid) ?? []), pid]);
  }
  const out: Sample = new Map();
  const queue = [...(children.get(root) ?? [])];
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    queue.push(...(children.get(pid) ?? []));
    const kind = kindOf(pid);
    if (kind) out.set(pid, { kind, ticks: ticks.get(pid) ?? 0 });
  }
  return out;
}

/** Milliseconds of CPU each kind used since `before`. */
export function cpuSince(before: Sample, after = cpuNow()): Record<Kind, number> {
  const used: Record<Kind, number> = { extensionHost: 0, renderer: 0 };
  for (const [pid, a] of after) used[a.kind] += ((a.ticks - (before.get(pid)?.ticks ?? 0)) * 1000) / HZ;
  return used;
}
