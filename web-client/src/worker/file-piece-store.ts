import type { Manifest, PieceStore } from '@minibit/protocol';

/** The sharer's pieces, read from the picked File on demand: nothing is copied up front. */
export class FilePieceStore implements PieceStore {
  constructor(
    private readonly file: Blob,
    private readonly manifest: Manifest,
  ) {}

  async read(piece: number, offset: number, length: number): Promise<Uint8Array> {
    const start = piece * this.manifest.pieceSize + offset;
    return new Uint8Array(await this.file.slice(start, start + length).arrayBuffer());
  }

  async write(): Promise<void> {
    // The sharer holds every piece already; nothing is ever written.
  }
}
