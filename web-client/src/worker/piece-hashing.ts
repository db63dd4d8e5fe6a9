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

/** Pieces hashed at once: overlaps reading the File with hashing. */
const HASH_CONCURRENCY = 4;

/** Hashes every piece of a file and builds its manifest. `onProgress` gets pieces hashed so far. */
export async function hashFile(
  file: File,
  hasher: PieceHasher,
  onProgress: (hashed: number, total: number) => void,
  pieceSize = choosePieceSize(file.size),
): Promise<Manifest> {
  const total = pieceCountFor(file.size, pieceSize);
  const pieces = new Array<string>(total);
  let next = 0;
  let hashed = 0;
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const bytes = new Uint8Array(await file.slice(i * pieceSize, (i + 1) * pieceSize).arrayBuffer());
      pieces[i] = await hasher.sha256Hex(bytes);
      onProgress(++hashed, total);
    }
  };
  await Promise.all(Array.from({ length: HASH_CONCURRENCY }, worker));
  return buildManifest(file.name, file.size, pieceSize, pieces);
}

export { swarmIdOf };
