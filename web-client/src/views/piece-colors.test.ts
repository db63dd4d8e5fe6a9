import { SOURCE_SELF, SOURCE_UNKNOWN } from '@minibit/protocol';
import { describe, expect, test } from 'vitest';
import {
  pieceFills,
  RARITY_NONE,
  rarityColor,
  rarityLegendCounts,
  rarityMax,
  SOURCE_NONE_COLOR,
  SOURCE_SELF_COLOR,
  SOURCE_UNKNOWN_COLOR,
  sourceColor,
  sourceCounts,
  STATE_COLORS,
} from './piece-colors.ts';

/** Per piece one digit: "0012" → [0, 0, 1, 2]. */
const digits = (s: string) => Uint8Array.from([...s].map(Number));
const U = SOURCE_UNKNOWN;
const S = SOURCE_SELF;

describe('rarity scale', () => {
  test('none is red; one is the lightest blue; the most is the darkest', () => {
    expect(rarityColor(0, 5)).toBe(RARITY_NONE);
    expect(rarityColor(1, 5)).toBe('hsl(214 70% 86%)');
    expect(rarityColor(5, 5)).toBe('hsl(214 70% 28%)');
    expect(rarityColor(9, 5)).toBe('hsl(214 70% 28%)');
    expect(rarityColor(1, 1)).toBe('hsl(214 70% 28%)');
  });

  test('darker with more peers (sequential)', () => {
    const lightness = (c: string) => Number(/(\d+)%\)$/.exec(c)![1]);
    for (let k = 1; k < 10; k++)
      expect(lightness(rarityColor(k + 1, 10))).toBeLessThan(lightness(rarityColor(k, 10)));
  });

  test.each<[number, number[]]>([
    [0, [0]],
    [1, [0, 1]],
    [3, [0, 1, 2, 3]],
    [6, [0, 1, 2, 3, 4, 5, 6]],
    [30, [0, 1, 8, 16, 23, 30]],
  ])('legend counts up to %i', (max, counts) => {
    expect(rarityLegendCounts(max)).toEqual(counts);
  });

  test('the top is the connected peers, or a higher count', () => {
    expect(rarityMax(Uint16Array.from([0, 1, 2]), 4)).toBe(4);
    expect(rarityMax(Uint16Array.from([0, 6, 2]), 4)).toBe(6);
  });
});

describe('source colours', () => {
  test('stable and distinct for the first peers, then still defined', () => {
    const first = Array.from({ length: 9 }, (_, i) => sourceColor(i));
    expect(new Set(first).size).toBe(9);
    expect(sourceColor(3)).toBe(sourceColor(3));
    expect(sourceColor(12)).toMatch(/^hsl\(\d+ 55% 48%\)$/);
    expect(first).not.toContain(SOURCE_SELF_COLOR);
    expect(first).not.toContain(SOURCE_UNKNOWN_COLOR);
  });

  test('counts per source: own pieces, per peer, verified with no sender, not yet', () => {
    const pieces = digits('22222210');
    const sources = Uint16Array.from([S, 0, 1, 1, U, 0, U, U]);
    expect(sourceCounts(pieces, sources, 2)).toEqual({ perPeer: [2, 2], self: 1, unknown: 1, none: 2 });
  });
});

describe('pieceFills', () => {
  const data = {
    pieces: digits('2210'),
    availability: Uint16Array.from([0, 1, 2, 2]),
    sources: Uint16Array.from([S, 0, U, U]),
    peerCount: 2,
  };

  test('state: by piece state', () => {
    expect(pieceFills('state', digits('012'), null)).toEqual([...STATE_COLORS]);
  });

  test('rarity: by availability up to the peers', () => {
    expect(pieceFills('rarity', digits('0000'), data)).toEqual([
      RARITY_NONE,
      rarityColor(1, 2),
      rarityColor(2, 2),
      rarityColor(2, 2),
    ]);
  });

  test('source: own, a peer, not yet (requested and missing)', () => {
    expect(pieceFills('source', digits('0000'), data)).toEqual([
      SOURCE_SELF_COLOR,
      sourceColor(0),
      SOURCE_NONE_COLOR,
      SOURCE_NONE_COLOR,
    ]);
  });

  test('no detail yet: blank cells, one per piece', () => {
    expect(pieceFills('rarity', digits('22'), null)).toEqual([SOURCE_NONE_COLOR, SOURCE_NONE_COLOR]);
  });
});
