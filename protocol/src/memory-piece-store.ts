import type { PieceStore } from './engine-ports.ts';

/** Keeps pieces in memory: the fallback where no better storage exists, and the test store. */
export class MemoryPieceStore implements PieceStore {
  private readonly pieces = new Map<number, Uint8Array>();

  async readInto(piece: number, offset: number, into: Uint8Array): Promise<void> {
    const data = this.pieces.get(piece);
    if (!data || offset + into.byteLength > data.byteLength) throw new Error(`piece ${piece} is not stored`);
    into.set(data.subarray(offset, offset + into.byteLength));
  }

  async writeBlock(piece: number, offset: number, data: Uint8Array, pieceLength: number): Promise<void> {
    // Copied before the first await: the caller frees `data` once this returns (PieceStore.writeBlock).
    let stored = this.pieces.get(piece);
    if (!stored) this.pieces.set(piece, (stored = new Uint8Array(pieceLength)));
    stored.set(data, offset);
  }

  /** A piece's bytes as stored now (a test's view; undefined if nothing of it was written). */
  peek(piece: number): Uint8Array | undefined {
    return this.pieces.get(piece);
  }

  /** Pieces in order, for assembling the finished file. */
  piecesInOrder(count: number): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (let i = 0; i < count; i++) {
      const p = this.pieces.get(i);
      if (!p) throw new Error(`piece ${i} is missing`);
      out.push(p);
    }
    return out;
  }
}
