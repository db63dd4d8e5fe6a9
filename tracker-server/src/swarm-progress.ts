import { Bitfield } from '@minibit/protocol';

/**
 * One swarm's pieces as its members report them, for the teacher's dashboard. Pure: no sockets,
 * timers or logging. Methods are named after the events that change it. It tracks:
 *   1. each member's last reported bitfield, as the hex it came in (two digits per 8 pieces), and how
 *      many pieces that is;
 *   2. per piece, how many members hold it (the availability heatmap). A report changes only the
 *      counts of the pieces whose bits changed: the two hex texts are compared digit by digit, and a
 *      digit that differs touches at most its 4 pieces. A report on a 2,000-piece file compares 500
 *      digits and updates only the counts of the pieces that arrived since the last one.
 */

export type PeerId = string;

interface Held {
  hex: string;
  count: number;
}

export class SwarmProgress {
  private readonly held = new Map<PeerId, Held>();
  private readonly counts: Uint32Array;
  private readonly emptyHex: string;
  private fullHexCache: string | undefined;

  constructor(readonly pieceCount: number) {
    this.counts = new Uint32Array(pieceCount);
    this.emptyHex = '0'.repeat(2 * Math.ceil(pieceCount / 8));
  }

  /** A member arrived: a sharer holds every piece, a downloader none yet. */
  onJoin(peerId: PeerId, complete: boolean): void {
    this.apply(peerId, complete ? this.fullHex() : this.emptyHex, complete ? this.pieceCount : 0);
  }

  /**
   * A member reported its pieces. Returns false, changing nothing, when the text does not describe
   * exactly this swarm's pieces (wrong length, not lower-case hex, spare bits set).
   */
  onBitfield(peerId: PeerId, hex: string): boolean {
    const bitfield = Bitfield.fromHex(hex, this.pieceCount);
    if (!bitfield) return false;
    this.apply(peerId, hex, bitfield.count);
    return true;
  }

  /** A member says it holds everything (a share, or a 'complete' report without a bitfield). */
  onComplete(peerId: PeerId): void {
    this.apply(peerId, this.fullHex(), this.pieceCount);
  }

  /** A member left: the pieces it held count no more. */
  onPeerGone(peerId: PeerId): void {
    const before = this.held.get(peerId);
    if (!before) return;
    this.changeCounts(before.hex, this.emptyHex);
    this.held.delete(peerId);
  }

  /** The member's pieces as last reported (hex), or undefined for a non-member. */
  hexOf(peerId: PeerId): string | undefined {
    return this.held.get(peerId)?.hex;
  }

  /** Pieces a member holds, as last reported (0 for a member that never reported). */
  haveOf(peerId: PeerId): number {
    return this.held.get(peerId)?.count ?? 0;
  }

  /** Per piece, how many members hold it. */
  availability(): number[] {
    return Array.from(this.counts);
  }

  get memberCount(): number {
    return this.held.size;
  }

  /** Throws unless every count equals the number of held bitfields with that bit set; for tests. */
  assertInvariants(): void {
    const expected = new Uint32Array(this.pieceCount);
    for (const [peerId, { hex, count }] of this.held) {
      const bitfield = Bitfield.fromHex(hex, this.pieceCount);
      if (!bitfield) throw new Error(`${peerId} holds a malformed bitfield`);
      if (bitfield.count !== count) throw new Error(`${peerId} counted ${count}, holds ${bitfield.count}`);
      for (const i of bitfield.indexes()) expected[i]!++;
    }
    for (let i = 0; i < this.pieceCount; i++) {
      if (expected[i] !== this.counts[i])
        throw new Error(`piece ${i}: count ${this.counts[i]}, held ${expected[i]}`);
    }
  }

  private apply(peerId: PeerId, hex: string, count: number): void {
    const before = this.held.get(peerId)?.hex ?? this.emptyHex;
    if (before !== hex) this.changeCounts(before, hex);
    this.held.set(peerId, { hex, count });
  }

  /** Adds what `after` holds and `before` did not, takes away the reverse. Both have the swarm's length. */
  private changeCounts(before: string, after: string): void {
    for (let d = 0; d < after.length; d++) {
      if (before.charCodeAt(d) === after.charCodeAt(d)) continue;
      const was = parseInt(before[d]!, 16);
      const now = parseInt(after[d]!, 16);
      const changed = was ^ now;
      // Digit d covers pieces 4d … 4d+3, the top bit first (spare bits past the end are always 0).
      for (let bit = 0; bit < 4; bit++) {
        const mask = 8 >> bit;
        if ((changed & mask) === 0) continue;
        const piece = d * 4 + bit;
        if (now & mask) this.counts[piece]!++;
        else this.counts[piece]!--;
      }
    }
  }

  private fullHex(): string {
    this.fullHexCache ??= Bitfield.full(this.pieceCount).toHex();
    return this.fullHexCache;
  }
}
