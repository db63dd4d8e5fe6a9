import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MAX_FILE_NAME_LENGTH, MAX_FILE_SIZE, MAX_PIECE_SIZE, MAX_PIECES, MIN_PIECE_SIZE } from './limits.ts';
import {
  buildManifest,
  canonicalManifestText,
  choosePieceSize,
  type Manifest,
  pieceCountFor,
  pieceLength,
  swarmIdOf,
  TARGET_MAX_PIECES,
  verifyManifest,
} from './manifest.ts';

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

/** A fake piece hash: 64 lower-case hex digits (letters included) derived from a number. */
const hash = (n: number) => `ab${n.toString(16).padStart(2, '0')}`.repeat(16);

/** A consistent manifest for a file of `size` bytes. */
function manifestOf(size: number, pieceSize = choosePieceSize(size), name = 'video.mp4'): Manifest {
  const count = pieceCountFor(size, pieceSize);
  return buildManifest(
    name,
    size,
    pieceSize,
    Array.from({ length: count }, (_, i) => hash(i % 256)),
  );
}

const isPowerOfTwo = (n: number) => Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;

describe('choosePieceSize', () => {
  it.each([
    { size: 0, label: '0', expected: 16 * KiB },
    { size: 1, label: '1 B', expected: 16 * KiB },
    { size: 16 * KiB, label: '16 KiB', expected: 16 * KiB },
    { size: 5 * MiB, label: '5 MiB', expected: 16 * KiB },
    { size: 8 * MiB, label: '8 MiB', expected: 16 * KiB },
    { size: 8 * MiB + 1, label: '8 MiB + 1', expected: 32 * KiB },
    { size: 16 * MiB, label: '16 MiB', expected: 32 * KiB },
    { size: 64 * MiB, label: '64 MiB', expected: 128 * KiB },
    { size: 256 * MiB, label: '256 MiB', expected: 512 * KiB },
    { size: 1 * GiB, label: '1 GiB', expected: 2 * MiB },
    { size: 1 * GiB + 1, label: '1 GiB + 1', expected: 4 * MiB },
    { size: 2 * GiB, label: '2 GiB', expected: 4 * MiB },
    { size: 4 * GiB, label: '4 GiB', expected: 4 * MiB },
    { size: 4 * GiB + 1, label: '4 GiB + 1', expected: 4 * MiB },
    { size: 40 * GiB, label: '40 GiB', expected: 4 * MiB },
  ])('$label → $expected bytes', ({ size, expected }) => {
    const pieceSize = choosePieceSize(size);
    expect(pieceSize).toBe(expected);
    expect(isPowerOfTwo(pieceSize)).toBe(true);
    expect(pieceSize).toBeGreaterThanOrEqual(MIN_PIECE_SIZE);
    expect(pieceSize).toBeLessThanOrEqual(MAX_PIECE_SIZE);
    const pieces = pieceCountFor(size, pieceSize);
    if (pieceSize < MAX_PIECE_SIZE) expect(pieces).toBeLessThanOrEqual(TARGET_MAX_PIECES);
    // The smallest size that keeps within the target: half of it would have been too many pieces.
    if (pieceSize > MIN_PIECE_SIZE)
      expect(pieceCountFor(size, pieceSize / 2)).toBeGreaterThan(TARGET_MAX_PIECES);
  });

  it('keeps within TARGET_MAX_PIECES for every size MiniBit can describe', () => {
    for (let size = 1; size <= MAX_FILE_SIZE; size = Math.ceil(size * 1.37) + 1) {
      const pieceSize = choosePieceSize(size);
      const pieces = pieceCountFor(size, pieceSize);
      if (size <= TARGET_MAX_PIECES * MAX_PIECE_SIZE) expect(pieces).toBeLessThanOrEqual(TARGET_MAX_PIECES);
      expect(pieces).toBeLessThanOrEqual(MAX_PIECES);
    }
    expect(pieceCountFor(MAX_FILE_SIZE, choosePieceSize(MAX_FILE_SIZE))).toBe(MAX_PIECES);
  });
});

