/**
 * The extension's one binary search: the first index in [0, n) at which `before` is false,
 * where `before` holds for a prefix of the indexes and for none after it (n when it holds for all).
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
