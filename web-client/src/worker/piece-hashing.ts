import {
  buildManifest,
  choosePieceSize,
  type Manifest,
  nobleHasher,
  type PieceHasher,
  pieceCountFor,
  swarmIdOf,
} from '@minibit/protocol';
import type { HasherKind } from '../worker-messages.ts';

/**
 * SHA-256 for pieces: WebCrypto where the page is a secure context (about ten times faster), the
 * pure-JS @noble/hashes elsewhere (a page opened over plain http on a LAN has no crypto.subtle).
 */
export function pickHasher(forceFallback = false): { hasher: PieceHasher; name: HasherKind } {
  const subtle = forceFallback ? undefined : globalThis.crypto?.subtle;
  if (!subtle) return { hasher: nobleHasher, name: 'noble' };
  return {
    name: 'webcrypto',
    hasher: {
      async sha256Hex(data: Uint8Array): Promise<string> {
        const digest = new Uint8Array(await subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>));
        let hex = '';
        for (const b of digest) hex += b.toString(16).padStart(2, '0');
        return hex;
      },
    },
  };
}

/**
 * The file is read this many bytes at a time (whole pieces; at least one), and this many reads are
 * in flight, so reading overlaps hashing. Each `File.slice().arrayBuffer()` is a round trip to the
 * browser process: reading piece by piece, a 64 MiB file of 64 KiB pieces hashed at 21 MB/s against
 * 208 MB/s for `crypto.subtle.digest` alone (npm run bench -- --only large).
 */
const READ_BYTES = 4 * 1024 * 1024;
const READS_IN_FLIGHT = 2;

/** Hashes every piece of a file and builds its manifest. `onProgress` gets pieces hashed so far. */
export async function hashFile(
  file: File,
  hasher: PieceHasher,
  onProgress: (hashed: number, total: number) => void,
  pieceSize = choosePieceSize(file.size),
): Promise<Manifest> {
  const total = pieceCountFor(file.size, pieceSize);
  const perRead = Math.max(1, Math.floor(READ_BYTES / pieceSize));
  const pieces = new Array<string>(total);
  let next = 0;
  let hashed = 0;
  const reader = async () => {
    while (next < total) {
      const first = next;
      const end = Math.min(total, first + perRead);
      next = end;
      const start = first * pieceSize;
      const bytes = new Uint8Array(
        await file.slice(start, Math.min(file.size, end * pieceSize)).arrayBuffer(),
      );
      await Promise.all(
        Array.from({ length: end - first }, async (_, k) => {
          const offset = k * pieceSize;
          pieces[first + k] = await hasher.sha256Hex(bytes.subarray(offset, offset + pieceSize));
          onProgress(++hashed, total);
        }),
      );
    }
  };
  await Promise.all(Array.from({ length: READS_IN_FLIGHT }, reader));
  return buildManifest(file.name, file.size, pieceSize, pieces);
}

export { swarmIdOf };
