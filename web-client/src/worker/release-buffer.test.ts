import { describe, expect, it } from 'vitest';
import { releaseBuffer } from './release-buffer.ts';

describe('releaseBuffer', () => {
  it('detaches the buffer: its bytes are no longer reachable from it', () => {
    const buffer = new Uint8Array([1, 2, 3, 4]).buffer;
    releaseBuffer(buffer);
    expect(buffer.byteLength).toBe(0);
  });

  it('keeps working for buffers released later, after the closed port has settled', async () => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const buffers = Array.from({ length: 3 }, () => new ArrayBuffer(128 * 1024));
    for (const b of buffers) releaseBuffer(b);
    expect(buffers.map((b) => b.byteLength)).toEqual([0, 0, 0]);
  });
});
