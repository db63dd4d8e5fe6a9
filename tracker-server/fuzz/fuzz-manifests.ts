import {
  buildManifest,
  MAX_FILE_NAME_LENGTH,
  MAX_FILE_SIZE,
  MAX_PIECE_SIZE,
  MAX_PIECES,
  type Manifest,
  MIN_PIECE_SIZE,
  pieceCountFor,
} from '@minibit/protocol';
import { hostileText, hostileValue, nested, RawJson, without, wrongType } from './hostile-values.ts';
import type { SeededRandom } from './seeded-random.ts';

/**
 * Manifests for the fuzzer: valid ones (some with hostile names, a few at MAX_PIECES) that make the
 * tracker hold real swarms, and broken ones the tracker must refuse. Tracks nothing.
 */

/** The manifest honest pair `index` seeds for the whole run. */
export function honestManifest(index: number): Manifest {
  const pieces = Array.from({ length: 3 }, (_, i) => `${index}${i}`.padStart(64, 'c'));
  return buildManifest(`honest-${index}.bin`, 40_000, MIN_PIECE_SIZE, pieces);
}

/** A manifest that passes the protocol's checks; its name is often hostile text. */
export function validManifest(random: SeededRandom): Manifest {
  const pieceSize = MIN_PIECE_SIZE * 2 ** random.below(9);
  // Mostly small; now and then the largest manifest the protocol allows (~540 KB of JSON).
  const pieceCount = random.chance(0.02) ? MAX_PIECES : random.between(1, 40);
  const size = (pieceCount - 1) * pieceSize + random.between(1, pieceSize);
  return buildManifest(validName(random), size, pieceSize, pieceHashes(random, pieceCount));
}

/** `count` distinct piece hashes: one random stem plus the index, so thousands cost one draw. */
function pieceHashes(random: SeededRandom, count: number): string[] {
  const stem = random.hex(56);
  return Array.from({ length: count }, (_, i) => stem + i.toString(16).padStart(8, '0'));
}

function validName(random: SeededRandom): string {
  const name = random.chance(0.6) ? hostileText(random) : `file-${random.hex(6)}.bin`;
  const clipped = name.slice(0, MAX_FILE_NAME_LENGTH);
  return clipped.length > 0 ? clipped : 'x';
}

/** A manifest the tracker must refuse, broken in one way. */
export function badManifest(random: SeededRandom): unknown {
  const base: Record<string, unknown> = { ...validManifest(random) };
  if (Array.isArray(base.pieces) && base.pieces.length > 64) base.pieces = base.pieces.slice(0, 3);
  const pieces = base.pieces as string[];
  switch (random.below(16)) {
    case 0:
      return { ...base, v: random.pick<unknown>([0, 2, '1', 1.5, null, new RawJson('NaN')]) };
    case 1:
      return { ...base, name: random.pick<unknown>(['', 'x'.repeat(MAX_FILE_NAME_LENGTH + 1), 7, null]) };
    case 2:
      return { ...base, size: random.pick<unknown>([0, -1, 1.5, MAX_FILE_SIZE + 1, new RawJson('1e999')]) };
    case 3:
      return {
        ...base,
        pieceSize: random.pick<unknown>([
          MIN_PIECE_SIZE - 1,
          MIN_PIECE_SIZE * 3,
          MAX_PIECE_SIZE * 2,
          2 ** 31,
          -MIN_PIECE_SIZE,
        ]),
      };
    case 4:
      return { ...base, pieces: [...pieces, random.hex(64)] };
    case 5:
      return { ...base, pieces: pieces.slice(1) };
    case 6:
      return { ...base, pieces: pieces.map((p) => p.toUpperCase()) };
    case 7:
      return { ...base, pieces: pieces.map((p, i) => (i === 0 ? p.slice(1) : p)) };
    case 8:
      return { ...base, pieces: pieces.map((p, i) => (i === 0 ? wrongType(random) : p)) };
    case 9:
      // One piece more than MAX_PIECES, with a size and piece size that would fit that count.
      return {
        ...base,
        pieceSize: MIN_PIECE_SIZE,
        size: MAX_PIECES * MIN_PIECE_SIZE + 1,
        pieces: pieceHashes(random, MAX_PIECES + 1),
      };
    case 10:
      return { ...base, [random.pick(['extra', 'swarmId', 'hash', '__proto__'])]: hostileValue(random) };
    case 11: {
      return without(base, random.pick(['v', 'name', 'size', 'pieceSize', 'pieces']));
    }
    case 12:
      return { ...base, pieces: nested(random.pick([100, 5000, 20_000]), 'array') };
    case 13:
      return { ...base, name: hostileValue(random) };
    case 14:
      return random.pick<unknown>([null, [], 'manifest', 42, [base]]);
    default:
      return { ...base, size: pieceCountFor(Number(base.size), Number(base.pieceSize)) + 0.5 };
  }
}
