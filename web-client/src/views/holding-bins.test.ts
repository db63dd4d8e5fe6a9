import { expect, test } from 'vitest';
import { heldCount, holdingBins, mixColor, sameBins } from './holding-bins.ts';

/** Rows of a packed bitfield block from have-maps, one character per piece ('*' held). */
function rows(...maps: string[]) {
  const pieceCount = maps[0]!.length;
  const bitfieldBytes = Math.ceil(pieceCount / 8);
  const peerBits = new Uint8Array(bitfieldBytes * maps.length);
  maps.forEach((m, r) =>
    [...m].forEach((c, p) => {
      if (c === '*') peerBits[r * bitfieldBytes + (p >> 3)]! |= 0x80 >> (p & 7);
    }),
  );
  return { peerBits, bitfieldBytes, pieceCount };
}

test('bins are the share held of consecutive pieces, per row', () => {
  const block = rows('**  *** *  ', '***********');
  expect([...holdingBins(block, 0, 11)]).toEqual([1, 1, 0, 0, 1, 1, 1, 0, 1, 0, 0]);
  expect(holdingBins(block, 0, 4)).toEqual(Float32Array.of(2 / 2, 1 / 3, 2 / 3, 1 / 3));
  expect([...holdingBins(block, 1, 4)]).toEqual([1, 1, 1, 1]);
  // Never more bins than pieces.
  expect(holdingBins(block, 0, 100)).toHaveLength(11);
});

test('heldCount', () => {
  const block = rows('**  *** *  ', '           ');
  expect(heldCount(block, 0)).toBe(6);
  expect(heldCount(block, 1)).toBe(0);
});

test('mixColor', () => {
  expect(mixColor('#000000', '#ffffff', 0)).toBe('#000000');
  expect(mixColor('#000000', '#ffffff', 1)).toBe('#ffffff');
  expect(mixColor('#000000', '#ff8040', 0.5)).toBe('#804020');
  expect(mixColor('#000000', '#ffffff', 2)).toBe('#ffffff');
});

test('sameBins', () => {
  expect(sameBins(null, new Float32Array(0))).toBe(false);
  expect(sameBins(Float32Array.of(1, 0), Float32Array.of(1, 0))).toBe(true);
  expect(sameBins(Float32Array.of(1, 0), Float32Array.of(1, 0.5))).toBe(false);
});
