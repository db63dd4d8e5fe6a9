import type { Bitfield } from './bitfield.ts';

/**
 * Decides which blocks to request from which peer. This is the one place the piece-picking rules live.
 *
 * It tracks:
 *  1. availability — how many connected peers hold each piece (from their bitfields and haves);
 *  2. which pieces we hold (verified);
 *  3. for pieces being downloaded, each block's state: received, or requested from which peers;
 *  4. the strategy: rarest-first (default), random or sequential.
 *
 * Rules, in order, for a peer that has unchoked us:
 *  a. finish partially downloaded pieces first, so pieces complete (and can be re-shared) quickly;
 *  b. then start a new piece the peer has: while we hold fewer than `randomFirstPieces`, a random one (a
 *     newcomer needs *something* to trade soon, and the rarest pieces are by definition slow to get);
 *     after that the least available one (rarest-first), ties broken at random;
 *  c. endgame: once every missing block is requested, ask for the outstanding ones from other peers too
 *     (at most `endgameMaxRequesters` per block); when one copy arrives the engine cancels the others.
 *
 * Peers are opaque string keys. No clock, no I/O; randomness is injected.
 */

export type PickStrategy = 'rarest-first' | 'random' | 'sequential';
export const PICK_STRATEGIES: readonly PickStrategy[] = ['rarest-first', 'random', 'sequential'];

export interface BlockRef {
  piece: number;
  offset: number;
  length: number;
}

export type PickReason = 'random-first' | 'rarest' | 'random' | 'sequential';

/** A new piece the picker started, with why and how many peers held it (for the event log). */
export interface StartedPiece {
  piece: number;
  availability: number;
  reason: PickReason;
}

export interface PickResult {
  requests: BlockRef[];
  started: StartedPiece[];
  endgame: boolean;
}

export interface PiecePickerOptions {
  pieceCount: number;
  pieceLength: (piece: number) => number;
  blockSize: number;
  strategy?: PickStrategy;
  random: () => number;
  randomFirstPieces?: number;
  endgameMaxRequesters?: number;
}

interface BlockState {
  received: boolean;
  requesters: Set<string>;
}

interface DownloadingPiece {
  blocks: BlockState[];
  receivedCount: number;
  /** To be fetched from one peer alone (see onPieceFailed); `owner` is the peer fetching it. */
  solo: boolean;
  owner: string | null;
}

export class PiecePicker {
  strategy: PickStrategy;
  private readonly pieceCount: number;
  private readonly pieceLength: (piece: number) => number;
  private readonly blockSize: number;
  private readonly random: () => number;
  private readonly randomFirstPieces: number;
  private readonly endgameMaxRequesters: number;
  private readonly availabilityCounts: Uint32Array;
  private readonly held: Uint8Array;
  private heldCount = 0;
  private readonly downloading = new Map<number, DownloadingPiece>();
  /** Failed pieces whose next download must come from one peer alone. */
  private readonly soloPieces = new Set<number>();
  /** While set, only these pieces are started (a pre-distribution share); see restrictTo. */
  private allowed: Bitfield | null = null;

  constructor(opts: PiecePickerOptions) {
    this.pieceCount = opts.pieceCount;
    this.pieceLength = opts.pieceLength;
    this.blockSize = opts.blockSize;
    this.strategy = opts.strategy ?? 'rarest-first';
    this.random = opts.random;
    this.randomFirstPieces = opts.randomFirstPieces ?? 4;
    this.endgameMaxRequesters = opts.endgameMaxRequesters ?? 3;
    this.availabilityCounts = new Uint32Array(opts.pieceCount);
    this.held = new Uint8Array(opts.pieceCount);
  }

  // ---- availability: what connected peers hold ---------------------------------------------

  /** A peer sent its whole stock (bitfield message). */
  onBitfield(stock: Bitfield): void {
    for (const i of stock.indexes()) this.availabilityCounts[i]!++;
  }

  /** A peer announced one more piece (have message). */
  onHave(piece: number): void {
    this.availabilityCounts[piece]!++;
  }

  /** A peer disconnected: forget its stock and every request it had outstanding. */
  onPeerGone(peer: string, stock: Bitfield): void {
    for (const i of stock.indexes()) this.availabilityCounts[i]!--;
    for (const d of this.downloading.values()) {
      for (const b of d.blocks) b.requesters.delete(peer);
      if (d.owner === peer) d.owner = null;
    }
  }

  availability(piece: number): number {
    return this.availabilityCounts[piece] ?? 0;
  }

  /** Every piece's availability at once, in a fresh array (counts past 65,535 read 65,535). */
  availabilityView(): Uint16Array<ArrayBuffer> {
    const out = new Uint16Array(this.pieceCount);
    for (let i = 0; i < this.pieceCount; i++) out[i] = Math.min(0xffff, this.availabilityCounts[i]!);
    return out;
  }

  // ---- our own pieces -----------------------------------------------------------------------

  has(piece: number): boolean {
    return this.held[piece] === 1;
  }

  get haveCount(): number {
    return this.heldCount;
  }

  get isComplete(): boolean {
    return this.heldCount === this.pieceCount;
  }

