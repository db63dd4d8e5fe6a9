import { describe, expect, it } from 'vitest';
import { randomSubset } from './random-subset.ts';

/** A source that returns the given values in turn. */
const sequence = (...values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length]!;
};

describe('randomSubset', () => {
  const cases = [
    { items: 'abcde', limit: 0, random: sequence(0), expected: '' },
    { items: 'abcde', limit: 2, random: sequence(0), expected: 'ab' },
    { items: 'abcde', limit: 9, random: sequence(0), expected: 'abcde' },
    { items: 'abcde', limit: 3, random: sequence(0.99), expected: 'eab' },
    { items: 'abcde', limit: 2, random: sequence(0.5), expected: 'cd' },
    { items: '', limit: 3, random: sequence(0.5), expected: '' },
  ];
  it.each(cases)('picks $limit of "$items" → "$expected"', ({ items, limit, random, expected }) => {
    expect(randomSubset([...items], limit, random).join('')).toBe(expected);
  });

  it('gives every item the same chance of being picked first', () => {
    // Feeding each of n evenly spaced values once must pick each of n items exactly once.
    const items = ['a', 'b', 'c', 'd'];
    const firsts = [0, 0.25, 0.5, 0.75].map((r) => randomSubset(items, 1, () => r)[0]);
    expect(firsts.sort()).toEqual(items);
  });

  it('leaves its input alone', () => {
    const items = ['a', 'b', 'c'];
    randomSubset(items, 3, sequence(0.9));
    expect(items).toEqual(['a', 'b', 'c']);
  });
});
