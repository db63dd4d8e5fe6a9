import { describe, expect, it } from 'vitest';
import { BLOCK_HEADER_BYTES, decodeBlockFrame, encodeBlockFrame, FRAME_KIND_BLOCK } from './block-frame.ts';
import { MAX_PIECE_SIZE, MAX_PIECES } from './limits.ts';
import { mulberry32 } from './test-support/seeded-random.ts';

function bytes(length: number, seed: number): Uint8Array {
  const random = mulberry32(seed);
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = Math.floor(random() * 256);
  return out;
}

/** Byte-for-byte equality, quick even for a 4 MiB block (toEqual walks it element by element). */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A frame built by hand, byte by byte, to check the codec against the documented layout. */
function frame(kind: number, piece: number, offset: number, data: number[]): ArrayBuffer {
  const header = [
    kind,
    (piece >>> 24) & 0xff,
    (piece >>> 16) & 0xff,
    (piece >>> 8) & 0xff,
    piece & 0xff,
    (offset >>> 24) & 0xff,
    (offset >>> 16) & 0xff,
    (offset >>> 8) & 0xff,
    offset & 0xff,
  ];
  return Uint8Array.from([...header, ...data]).buffer;
}

describe('block frame constants', () => {
  it('has a 9-byte header whose first byte is kind 0x01', () => {
    expect(FRAME_KIND_BLOCK).toBe(0x01);
    expect(BLOCK_HEADER_BYTES).toBe(9);
  });

  it('lays out kind, big-endian piece, big-endian offset, then the data', () => {
    const encoded = encodeBlockFrame(0x01020304, 0x0a0b0c0d, Uint8Array.of(0xde, 0xad));
    expect([...new Uint8Array(encoded)]).toEqual([0x01, 1, 2, 3, 4, 0x0a, 0x0b, 0x0c, 0x0d, 0xde, 0xad]);
    expect(new Uint8Array(encoded)).toEqual(new Uint8Array(frame(1, 0x01020304, 0x0a0b0c0d, [0xde, 0xad])));
  });
});

describe('block frame round trip', () => {
  it.each([
    { piece: 0, offset: 0, length: 1 },
    { piece: 3, offset: 16_384, length: 16_384 },
    { piece: 7, offset: 65_536, length: 1_696 },
    { piece: MAX_PIECES - 1, offset: MAX_PIECE_SIZE - 1, length: 1 },
    { piece: 0, offset: 0, length: MAX_PIECE_SIZE },
  ])('piece $piece, offset $offset, $length bytes', ({ piece, offset, length }) => {
    const data = bytes(length, piece * 31 + offset + length);
    const encoded = encodeBlockFrame(piece, offset, data);
    expect(encoded).toBeInstanceOf(ArrayBuffer);
    expect(encoded.byteLength).toBe(BLOCK_HEADER_BYTES + length);
    const decoded = decodeBlockFrame(encoded);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.value.piece).toBe(piece);
    expect(decoded.value.offset).toBe(offset);
    expect(sameBytes(decoded.value.data, data)).toBe(true);
    // The data is a view into the frame itself, not a copy.
    expect(decoded.value.data.buffer).toBe(encoded);
    expect(decoded.value.data.byteOffset).toBe(BLOCK_HEADER_BYTES);
    expect(decoded.value.data.byteLength).toBe(length);
  });

  it('copies data out of a view into a larger buffer, not the whole buffer', () => {
    const big = bytes(100, 1);
    const view = big.subarray(10, 30);
    const encoded = encodeBlockFrame(2, 0, view);
    expect(encoded.byteLength).toBe(BLOCK_HEADER_BYTES + 20);
    expect(encoded).not.toBe(big.buffer);
    const decoded = decodeBlockFrame(encoded);
    expect(decoded.ok && [...decoded.value.data]).toEqual([...big.slice(10, 30)]);
  });

  it('does not alias the caller’s data (the frame can be transferred)', () => {
    const data = Uint8Array.of(1, 2, 3);
    const encoded = encodeBlockFrame(0, 0, data);
    data[0] = 99;
    const decoded = decodeBlockFrame(encoded);
    expect(decoded.ok && [...decoded.value.data]).toEqual([1, 2, 3]);
  });

  it('decodes a hand-built frame', () => {
    const decoded = decodeBlockFrame(frame(FRAME_KIND_BLOCK, 5, 32_768, [7, 8, 9]));
    expect(decoded.ok).toBe(true);
    if (decoded.ok) {
      expect(decoded.value.piece).toBe(5);
      expect(decoded.value.offset).toBe(32_768);
      expect([...decoded.value.data]).toEqual([7, 8, 9]);
    }
  });
});

describe('block frame refusals', () => {
  it.each([
    { why: 'empty', buffer: new ArrayBuffer(0), error: /0 bytes is too short/ },
    { why: 'one byte', buffer: Uint8Array.of(1).buffer, error: /too short/ },
    { why: 'a header with no data', buffer: frame(1, 0, 0, []), error: /9 bytes is too short/ },
    {
      why: 'one byte larger than any piece',
      buffer: new ArrayBuffer(BLOCK_HEADER_BYTES + MAX_PIECE_SIZE + 1),
      error: /larger than any piece/,
    },
    { why: 'kind 0x00', buffer: frame(0x00, 0, 0, [1]), error: /unknown binary frame kind 0x0$/ },
    { why: 'kind 0x02', buffer: frame(0x02, 0, 0, [1]), error: /unknown binary frame kind 0x2$/ },
    { why: 'kind 0xff', buffer: frame(0xff, 0, 0, [1]), error: /unknown binary frame kind 0xff$/ },
    {
      why: 'piece index MAX_PIECES',
      buffer: frame(1, MAX_PIECES, 0, [1]),
      error: /piece index 8192 out of range/,
    },
    {
      why: 'piece index 2^32 − 1',
      buffer: frame(1, 0xffffffff, 0, [1]),
      error: /piece index 4294967295 out of range/,
    },
  ])('refuses $why', ({ buffer, error }) => {
    const decoded = decodeBlockFrame(buffer);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.error).toMatch(error);
  });

  it('accepts the largest frame (a whole maximum piece)', () => {
    const buffer = encodeBlockFrame(0, 0, new Uint8Array(MAX_PIECE_SIZE));
    expect(decodeBlockFrame(buffer).ok).toBe(true);
  });
});
