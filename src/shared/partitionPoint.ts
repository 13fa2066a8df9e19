/**
 * The binary search the extension does in five places, once: the first index in [0, n) at which `before` is false,
 * where `before` holds for a prefix of the indexes and for none after it (n when it holds for all). The last line
 * start at or before an offset is `partitionPoint(starts.length, (i) => starts[i] <= offset) - 1`.
 */
export function partitionPoint(n: number, before: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
