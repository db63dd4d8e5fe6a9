import type { Manifest, PieceStore } from '@minibit/protocol';
import { releaseBuffer } from './release-buffer.ts';

/** The sharer's pieces, read from the picked File on demand: nothing is copied up front. */
export class FilePieceStore implements PieceStore {
  /** @param release frees each block's read buffer once copied (a parameter so tests can watch) */
  constructor(
    private readonly file: Blob,
    private readonly manifest: Manifest,
    private readonly release: (buffer: ArrayBuffer) => void = releaseBuffer,
  ) {}

  /**
   * `slice().arrayBuffer()`, copied into the frame, and the read buffer freed at once
   * (release-buffer.ts). Left to the collector, a fresh buffer per block was garbage at the sharer's
   * upload rate; a BYOB reader on `slice().stream()` avoided that but made a stream, a reader and
   * their promises per block, which the worker's collector then had to sweep.
   */
  async readInto(piece: number, offset: number, into: Uint8Array): Promise<void> {
    const start = piece * this.manifest.pieceSize + offset;
    const read = await this.file.slice(start, start + into.byteLength).arrayBuffer();
    try {
      if (read.byteLength !== into.byteLength)
        throw new Error(
          `piece ${piece} is not in the file (read ${read.byteLength} of ${into.byteLength} bytes)`,
        );
      into.set(new Uint8Array(read));
    } finally {
      this.release(read);
    }
  }

  async writeBlock(piece: number): Promise<void> {
    // The sharer holds every piece from the start: the engine never asks it to store one.
    throw new Error(`the shared file is read-only (asked to store a block of piece ${piece})`);
  }
}
