/**
 * Where a listener is: a watermark (the `created_at__gte` of its next history request) and the deliveries it has
 * already handled at or after it. Serializable (JSON), bounded, so a listener can stop and a new one resume
 * exactly where it was: nothing twice, nothing lost.
 */

export interface ListenPosition {
  version: 1;
  /** ISO time: history rows created at or after it are read again on resume. */
  watermark: string;
  /** Delivery ids already handled (forwarded, or given up) that rows at or after the watermark may name. */
  seen: string[];
}

/** At most this many ids in a position (the most recently observed); a position stays a small JSON value. */
export const MAX_POSITION_IDS = 10_000;

/** Whether `v` (say, from workspace state) is a position this version can resume from. */
export function isListenPosition(v: unknown): v is ListenPosition {
  if (typeof v !== 'object' || v === null) return false;
  const p = v as Record<string, unknown>;
  return (
    p.version === 1 &&
    typeof p.watermark === 'string' &&
    !Number.isNaN(Date.parse(p.watermark)) &&
    Array.isArray(p.seen) &&
    p.seen.length <= MAX_POSITION_IDS &&
    p.seen.every((id) => typeof id === 'string')
  );
}

/**
 * The delivery ids handled, each with when a history row last named it. Ordered by that time (an id observed
 * again moves to the end), so pruning takes from the front: ids no row has named for `keepMs`, then the oldest
 * beyond `maxSize`. An id is kept while rows at or after the watermark name it, and `keepMs` beyond, which covers
 * the platform's later retries of a delivery (new rows, same id) after its first rows fall behind the watermark.
 */
export class SeenSet {
  private readonly map = new Map<string, number>();

  constructor(
    private readonly keepMs: number,
    private readonly maxSize: number,
  ) {}

  has(id: string): boolean {
    return this.map.has(id);
  }

  /** Add `id`, or note that a row named it again. */
  touch(id: string, now: number): void {
    this.map.delete(id);
    this.map.set(id, now);
  }

  get size(): number {
    return this.map.size;
  }

  prune(now: number): void {
    for (const [id, at] of this.map) {
      if (at >= now - this.keepMs && this.map.size <= this.maxSize) break;
      this.map.delete(id);
    }
  }

  /** Oldest first. */
  ids(): string[] {
    return [...this.map.keys()];
  }
}
