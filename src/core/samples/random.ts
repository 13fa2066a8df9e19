/** Random sources for the sandbox: a seeded one (reproducible sample data) and the crypto one (ids, secrets). */
import { randomBytes } from 'node:crypto';

export interface Rng {
  /** In [0, 1). */
  next(): number;
}

/** mulberry32: small, fast, good enough for sample data. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return {
    next() {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

/**
 * The crypto source, drawn from a pool of 4 KiB filled at once: a sandbox delivery's payload draws a number for each
 * character of its ids, and one randomBytes call for each was most of a trigger's time; each delivery's two ids
 * took 25 us of randomBytes calls in a sandbox's profile.
 */
let pool = Buffer.alloc(0);
let taken = 0;
/** The offset in `pool` of `n` fresh bytes (n <= 4096). */
function draw(n: number): number {
  if (taken + n > pool.length) {
    pool = randomBytes(4096);
    taken = 0;
  }
  taken += n;
  return taken - n;
}

/** Numbers from the crypto source, 4 bytes each. */
export const cryptoRng: Rng = {
  next: () => {
    // The offset first: a draw may fill a new pool.
    const at = draw(4);
    return pool.readUInt32BE(at) / 4294967296;
  },
};

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng.next() * items.length)] as T;
}

export function int(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng.next() * (max - min + 1));
}

export function hex(rng: Rng, length: number): string {
  let s = '';
  while (s.length < length) s += Math.floor(rng.next() * 16).toString(16);
  return s;
}

/** A fresh id: 32 hex digits from the crypto source. */
export function newId(): string {
  const at = draw(16);
  return pool.toString('hex', at, at + 16);
}
