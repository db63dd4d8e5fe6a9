import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';
import { MAX_FILE_NAME_LENGTH, MAX_FILE_SIZE, MAX_PIECE_SIZE, MAX_PIECES, MIN_PIECE_SIZE } from './limits.ts';
import { fail, ok, type ParseResult } from './parse-result.ts';

/**
 * A manifest describes one file by content: its name and size, the piece size, and the SHA-256 of
 * every piece. The swarm id is the SHA-256 of the canonical manifest text, so two files with one name
 * are two swarms and a renamed copy of a file is another swarm too (the name is part of what is shared).
 *
 *   { "v": 1, "name": "video.mp4", "size": 3286618, "pieceSize": 16384, "pieces": ["e3b0…", …] }
 */
export interface Manifest {
  v: 1;
  name: string;
  size: number;
  pieceSize: number;
  /** Lower-case hex SHA-256 of each piece, in order. */
  pieces: string[];
}

export const SHA256_HEX = /^[0-9a-f]{64}$/;
export const swarmIdSchema = z.string().regex(SHA256_HEX, 'must be 64 lower-case hex digits');

const isPowerOfTwo = (n: number) => Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;

export const manifestSchema = z
  .object({
    v: z.literal(1),
    name: z.string().min(1).max(MAX_FILE_NAME_LENGTH),
    // An empty file has no pieces to swap; sharing one is refused with a clear message instead.
    size: z.number().int().min(1).max(MAX_FILE_SIZE),
    pieceSize: z
      .number()
      .int()
      .min(MIN_PIECE_SIZE)
      .max(MAX_PIECE_SIZE)
      .refine(isPowerOfTwo, 'must be a power of two'),
    pieces: z.array(z.string().regex(SHA256_HEX)).max(MAX_PIECES),
  })
  .strict()
  .refine((m) => m.pieces.length === pieceCountFor(m.size, m.pieceSize), {
    message: 'piece count does not match size and piece size',
    path: ['pieces'],
  });

export function pieceCountFor(size: number, pieceSize: number): number {
  return Math.ceil(size / pieceSize);
}

/** Pieces the size picker aims for: enough to spread among peers, few enough for a cheap manifest. */
export const TARGET_MAX_PIECES = 512;

/**
 * The smallest power of two in [16 KiB, 4 MiB] that keeps the file within TARGET_MAX_PIECES pieces.
 * Smaller pieces spread faster through a swarm (a peer can re-share sooner); fewer, larger pieces cost
 * less per byte: one hash, one pick and one `have` per peer each, and blocks up to the engine's full
 * 128 KiB (a piece smaller than a block is sent as one smaller message, and every message costs the
 * engine, the worker and the channel a fixed amount). 512 was chosen by measurement (see README,
 * Performance): a 64 MiB file gets 128 KiB pieces, a 1 GiB file 2 MiB pieces, and a 5 MiB classroom
 * file still 16 KiB pieces (320), so a demo's piece map stays fine-grained.
 */
export function choosePieceSize(fileSize: number): number {
  let pieceSize = MIN_PIECE_SIZE;
  while (pieceSize < MAX_PIECE_SIZE && Math.ceil(fileSize / pieceSize) > TARGET_MAX_PIECES) pieceSize *= 2;
  return pieceSize;
}

/** Byte length of piece `index` (the last one may be short). */
export function pieceLength(m: Pick<Manifest, 'size' | 'pieceSize'>, index: number): number {
  const start = index * m.pieceSize;
  return Math.max(0, Math.min(m.pieceSize, m.size - start));
}

/**
 * The canonical text the swarm id is computed from: keys in a fixed order, no whitespace. Built by hand
 * rather than by JSON.stringify of an arbitrary object so that extra or reordered keys cannot change it.
 */
export function canonicalManifestText(m: Manifest): string {
  return JSON.stringify({ v: m.v, name: m.name, size: m.size, pieceSize: m.pieceSize, pieces: m.pieces });
}

export function swarmIdOf(m: Manifest): string {
  return bytesToHex(sha256(utf8ToBytes(canonicalManifestText(m))));
}

/** Validates an untrusted manifest and checks that it hashes to the swarm id it was fetched under. */
export function verifyManifest(data: unknown, expectedSwarmId: string): ParseResult<Manifest> {
  const parsed = manifestSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail(`invalid manifest at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  const manifest = parsed.data as Manifest;
  const actual = swarmIdOf(manifest);
  if (actual !== expectedSwarmId) {
    return fail(`manifest hashes to ${actual.slice(0, 12)}…, not to swarm ${expectedSwarmId.slice(0, 12)}…`);
  }
  return ok(manifest);
}

export function buildManifest(name: string, size: number, pieceSize: number, pieces: string[]): Manifest {
  return { v: 1, name, size, pieceSize, pieces };
}
