/**
 * Deterministic randomness for tests: the same seed always gives the same sequence, so a failing
 * randomized test can be replayed exactly. Never use Math.random in a test.
 */

/** mulberry32: a tiny 32-bit PRNG; returns a function yielding floats in [0, 1), like Math.random. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [0, n). */
export function randomInt(random: () => number, n: number): number {
  return Math.floor(random() * n);
}

/** One element of a non-empty list. */
export function randomItem<T>(random: () => number, list: readonly T[]): T {
  if (list.length === 0) throw new Error('randomItem of an empty list');
  return list[randomInt(random, list.length)]!;
}

/** How often each outcome occurred, as a Map (insertion order = first occurrence). */
export function countOutcomes<T>(runs: number, trial: (run: number) => T): Map<T, number> {
  const counts = new Map<T, number>();
  for (let run = 0; run < runs; run++) {
    const outcome = trial(run);
    counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  }
  return counts;
}
