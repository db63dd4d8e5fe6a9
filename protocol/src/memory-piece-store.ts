import type { PieceStore } from './engine-ports.ts';

/** Keeps verified pieces in memory: the fallback where no better storage exists, and the test store. */
export class MemoryPieceStore implements PieceStore {
  private readonly pieces = new Map<number, Uint8Array>();

  async readInto(piece: number, offset: number, into: Uint8Array): Promise<void> {
    const data = this.pieces.get(piece);
    if (!data || offset + into.byteLength > data.byteLength) throw new Error(`piece ${piece} is not stored`);
    into.set(data.subarray(offset, offset + into.byteLength));
  }

  async write(piece: number, data: Uint8Array): Promise<void> {
    // A copy: the caller reuses its buffer once this settles (see PieceStore.write).
    this.pieces.set(piece, data.slice());
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