describe('pieceLength', () => {
  it.each([
    { size: 100_000, pieceSize: 16 * KiB, index: 0, expected: 16 * KiB },
    { size: 100_000, pieceSize: 16 * KiB, index: 5, expected: 16 * KiB },
    { size: 100_000, pieceSize: 16 * KiB, index: 6, expected: 100_000 - 6 * 16 * KiB }, // the short last piece
    { size: 100_000, pieceSize: 16 * KiB, index: 7, expected: 0 }, // past the end
    { size: 32 * KiB, pieceSize: 16 * KiB, index: 1, expected: 16 * KiB }, // exact multiple: last piece full
    { size: 1, pieceSize: 16 * KiB, index: 0, expected: 1 },
    { size: 16 * KiB + 1, pieceSize: 16 * KiB, index: 1, expected: 1 },
  ])(
    'size $size, piece size $pieceSize: piece $index is $expected bytes',
    ({ size, pieceSize, index, expected }) => {
      expect(pieceLength({ size, pieceSize }, index)).toBe(expected);
    },
  );

  it('piece lengths add up to the file size', () => {
    for (const size of [1, 16 * KiB - 1, 16 * KiB, 100_000, 33 * MiB + 7]) {
      const m = manifestOf(size);
      let total = 0;
      for (let i = 0; i < m.pieces.length; i++) {
        const len = pieceLength(m, i);
        expect(len).toBeGreaterThan(0);
        total += len;
      }
      expect(total).toBe(size);
    }
  });
});