  /** Marks a piece held without downloading it (the sharer, or pieces pre-distributed in a demo). */
  markHave(piece: number): void {
    if (this.held[piece]) return;
    this.held[piece] = 1;
    this.heldCount++;
    this.downloading.delete(piece);
    this.soloPieces.delete(piece);
  }

  /** Whether a block is still wanted (not held, not yet received). */
  wants(piece: number, offset: number): boolean {
    if (this.has(piece)) return false;
    const d = this.downloading.get(piece);
    if (!d) return true;
    const b = d.blocks[Math.floor(offset / this.blockSize)];
    return b !== undefined && !b.received;
  }

  /** 'missing' | 'requested' (being downloaded) | 'verified', per piece: what the piece grid draws. */
  pieceState(piece: number): 'missing' | 'requested' | 'verified' {
    if (this.held[piece]) return 'verified';
    return this.downloading.has(piece) ? 'requested' : 'missing';
  }

  // ---- picking ------------------------------------------------------------------------------

  /**
   * Starts only the pieces of `allowed` from now on (the share the teacher's pre-distribution gave
   * this peer), or any piece again with null. Pieces already being downloaded are finished.
   */
  restrictTo(allowed: Bitfield | null): void {
    this.allowed = allowed && allowed.length === this.pieceCount ? allowed.clone() : null;
  }

  get isRestricted(): boolean {
    return this.allowed !== null;
  }

  /** Holds every piece it may start now (all of them, unless restricted). */
  get hasAllAllowed(): boolean {
    if (!this.allowed) return this.isComplete;
    for (const i of this.allowed.indexes()) if (!this.held[i]) return false;
    return true;
  }

  /** Picks up to `max` blocks to request from `peer`, whose stock is `peerHas`, and marks them requested. */
  pick(peer: string, peerHas: Bitfield, max: number): PickResult {
    const requests: BlockRef[] = [];
    const started: StartedPiece[] = [];
    if (max <= 0) return { requests, started, endgame: false };

    // a. Partial pieces first, most advanced first; only those with a block nobody was asked for.
    const partial = this.partialPieces(peerHas, (b) => !b.received && b.requesters.size === 0);
    for (const [piece, d] of partial) {
      this.takeBlocks(peer, piece, d, requests, max, false);
      if (requests.length >= max) return { requests, started, endgame: false };
    }

    // b. New pieces by strategy.
    while (requests.length < max) {
      const next = this.chooseNewPiece(peerHas);
      if (!next) break;
      started.push(next);
      const d = this.startPiece(next.piece);
      this.takeBlocks(peer, next.piece, d, requests, max, false);
    }
    if (requests.length > 0 || !this.inEndgame()) return { requests, started, endgame: false };

    // c. Endgame: duplicate outstanding blocks this peer is not already fetching.
    for (const [piece, d] of this.partialPieces(peerHas, (b) => !b.received)) {
      this.takeBlocks(peer, piece, d, requests, max, true);
      if (requests.length >= max) break;
    }
    return { requests, started, endgame: true };
  }

  /**
   * Pieces being downloaded that `peerHas` holds and that have a block matching `open`, most advanced
   * first. The filter comes before the sort: with one-block pieces this runs once per block received,
   * and sorting every piece in flight each time was the picker's largest cost in a worker profile.
   */
  private partialPieces(peerHas: Bitfield, open: (b: BlockState) => boolean): [number, DownloadingPiece][] {
    const out: [number, DownloadingPiece][] = [];
    for (const entry of this.downloading) {
      if (peerHas.has(entry[0]) && entry[1].blocks.some(open)) out.push(entry);
    }
    return out.sort((a, b) => b[1].receivedCount - a[1].receivedCount || a[0] - b[0]);
  }

  /** True when every block of every missing piece is requested or received: no fresh block is left. */
  inEndgame(): boolean {
    if (this.allowed) {
      for (const i of this.allowed.indexes()) if (!this.held[i] && !this.downloading.has(i)) return false;
    } else if (this.downloading.size + this.heldCount < this.pieceCount) return false;
    for (const d of this.downloading.values()) {
      for (const b of d.blocks) if (!b.received && b.requesters.size === 0) return false;
    }
    return this.downloading.size > 0;
  }

  /**
   * One pass over the pieces, cheapest tests first; under rarest-first only the rarest candidates are
   * kept (it runs once per new piece: with one-block pieces, once per block received).
   */
  private chooseNewPiece(peerHas: Bitfield): StartedPiece | null {
    const rarestFirst = this.strategy === 'rarest-first' && this.heldCount >= this.randomFirstPieces;
    const candidates: number[] = [];
    let rarest = Number.POSITIVE_INFINITY;
    for (let i = 0; i < this.pieceCount; i++) {
      if (this.held[i] || !peerHas.has(i) || this.downloading.has(i) || !(this.allowed?.has(i) ?? true))
        continue;
      if (rarestFirst) {
        const a = this.availabilityCounts[i]!;
        if (a > rarest) continue;
        if (a < rarest) {
          rarest = a;
          candidates.length = 0;
        }
      }
      candidates.push(i);
      if (this.strategy === 'sequential') break;
    }
    if (candidates.length === 0) return null;
    // Ties (or every candidate, when random) are broken with one draw.
    const piece =
      this.strategy === 'sequential'
        ? candidates[0]!
        : candidates[Math.floor(this.random() * candidates.length)]!;
    const reason: PickReason =
      this.strategy !== 'rarest-first' ? this.strategy : rarestFirst ? 'rarest' : 'random-first';
    return { piece, availability: this.availabilityCounts[piece]!, reason };
  }

