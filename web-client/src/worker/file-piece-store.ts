import type { Manifest, PieceStore } from '@minibit/protocol';

/** The sharer's pieces, read from the picked File on demand: nothing is copied up front. */
export class FilePieceStore implements PieceStore {
  constructor(
    private readonly file: Blob,
    private readonly manifest: Manifest,
  ) {}

  /**
   * One fresh ArrayBuffer per block all the same: a BYOB reader would fill the caller's frame in
   * place, but it detaches the buffer it fills, and the engine holds that frame.
   */
  async readInto(piece: number, offset: number, into: Uint8Array): Promise<void> {
    const start = piece * this.manifest.pieceSize + offset;
    into.set(new Uint8Array(await this.file.slice(start, start + into.byteLength).arrayBuffer()));
  }

  async write(): Promise<void> {
    // The sharer holds every piece already; nothing is ever written.
  }
}
