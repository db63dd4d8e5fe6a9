import type { Manifest } from '@minibit/protocol';
import { describe, expect, it } from 'vitest';
import { FilePieceStore } from './file-piece-store.ts';
import { releaseBuffer } from './release-buffer.ts';

const bytes = Uint8Array.from({ length: 5000 }, (_, i) => (i * 31 + 7) & 0xff);
const manifest = { v: 1, name: 'f.bin', size: bytes.byteLength, pieceSize: 1024, pieces: [] } as Manifest;
const store = new FilePieceStore(new File([bytes], 'f.bin'), manifest);

describe('FilePieceStore', () => {
  it('reads a block into the frame after its header, leaving the header bytes alone', async () => {
    const frame = new Uint8Array(9 + 300).fill(0xee);
    await store.readInto(2, 100, new Uint8Array(frame.buffer, 9, 300));
    expect([...frame.subarray(9)]).toEqual([...bytes.subarray(2 * 1024 + 100, 2 * 1024 + 400)]);
    expect([...frame.subarray(0, 9)]).toEqual(Array(9).fill(0xee));
  });

  it('reads the short last piece, and refuses a range past the end of the file', async () => {
    const last = new Uint8Array(5000 - 4096);
    await store.readInto(4, 0, last);
    expect([...last]).toEqual([...bytes.subarray(4096)]);
    await expect(store.readInto(4, 0, new Uint8Array(1024))).rejects.toThrow(
      'piece 4 is not in the file (read 904 of 1024 bytes)',
    );
  });

  // Reads share a pool of scratch buffers: reads in flight together must never share one.
  it('reads many blocks at once, each into its own frame intact, and again after a failed read', async () => {
    const read = () =>
      Promise.all(
        Array.from({ length: 8 }, async (_, i) => {
          const frame = new Uint8Array(9 + 500);
          await store.readInto(i % 4, 500, new Uint8Array(frame.buffer, 9, 500));
          return [i, frame.subarray(9)] as const;
        }),
      );
    for (const [i, got] of await read())
      expect([...got]).toEqual([...bytes.subarray((i % 4) * 1024 + 500, (i % 4) * 1024 + 1000)]);
    await expect(store.readInto(4, 0, new Uint8Array(1024))).rejects.toThrow('not in the file');
    for (const [i, got] of await read())
      expect([...got]).toEqual([...bytes.subarray((i % 4) * 1024 + 500, (i % 4) * 1024 + 1000)]);
  });

  it('frees each buffer it read, once its bytes are in the frame', async () => {
    const released: ArrayBuffer[] = [];
    const watched = new FilePieceStore(new File([bytes], 'f.bin'), manifest, (b) => {
      released.push(b);
      releaseBuffer(b);
    });
    const frame = new Uint8Array(300);
    await watched.readInto(1, 0, frame);
    expect([...frame]).toEqual([...bytes.subarray(1024, 1324)]);
    expect(released.map((b) => b.byteLength)).toEqual([0]);
    await expect(watched.readInto(4, 0, new Uint8Array(1024))).rejects.toThrow('not in the file');
    expect(released).toHaveLength(2);
  });
});
