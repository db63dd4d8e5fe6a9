import { describe, expect, it } from 'vitest';
import { type RateVerdict, TokenBucket } from './token-bucket.ts';

/** Plays messages at given times (ms) against a bucket and returns the verdicts as one letter each. */
function verdicts(perSecond: number, burst: number, times: number[]): string {
  let now = 0;
  const bucket = new TokenBucket({ perSecond, burst }, () => now);
  const letter: Record<RateVerdict, string> = { allow: 'a', refuse: 'r', disconnect: 'D' };
  return times
    .map((t) => {
      now = t;
      return letter[bucket.take()];
    })
    .join('');
}

describe('TokenBucket', () => {
  const cases = [
    { story: 'a burst is allowed', perSecond: 1, burst: 3, times: [0, 0, 0], expected: 'aaa' },
    {
      story: 'past the burst messages are refused',
      perSecond: 1,
      burst: 3,
      times: [0, 0, 0, 0],
      expected: 'aaar',
    },
    {
      story: 'past twice the burst the sender is cut off',
      perSecond: 1,
      burst: 3,
      times: [0, 0, 0, 0, 0, 0, 0],
      expected: 'aaarrrD',
    },
    {
      story: 'tokens come back at the rate',
      perSecond: 2,
      burst: 1,
      times: [0, 500, 1000, 1200],
      expected: 'aaar',
    },
    {
      story: 'a refused message still costs a token, so recovering takes a pause',
      perSecond: 1,
      burst: 1,
      times: [0, 0, 1000, 3000],
      expected: 'arra',
    },
    {
      story: 'idle time refills only up to the burst',
      perSecond: 100,
      burst: 2,
      times: [0, 60_000, 60_000, 60_000],
      expected: 'aaar',
    },
  ];
  it.each(cases)('$story: $expected', ({ perSecond, burst, times, expected }) => {
    expect(verdicts(perSecond, burst, times)).toBe(expected);
  });
});
