import { createHash } from 'node:crypto';
import { nobleHasher, swarmIdOf } from '@minibit/protocol';
import { describe, expect, it } from 'vitest';
import { hashFile } from './piece-hashing.ts';

function fileOf(size: number, name = 'f.bin'): { file: File; bytes: Uint8Array } {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 7919 + (i >> 8)) & 0xff;
  return { file: new File([bytes], name), bytes };
}

describe('hashFile', () => {
  const MiB = 1024 * 1024;
  // Pieces far smaller than a read, a read that ends mid-file, a piece larger than a read, a short
  // last piece, and a file of one partial piece.
  for (const [size, pieceSize] of [
    [9 * MiB + 12_345, 64 * 1024],
    [4 * MiB, 16 * 1024],
    [13 * MiB + 1, 8 * MiB],
    [1000, 16 * 1024],
  ] as const) {
    it(`hashes every piece of ${size} bytes in ${pieceSize}-byte pieces, each exactly once`, async () => {
      const { file, bytes } = fileOf(size);
      const progress: number[] = [];
      const manifest = await hashFile(file, nobleHasher, (hashed) => progress.push(hashed), pieceSize);
      const count = Math.ceil(size / pieceSize);
      const expected = Array.from({ length: count }, (_, i) =>
        createHash('sha256')
          .update(bytes.subarray(i * pieceSize, (i + 1) * pieceSize))
          .digest('hex'),
      );
      expect(manifest.pieces).toEqual(expected);
      expect(manifest.size).toBe(size);
      expect(progress).toEqual(Array.from({ length: count }, (_, i) => i + 1));
      expect(swarmIdOf(manifest)).toMatch(/^[0-9a-f]{64}$/);
    });
  }

  it('refills a buffer only after its pieces are hashed, even by a hasher that reads late', async () => {
    // 9 MiB in 4 MiB reads: the third read reuses the first buffer. A hasher that looks at its input
    // only after a pause would see the third read's bytes if the buffer were refilled too early.
    const { file, bytes } = fileOf(9 * MiB);
    const pieceSize = 1 * MiB;
    const lateHasher = {
      async sha256Hex(data: Uint8Array): Promise<string> {
        await new Promise((resolve) => setTimeout(resolve, 5));
        return createHash('sha256').update(data).digest('hex');
      },
    };
    const manifest = await hashFile(file, lateHasher, () => {}, pieceSize);
    expect(manifest.pieces).toEqual(
      Array.from({ length: 9 }, (_, i) =>
        createHash('sha256')
          .update(bytes.subarray(i * pieceSize, (i + 1) * pieceSize))
          .digest('hex'),
      ),
    );
  });

  it('fails clearly when the file is shorter than its size said', async () => {
    const { file } = fileOf(MiB);
    const shrunk = { name: 'shrunk.bin', size: 2 * MiB, stream: () => file.stream() } as unknown as File;
    await expect(hashFile(shrunk, nobleHasher, () => {}, 64 * 1024)).rejects.toThrow(
      'shrunk.bin ended early: 16 of 32 pieces read',
    );
  });
});
