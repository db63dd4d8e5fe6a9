/**
 * Picks a uniformly random subset of a list, for the peers a newcomer is told about.
 *
 * Tracks nothing; the random source is a parameter so tests can fix it.
 */

/** A source of numbers in [0, 1), like Math.random. */
export type RandomSource = () => number;

/**
 * Up to `limit` distinct items of `items`, in random order. A partial Fisher–Yates shuffle on a copy:
 * each pick is uniform over the items not yet picked, so no item is favoured (unlike sorting by
 * `random() - 0.5`), and only `limit` swaps are made however long the list is.
 */
export function randomSubset<T>(items: readonly T[], limit: number, random: RandomSource): T[] {
  const pool = [...items];
  const count = Math.max(0, Math.min(Math.floor(limit), pool.length));
  for (let i = 0; i < count; i++) {
    // min() guards against a source that returns exactly 1.
    const j = Math.min(pool.length - 1, i + Math.floor(random() * (pool.length - i)));
    const picked = pool[j] as T;
    pool[j] = pool[i] as T;
    pool[i] = picked;
  }
  return pool.slice(0, count);
}
