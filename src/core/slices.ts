/**
 * Long work in slices that give the event loop back: in the extension host a loop over 50,000 configurations that
 * never yields blocks every other extension, the tree and the UI's requests. A `Slicer` measures the time since it
 * last yielded; `pass()` yields (setImmediate: timers and I/O run first) once a slice has run `budgetMs`.
 */
import { performance } from 'node:perf_hooks';

/** A slice's budget: well under the 50 ms a host may block, with room for the work that ends a slice. */
export const SLICE_MS = 8;

export class Slicer {
  private started = performance.now();
  private calls = 0;

  constructor(
    private readonly budgetMs = SLICE_MS,
    private readonly signal?: AbortSignal,
  ) {}

  /**
   * Whether this slice has used its budget. The clock is read every `every` calls (it is not free); a tight loop
   * asks this and awaits `yield()` only when due (an `await` per item would cost a microtask each).
   */
  due(every = 64): boolean {
    if (++this.calls % every !== 0) return false;
    return performance.now() - this.started >= this.budgetMs;
  }

  /** Yields when this slice has used its budget. */
  async pass(every = 64): Promise<void> {
    if (this.due(every)) await this.yield();
  }

  /** Yields now. Throws the signal's reason when it was aborted meanwhile. */
  async yield(): Promise<void> {
    await new Promise<void>((r) => setImmediate(r));
    this.signal?.throwIfAborted();
    this.started = performance.now();
  }
}

/**
 * Runs `steps` to its end in slices: the generator yields at points where it may be paused, each after a
 * millisecond or so of work (the clock is read at each: 16 pauses of 1,024 configurations between two reads were
 * a 16 ms slice).
 */
export async function runInSlices<T>(steps: Generator<void, T>, slicer: Slicer): Promise<T> {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (slicer.due(1)) await slicer.yield();
  }
}

/** Runs `steps` to its end at once (the same work, where it is small or must be synchronous). */
export function runAtOnce<T>(steps: Generator<void, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * `list` sorted by `compare` as `[...list].sort(compare)` sorts it (stable: equal items keep their order), in
 * slices: runs sorted by the engine, then merged pairwise, yielding between slices.
 */
export async function sortInSlices<T>(list: readonly T[], compare: (a: T, b: T) => number, slicer: Slicer, run = 128): Promise<T[]> {
  let a: T[] = [];
  for (let i = 0; i < list.length; i += run) {
    a.push(...list.slice(i, i + run).sort(compare));
    await slicer.pass(1);
  }
  let b: T[] = new Array<T>(a.length);
  for (let width = run; width < a.length; width *= 2) {
    for (let lo = 0; lo < a.length; lo += 2 * width) {
      const mid = Math.min(lo + width, a.length);
      const hi = Math.min(lo + 2 * width, a.length);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        // `<= 0`: the left run's item first on a tie, as a stable sort keeps it.
        b[k++] = compare(a[i] as T, a[j] as T) <= 0 ? (a[i++] as T) : (a[j++] as T);
        if (slicer.due(128)) await slicer.yield();
      }
      while (i < mid) b[k++] = a[i++] as T;
      while (j < hi) b[k++] = a[j++] as T;
    }
    [a, b] = [b, a];
  }
  return a;
}
