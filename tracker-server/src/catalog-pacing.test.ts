import { describe, expect, it } from 'vitest';
import { catalogPauseMs } from './catalog-pacing.ts';

describe('catalogPauseMs', () => {
  const pacing = { catalogIntervalMs: 250, catalogBytesPerSecond: 16 * 2 ** 20 };
  it.each([
    { what: 'no sockets', sockets: 0, catalogBytes: 26_000, expected: 250 },
    { what: 'a classroom', sockets: 40, catalogBytes: 2_000, expected: 250 },
    { what: 'exactly at the budget', sockets: 1024, catalogBytes: 4096, expected: 250 },
    { what: 'twice the budget', sockets: 2048, catalogBytes: 4096, expected: 500 },
    { what: '20,000 pages, 200 files', sockets: 20_000, catalogBytes: 26_000, expected: 31_000 },
  ])('$what: $expected ms', ({ sockets, catalogBytes, expected }) => {
    expect(catalogPauseMs(sockets, catalogBytes, pacing)).toBeCloseTo(expected, -3);
  });

  it('grows in proportion to sockets × catalog bytes past the budget', () => {
    const one = catalogPauseMs(10_000, 10_000, pacing);
    expect(catalogPauseMs(20_000, 10_000, pacing)).toBeCloseTo(2 * one);
    expect(catalogPauseMs(10_000, 20_000, pacing)).toBeCloseTo(2 * one);
  });
});
