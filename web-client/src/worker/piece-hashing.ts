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
 * The file is read this many bytes at a time (whole pieces; at least one). Reading piece by piece
 * was ten times slower: each read is a round trip to the browser process (a 64 MiB file of 64 KiB
 * pieces hashed at 21 MB/s against 208 MB/s for `crypto.subtle.digest` alone).
 */
const READ_BYTES = 4 * 1024 * 1024;

/** Fills `into` from the front and says how many bytes it got: fewer only at the end of the file. */
export type SequentialRead = (into: ArrayBuffer) => Promise<{ buffer: ArrayBuffer; length: number }>;

/**
 * Reads a file front to back into buffers the caller owns. A byte stream's BYOB reader fills them in
 * place, so hashing a 1 GiB file allocates nothing per read; a fresh ArrayBuffer per 4 MiB read (as
 * `File.slice().arrayBuffer()` gives) made garbage faster than the worker collected it, and the
 * sharer's renderer peaked near 690 MiB. BYOB transfers the buffer it fills, so the filled one comes
 * back as `buffer`. Where the stream is not a byte stream, slices are copied in instead.
 */
export function sequentialReader(file: Blob): SequentialRead {
  let reader: ReadableStreamBYOBReader | undefined;
  try {
    reader = file.stream().getReader({ mode: 'byob' });
  } catch {
    reader = undefined;
  }
  if (reader) {
    const byob = reader;
    return async (into) => {
      let buffer = into;
      let length = 0;
      while (length < buffer.byteLength) {
        const { value, done } = await byob.read(new Uint8Array(buffer, length));
        if (value) buffer = value.buffer as ArrayBuffer;
        if (done || !value) break;
        length += value.byteLength;
      }
      return { buffer, length };
    };
  }
  let offset = 0;
  return async (into) => {
    const bytes = new Uint8Array(await file.slice(offset, offset + into.byteLength).arrayBuffer());
    offset += bytes.byteLength;
    new Uint8Array(into).set(bytes);
    return { buffer: into, length: bytes.byteLength };
  };
}

/**
 * Hashes every piece of a file and builds its manifest. `onProgress` gets pieces hashed so far.
 * Two buffers take turns: one is read into while the other's pieces are hashed, and a buffer is
 * refilled only once its pieces are hashed, whatever the hasher does with its input.
 */
export async function hashFile(
  file: File,
  hasher: PieceHasher,
  onProgress: (hashed: number, total: number) => void,
  pieceSize = choosePieceSize(file.size),
): Promise<Manifest> {
  const total = pieceCountFor(file.size, pieceSize);
  const readBytes = Math.max(1, Math.floor(READ_BYTES / pieceSize)) * pieceSize;
  const pieces = new Array<string>(total);
  const read = sequentialReader(file);
  const buffers = [new ArrayBuffer(readBytes), new ArrayBuffer(readBytes)];
  const hashing: Promise<ArrayBuffer>[] = [];
  let hashed = 0;
  for (let first = 0, turn = 0; first < total; turn ^= 1) {
    const free = await (hashing[turn] ?? buffers[turn]!);
    const { buffer, length } = await read(free);
    const count = Math.ceil(length / pieceSize);
    if (count === 0) throw new Error(`${file.name} ended early: ${first} of ${total} pieces read`);
    const bytes = new Uint8Array(buffer, 0, length);
    const base = first;
    hashing[turn] = Promise.all(
      Array.from({ length: count }, async (_, k) => {
        pieces[base + k] = await hasher.sha256Hex(bytes.subarray(k * pieceSize, (k + 1) * pieceSize));
        onProgress(++hashed, total);
      }),
    ).then(() => buffer);
    first += count;
  }
  await Promise.all(hashing);
  return buildManifest(file.name, file.size, pieceSize, pieces);
}

export { swarmIdOf };
