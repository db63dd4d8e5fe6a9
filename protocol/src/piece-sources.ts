/**
 * Which peer each of our verified pieces came from, compactly: one 16-bit index per piece into an
 * append-only list of peer ids. The engine credits the peer that sent most of a piece's bytes when
 * the piece passes its hash check.
 *
 * It tracks: the per-piece index (or SOURCE_SELF / SOURCE_UNKNOWN), and the list of peers credited so
 * far, in order of their first credit. A peer that leaves keeps its index and its pieces: the list
 * only grows, so an index means the same peer in every view the page gets.
 */

/** A piece this peer held from the start: the sharer's file, or pieces placed before the swarm. */
export const SOURCE_SELF = 0xffff;
/** A piece not verified yet, or verified with no sender known. */
export const SOURCE_UNKNOWN = 0xfffe;
/** Peer indexes run 0 … MAX_SOURCE_PEERS - 1; pieces from any later peer read SOURCE_UNKNOWN. */
export const MAX_SOURCE_PEERS = SOURCE_UNKNOWN;

export class PieceSources {
  private readonly sources: Uint16Array;
  private readonly ids: string[] = [];
  private readonly indexes = new Map<string, number>();

  constructor(pieceCount: number) {
    this.sources = new Uint16Array(pieceCount).fill(SOURCE_UNKNOWN);
  }

  /** A piece held without downloading it. */
  markOwn(piece: number): void {
    if (piece >= 0 && piece < this.sources.length) this.sources[piece] = SOURCE_SELF;
  }

  /** A piece passed its hash check; `from` sent most of its bytes (null when no sender is known). */
  onPieceVerified(piece: number, from: string | null): void {
    if (piece < 0 || piece >= this.sources.length) return;
    this.sources[piece] = from === null ? SOURCE_UNKNOWN : this.indexOf(from);
  }

  /** The peer a piece came from, 'self' for our own, or null when unknown or not verified. */
  sourceOf(piece: number): string | 'self' | null {
    const v = this.sources[piece];
    if (v === SOURCE_SELF) return 'self';
    return v === undefined || v === SOURCE_UNKNOWN ? null : (this.ids[v] ?? null);
  }

  /** Copies for a view: the per-piece indexes (a fresh, transferable array) and the peer-id list. */
  view(): { sources: Uint16Array<ArrayBuffer>; sourcePeers: string[] } {
    return { sources: new Uint16Array(this.sources), sourcePeers: [...this.ids] };
  }

  private indexOf(peer: string): number {
    let i = this.indexes.get(peer);
    if (i === undefined) {
      if (this.ids.length >= MAX_SOURCE_PEERS) return SOURCE_UNKNOWN;
      i = this.ids.length;
      this.ids.push(peer);
      this.indexes.set(peer, i);
    }
    return i;
  }
}