describe('swarmIdOf', () => {
  const m = buildManifest('a.txt', 5, 16 * KiB, [hash(0xab)]);

  it('is the SHA-256 of the canonical text (fixed key order, no whitespace)', () => {
    const text = `{"v":1,"name":"a.txt","size":5,"pieceSize":16384,"pieces":["${hash(0xab)}"]}`;
    expect(canonicalManifestText(m)).toBe(text);
    expect(swarmIdOf(m)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
    expect(swarmIdOf(m)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is stable across calls and copies', () => {
    expect(swarmIdOf(m)).toBe(swarmIdOf(m));
    expect(swarmIdOf(structuredClone(m))).toBe(swarmIdOf(m));
  });

  it('does not depend on the key order of the input object', () => {
    const reordered = { pieces: [hash(0xab)], pieceSize: 16 * KiB, size: 5, name: 'a.txt', v: 1 } as Manifest;
    expect(swarmIdOf(reordered)).toBe(swarmIdOf(m));
  });

  it('ignores keys outside the manifest', () => {
    const extra = { ...m, note: 'hello' } as Manifest;
    expect(swarmIdOf(extra)).toBe(swarmIdOf(m));
  });

  it.each([
    { change: 'name', other: { ...m, name: 'b.txt' } },
    { change: 'name (case only)', other: { ...m, name: 'A.txt' } },
    { change: 'size', other: { ...m, size: 6 } },
    { change: 'piece size', other: { ...m, pieceSize: 32 * KiB } },
    { change: 'a piece hash', other: { ...m, pieces: [hash(0xac)] } },
  ])('differs when the $change changes', ({ other }) => {
    expect(swarmIdOf(other as Manifest)).not.toBe(swarmIdOf(m));
  });
});

describe('verifyManifest', () => {
  const good = manifestOf(100_000, 16 * KiB);
  const goodId = swarmIdOf(good);

  it('accepts a good manifest fetched under its own swarm id', () => {
    const r = verifyManifest(structuredClone(good), goodId);
    expect(r).toEqual({ ok: true, value: good });
  });

  it('accepts a manifest whose keys arrive in another order', () => {
    const { v, name, size, pieceSize, pieces } = good;
    const r = verifyManifest({ pieces, pieceSize, size, name, v }, goodId);
    expect(r.ok).toBe(true);
  });

  it.each([
    { what: 'a one-byte file', m: manifestOf(1) },
    { what: 'a file filling its pieces exactly', m: manifestOf(64 * KiB, 16 * KiB) },
    { what: 'the largest piece size', m: manifestOf(MAX_PIECE_SIZE + 1, MAX_PIECE_SIZE) },
    { what: 'a name of the maximum length', m: manifestOf(10, 16 * KiB, 'n'.repeat(MAX_FILE_NAME_LENGTH)) },
    { what: 'a non-ASCII name', m: manifestOf(10, 16 * KiB, 'vidéo – 東京.mp4') },
    { what: 'the most pieces allowed', m: manifestOf(MAX_PIECES * MIN_PIECE_SIZE, MIN_PIECE_SIZE) },
  ])('accepts $what', ({ m }) => {
    expect(verifyManifest(m, swarmIdOf(m))).toEqual({ ok: true, value: m });
  });

  it('refuses a manifest that hashes to another swarm, naming both ids', () => {
    const wrongId = '0'.repeat(64);
    const r = verifyManifest(good, wrongId);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toBe(`manifest hashes to ${goodId.slice(0, 12)}…, not to swarm ${wrongId.slice(0, 12)}…`);
  });

  it('refuses a renamed copy under the original swarm id', () => {
    const r = verifyManifest({ ...good, name: 'renamed.mp4' }, goodId);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/not to swarm/);
  });

  const piece = hash(1);
  it.each([
    { why: 'null', data: null, error: /at \(root\)/ },
    { why: 'a string', data: 'manifest', error: /at \(root\)/ },
    { why: 'a number', data: 42, error: /at \(root\)/ },
    { why: 'an array', data: [good], error: /at \(root\)/ },
    { why: 'undefined', data: undefined, error: /at \(root\)/ },
    { why: 'an extra key', data: { ...good, comment: 'hi' }, error: /at \(root\).*comment/ },
    { why: 'a missing key', data: { v: 1, name: 'a', size: 1, pieceSize: 16 * KiB }, error: /at pieces/ },
    { why: 'version 2', data: { ...good, v: 2 }, error: /at v/ },
    {
      why: 'too few piece hashes',
      data: { ...good, pieces: good.pieces.slice(1) },
      error: /at pieces: piece count/,
    },
    {
      why: 'too many piece hashes',
      data: { ...good, pieces: [...good.pieces, piece] },
      error: /at pieces: piece count/,
    },
    {
      why: 'no pieces for a 1-byte file',
      data: { ...good, size: 1, pieces: [] },
      error: /at pieces: piece count/,
    },
    { why: 'size 0', data: { ...good, size: 0, pieces: [] }, error: /at size/ },
    { why: 'negative size', data: { ...good, size: -1 }, error: /at size/ },
    { why: 'fractional size', data: { ...good, size: 99_999.5 }, error: /at size/ },
    { why: 'size over MAX_FILE_SIZE', data: { ...good, size: MAX_FILE_SIZE + 1 }, error: /at size/ },
    { why: 'size as a string', data: { ...good, size: '100000' }, error: /at size/ },
    {
      why: 'non-power-of-two piece size',
      data: { ...good, pieceSize: 48 * KiB },
      error: /at pieceSize: must be a power of two/,
    },
    { why: 'piece size below 16 KiB', data: { ...good, pieceSize: 8 * KiB }, error: /at pieceSize/ },
    { why: 'piece size above 4 MiB', data: { ...good, pieceSize: 8 * MiB }, error: /at pieceSize/ },
    { why: 'fractional piece size', data: { ...good, pieceSize: 16384.5 }, error: /at pieceSize/ },
    {
      why: 'upper-case hashes',
      data: { ...good, pieces: good.pieces.map((p) => p.toUpperCase()) },
      error: /at pieces\.0/,
    },
    {
      why: 'a short hash',
      data: { ...good, pieces: [...good.pieces.slice(1), 'ab'] },
      error: /at pieces\.6/,
    },
    {
      why: 'a non-hex hash',
      data: { ...good, pieces: ['g'.repeat(64), ...good.pieces.slice(1)] },
      error: /at pieces\.0/,
    },
    {
      why: 'a hash that is a number',
      data: { ...good, pieces: [1, ...good.pieces.slice(1)] },
      error: /at pieces\.0/,
    },
    { why: 'an empty name', data: { ...good, name: '' }, error: /at name/ },
    {
      why: 'a name one too long',
      data: { ...good, name: 'n'.repeat(MAX_FILE_NAME_LENGTH + 1) },
      error: /at name/,
    },
    { why: 'a name that is not a string', data: { ...good, name: ['a'] }, error: /at name/ },
    {
      why: 'more than MAX_PIECES hashes',
      data: manifestOf((MAX_PIECES + 1) * MIN_PIECE_SIZE, MIN_PIECE_SIZE),
      error: /at pieces/,
    },
  ])('refuses $why', ({ data, error }) => {
    let r: ReturnType<typeof verifyManifest> | undefined;
    expect(() => {
      r = verifyManifest(data, goodId);
    }).not.toThrow();
    expect(r?.ok).toBe(false);
    if (r && !r.ok) {
      expect(r.error).toMatch(/^invalid manifest at /);
      expect(r.error).toMatch(error);
    }
  });
});
