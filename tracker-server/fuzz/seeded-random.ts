/**
 * The fuzzer's only source of randomness, so one seed replays one run's inputs exactly.
 * mulberry32 (the same generator as protocol/src/test-support/seeded-random.ts); tracks its 32-bit state.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1), like Math.random. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.below(max - min + 1);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(list: readonly T[]): T {
    if (list.length === 0) throw new Error('pick from an empty list');
    return list[this.below(list.length)]!;
  }

  /** One key of `weights`, each as likely as its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [key, weight] of entries) {
      roll -= weight;
      if (roll < 0) return key;
    }
    return entries[entries.length - 1]![0];
  }

  /** `length` lower-case hex digits. */
  hex(length: number): string {
    let text = '';
    while (text.length < length) text += (this.next() * 4294967296).toString(16).padStart(8, '0');
    return text.slice(0, length);
  }

  /** An independent stream for one consumer, so adding draws in one place does not shift another. */
  fork(label: number): SeededRandom {
    return new SeededRandom(Math.imul(this.state ^ (label + 1), 0x9e3779b1) ^ (label << 16));
  }
}
