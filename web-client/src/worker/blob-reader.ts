/**
 * Fills a view with the next bytes of a blob and returns the view it filled: over `into`'s buffer,
 * or over the buffer that one was moved to (a BYOB reader transfers the buffer it fills; the old
 * ArrayBuffer object is then detached and must not be used). Shorter than `into` only at the end.
 */
export type SequentialRead = (into: Uint8Array<ArrayBuffer>) => Promise<Uint8Array<ArrayBuffer>>;

/**
 * Reads a blob front to back into buffers the caller owns. A byte stream's BYOB reader fills them in
 * place, so nothing is allocated per read: a fresh ArrayBuffer per read (as `Blob.slice()
 * .arrayBuffer()` gives) is garbage at the rate the file is read, and it piled up faster than the
 * worker collected it (a sharer hashing 1 GiB peaked near 690 MiB). Where the stream is not a byte
 * stream, slices are copied in instead.
 */
export function sequentialReader(blob: Blob): SequentialRead {
  let reader: ReadableStreamBYOBReader | undefined;
  try {
    reader = blob.stream().getReader({ mode: 'byob' });
  } catch {
    reader = undefined;
  }
  if (reader) {
    const byob = reader;
    return async (into) => {
      // Read these now: once the first read moves the buffer, `into` reads as empty.
      const { byteOffset, byteLength } = into;
      let buffer = into.buffer;
      let length = 0;
      while (length < byteLength) {
        const { value, done } = await byob.read(
          new Uint8Array(buffer, byteOffset + length, byteLength - length),
        );
        if (value) buffer = value.buffer;
        if (done || !value) break;
        length += value.byteLength;
      }
      return new Uint8Array(buffer, byteOffset, length);
    };
  }
  let offset = 0;
  return async (into) => {
    const bytes = new Uint8Array(await blob.slice(offset, offset + into.byteLength).arrayBuffer());
    offset += bytes.byteLength;
    into.set(bytes);
    return into.subarray(0, bytes.byteLength);
  };
}
