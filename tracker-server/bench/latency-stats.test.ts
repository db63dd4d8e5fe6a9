import { describe, expect, it } from 'vitest';
import { percentile, summarize } from './latency-stats.ts';

describe('percentile (nearest rank)', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100
  it.each([
    { sorted: hundred, p: 50, expected: 50 },
    { sorted: hundred, p: 99, expected: 99 },
    { sorted: hundred, p: 100, expected: 100 },
    { sorted: hundred, p: 0.5, expected: 1 },
    { sorted: [7], p: 50, expected: 7 },
    { sorted: [7], p: 99, expected: 7 },
    { sorted: [1, 2], p: 50, expected: 1 },
    { sorted: [1, 2], p: 51, expected: 2 },
    { sorted: [1, 2, 3, 4, 5, 6, 7, 8, 9, 1000], p: 99, expected: 1000 },
  ])('p$p of $sorted.length samples is $expected', ({ sorted, p, expected }) => {
    expect(percentile(sorted, p)).toBe(expected);
  });

  it('is NaN with no samples', () => {
    expect(percentile([], 50)).toBeNaN();
  });

  it.each([0, -1, 101, NaN])('refuses p = %s', (p) => {
    expect(() => percentile([1], p)).toThrow(RangeError);
  });
});

describe('summarize', () => {
  it('sorts numerically, not as text, and leaves the input alone', () => {
    const samples = [10, 9, 100, 2, 1];
    expect(summarize(samples)).toEqual({ count: 5, p50: 9, p99: 100, max: 100 });
    expect(samples).toEqual([10, 9, 100, 2, 1]);
  });

  it('one slow sample in a thousand shows in the max, not the p99', () => {
    const samples = [...Array.from({ length: 999 }, () => 1), 500];
    expect(summarize(samples)).toEqual({ count: 1000, p50: 1, p99: 1, max: 500 });
  });

  it('has no figures without samples', () => {
    const summary = summarize([]);
    expect(summary.count).toBe(0);
    expect(summary.p50).toBeNaN();
    expect(summary.max).toBeNaN();
  });
});
