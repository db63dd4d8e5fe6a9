import { FramePool, type Manifest, type PieceStore } from '@minibit/protocol';
import { sequentialReader } from './blob-reader.ts';

/** The sharer's pieces, read from the picked File on demand: nothing is copied up front. */
export class FilePieceStore implements PieceStore {
  /** Buffers blocks are read into before they are copied into the caller's frame. */
  private readonly scratch = new FramePool(8);

  constructor(
    private readonly file: Blob,
    private readonly manifest: Manifest,
  ) {}

  /**
   * Through a BYOB reader on `slice().stream()`, into a reused buffer, then copied into the frame
   * (the reader moves the buffer it fills, so it cannot fill the engine's frame in place).
   * `slice().arrayBuffer()` made a fresh buffer per block, garbage at the sharer's upload rate.
   */
  async readInto(piece: number, offset: number, into: Uint8Array): Promise<void> {
    const start = piece * this.manifest.pieceSize + offset;
    const read = sequentialReader(this.file.slice(start, start + into.byteLength));
    const filled = await read(new Uint8Array(this.scratch.take(into.byteLength)));
    try {
      if (filled.byteLength !== into.byteLength)
        throw new Error(
          `piece ${piece} is not in the file (read ${filled.byteLength} of ${into.byteLength} bytes)`,
        );
      into.set(filled);
    } finally {
      this.scratch.give(filled.buffer);
    }
  }

  async write(): Promise<void> {
    // The sharer holds every piece already; nothing is ever written.
  }
}