  private startPiece(piece: number): DownloadingPiece {
    const blockCount = Math.ceil(this.pieceLength(piece) / this.blockSize);
    const d: DownloadingPiece = {
      blocks: Array.from({ length: blockCount }, () => ({ received: false, requesters: new Set<string>() })),
      receivedCount: 0,
      solo: this.soloPieces.has(piece),
      owner: null,
    };
    this.downloading.set(piece, d);
    return d;
  }

  private takeBlocks(
    peer: string,
    piece: number,
    d: DownloadingPiece,
    out: BlockRef[],
    max: number,
    endgame: boolean,
  ): void {
    if (d.solo && (endgame || (d.owner !== null && d.owner !== peer))) return;
    const length = this.pieceLength(piece);
    for (let k = 0; k < d.blocks.length && out.length < max; k++) {
      const b = d.blocks[k]!;
      if (b.received || b.requesters.has(peer)) continue;
      if (endgame ? b.requesters.size >= this.endgameMaxRequesters : b.requesters.size > 0) continue;
      b.requesters.add(peer);
      if (d.solo) d.owner = peer;
      const offset = k * this.blockSize;
      out.push({ piece, offset, length: Math.min(this.blockSize, length - offset) });
    }
  }

  // ---- block and piece outcomes -------------------------------------------------------------

  /**
   * A block arrived. Returns the other peers it was also requested from (to cancel), and whether the
   * piece now has every block (time to verify it). A block already received is reported as duplicate.
   */
  onBlockReceived(
    peer: string,
    piece: number,
    offset: number,
  ): { duplicate: boolean; pieceComplete: boolean; cancelFrom: string[] } {
    const d = this.downloading.get(piece);
    const b = d?.blocks[Math.floor(offset / this.blockSize)];
    if (!d || !b || b.received || this.held[piece]) {
      b?.requesters.delete(peer);
      return { duplicate: true, pieceComplete: false, cancelFrom: [] };
    }
    b.received = true;
    b.requesters.delete(peer);
    const cancelFrom = [...b.requesters];
    b.requesters.clear();
    d.receivedCount++;
    return { duplicate: false, pieceComplete: d.receivedCount === d.blocks.length, cancelFrom };
  }

  /** A request to `peer` will not be answered (timeout, choke, cancel): the block is free to pick again. */
  onRequestDropped(peer: string, piece: number, offset: number): void {
    const d = this.downloading.get(piece);
    d?.blocks[Math.floor(offset / this.blockSize)]?.requesters.delete(peer);
    // The one source of a piece that stopped sending (choke, timeout) lets it go, so it cannot stall it.
    if (d?.owner === peer && d.blocks.every((b) => !b.requesters.has(peer))) d.owner = null;
  }

  /** The piece's hash matched: we hold it. */
  onPiecePassed(piece: number): void {
    this.markHave(piece);
  }

  /**
   * The piece's hash did not match: every block must be fetched again. `fromOnePeer` when several
   * peers sent its blocks and the culprit is unknown: the next download then comes from a single
   * peer, so that a second failure has one sender to blame.
   */
  onPieceFailed(piece: number, fromOnePeer = false): void {
    this.downloading.delete(piece);
    if (fromOnePeer) this.soloPieces.add(piece);
  }

  /** Pieces with every block received, waiting for their hash check. */
  isAwaitingVerification(piece: number): boolean {
    const d = this.downloading.get(piece);
    return d !== undefined && d.receivedCount === d.blocks.length;
  }

  /** Throws if internal bookkeeping is inconsistent; tests call it after every step. */
  assertInvariants(): void {
    let held = 0;
    for (let i = 0; i < this.pieceCount; i++) {
      if (this.held[i]) {
        held++;
        if (this.downloading.has(i)) throw new Error(`piece ${i} is both held and downloading`);
      }
    }
    if (held !== this.heldCount) throw new Error(`held count ${this.heldCount} but ${held} pieces held`);
    for (const [piece, d] of this.downloading) {
      const received = d.blocks.filter((b) => b.received).length;
      if (received !== d.receivedCount) throw new Error(`piece ${piece}: receivedCount out of step`);
      for (const b of d.blocks) {
        if (b.received && b.requesters.size > 0)
          throw new Error(`piece ${piece}: received block still requested`);
        if (b.requesters.size > this.endgameMaxRequesters)
          throw new Error(`piece ${piece}: too many requesters`);
        for (const r of b.requesters)
          if (d.solo && r !== d.owner)
            throw new Error(`piece ${piece}: requested of ${r}, not its one source`);
      }
    }
  }
}
