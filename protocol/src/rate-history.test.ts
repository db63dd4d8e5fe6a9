import { describe, expect, it } from 'vitest';
import { RateHistory } from './rate-history.ts';

/** Feeds `adds` ([ms, bytes]) to a fresh history, then reads it at `readAt`. */
function history(capacity: number, adds: [number, number][], readAt: number, startMs = 0) {
  const h = new RateHistory(capacity, startMs);
  for (const [at, bytes] of adds) h.add(bytes, at);
  const { firstSecond, bytes } = h.samples(readAt);
  return { firstSecond, bytes: [...bytes] };
}

describe('RateHistory', () => {
  it.each([
    { name: 'nothing finished yet', adds: [[0, 100]], readAt: 999, want: { firstSecond: 0, bytes: [] } },
    {
      name: 'one sample per finished second, bytes summed within it',
      adds: [
        [0, 100],
        [999, 50],
        [1000, 70],
      ],
      readAt: 2000,
      want: { firstSecond: 0, bytes: [150, 70] },
    },
    {
      name: 'the current, unfinished second is left out',
      adds: [
        [0, 100],
        [1500, 70],
      ],
      readAt: 1999,
      want: { firstSecond: 0, bytes: [100] },
    },
    {
      name: 'idle seconds read 0',
      adds: [
        [0, 10],
        [4500, 20],
      ],
      readAt: 5000,
      want: { firstSecond: 0, bytes: [10, 0, 0, 0, 20] },
    },
    {
      name: 'only the last `capacity` seconds are kept',
      capacity: 3,
      adds: Array.from({ length: 10 }, (_, s) => [s * 1000 + 10, s] as [number, number]),
      readAt: 10_000,
      want: { firstSecond: 7, bytes: [7, 8, 9] },
    },
    {
      name: 'an idle spell longer than the ring clears it',
      capacity: 3,
      adds: [
        [0, 5],
        [1000, 6],
      ],
      readAt: 100_000,
      want: { firstSecond: 97, bytes: [0, 0, 0] },
    },
  ] as { name: string; capacity?: number; adds: [number, number][]; readAt: number; want: object }[])(
    '$name',
    ({ capacity = 600, adds, readAt, want }) => {
      expect(history(capacity, adds, readAt)).toEqual(want);
    },
  );

  it('counts seconds from its start, not from clock zero', () => {
    expect(
      history(
        600,
        [
          [1234 + 999, 1],
          [1234 + 1000, 2],
        ],
        1234 + 2000,
        1234,
      ),
    ).toEqual({
      firstSecond: 0,
      bytes: [1, 2],
    });
  });

  it('keeps ten minutes at one sample per second, read as often as wanted', () => {
    const h = new RateHistory(600, 0);
    for (let s = 0; s < 700; s++) {
      h.add(s, s * 1000);
      if (s % 97 === 0) h.samples(s * 1000 + 500); // reading does not disturb the series
    }
    const { firstSecond, bytes } = h.samples(700_000);
    expect(firstSecond).toBe(100);
    expect(bytes).toHaveLength(600);
    expect(bytes[0]).toBe(100);
    expect(bytes[599]).toBe(699);
  });

  it('hands out a fresh array each time', () => {
    const h = new RateHistory(5, 0);
    h.add(8, 0);
    const first = h.samples(1000).bytes;
    first[0] = 99;
    expect([...h.samples(1000).bytes]).toEqual([8]);
  });

  it('keeps counting into the current second if the clock steps back', () => {
    expect(
      history(
        5,
        [
          [2500, 1],
          [1200, 2],
        ],
        3000,
      ),
    ).toEqual({ firstSecond: 0, bytes: [0, 0, 3] });
  });
});
