import { describe, expect, it } from 'vitest';
import { sequentialReader } from './blob-reader.ts';

const bytes = Uint8Array.from({ length: 10_000 }, (_, i) => (i * 7919 + (i >> 8)) & 0xff);
const file = new File([bytes], 'f.bin');
const notAByteStream = Object.assign(Object.create(file) as Blob, {
  // A stream of plain chunks: getReader({ mode: 'byob' }) throws on it, as on browsers whose
  // Blob.stream() is not a byte stream.
  stream: () => new ReadableStream({ start: (c) => (c.enqueue(bytes.slice()), c.close()) }),
  slice: (start?: number, end?: number) => file.slice(start, end),
});

/** A byte stream that hands out at most 1,000 bytes per read, as Chromium's does (in 64 KiB–2 MiB). */
function trickling(source: Uint8Array): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    type: 'bytes',
    pull(controller) {
      if (at >= source.byteLength) {
        controller.close();
        // A read waiting with its own view is answered "done" only once that view is handed back.
        controller.byobRequest?.respond(0);
        return;
      }
      const n = Math.min(1000, source.byteLength - at);
      controller.enqueue(source.slice(at, at + n));
      at += n;
    },
  });
}
const tricklingFile = Object.assign(Object.create(file) as Blob, {
  stream: () => trickling(bytes),
  slice: (start?: number, end?: number) =>
    Object.assign(Object.create(file) as Blob, {
      stream: () => trickling(bytes.subarray(start, end)),
    }),
});

describe.each([
  ['a byte stream (BYOB)', file],
  ['a byte stream that trickles (BYOB, many reads per view)', tricklingFile],
  ['slices, where the stream is not a byte stream', notAByteStream],
] as const)('sequentialReader, from %s', (_, blob) => {
  it('reads the whole blob in order, filling each view, shorter only at the end', async () => {
    const read = sequentialReader(blob);
    let buffer = new ArrayBuffer(4096);
    const got: number[] = [];
    const lengths: number[] = [];
    for (;;) {
      const filled = await read(new Uint8Array(buffer));
      lengths.push(filled.byteLength);
      got.push(...filled);
      buffer = filled.buffer;
      if (filled.byteLength < 4096) break;
    }
    expect(got).toEqual([...bytes]);
    expect(lengths).toEqual([4096, 4096, 1808]);
  });

  it('fills a view that starts inside its buffer and leaves the bytes before it alone', async () => {
    const frame = new Uint8Array(9 + 100);
    frame.fill(0xee, 0, 9);
    const filled = await sequentialReader(blob.slice(500, 600))(new Uint8Array(frame.buffer, 9));
    expect(filled.byteOffset).toBe(9);
    expect([...filled]).toEqual([...bytes.subarray(500, 600)]);
    expect([...new Uint8Array(filled.buffer, 0, 9)]).toEqual(Array(9).fill(0xee));
  });
});
