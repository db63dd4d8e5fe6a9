import { Bitfield } from './bitfield.ts';
import type { SlotKind } from './choker.ts';
import type { PeerLink } from './engine-ports.ts';
import type { BlockRef } from './piece-picker.ts';
import { RateMeter } from './rate-meter.ts';

export const blockKey = (piece: number, offset: number): string => `${piece}:${offset}`;

/**
 * What we know of one connected peer. Plain state with no behaviour of its own beyond bookkeeping;
 * the engine decides what to do with it.
 *
 * It tracks: the handshake; the four choke/interest flags; the peer's stock and how many of its
 * pieces we still lack; our requests in flight to it (and ones we gave up on, whose blocks may still
 * arrive); its requests queued with us; rates and byte counts both ways; bad pieces it took part in.
 */
export class PeerSession {
  handshaken = false;
  stock: Bitfield;
  /** Pieces the peer holds that we do not: we are interested while this is above zero. */
  wantedFromPeer = 0;
  gotBitfield = false;

  amChoking = true;
  amInterested = false;
  peerChoking = true;
  peerInterested = false;
  slot: SlotKind | null = null;

  /** Our requests to the peer, by blockKey, with the time sent. */
  readonly outstanding = new Map<string, BlockRef & { sentAt: number }>();
  /**
   * Requests we dropped (timeout, choke, cancel), by blockKey, with how many of them may still be
   * answered; a late answer is still welcome if we need the block.
   */
  readonly abandoned = new Map<string, number>();
  /** The peer's requests waiting for us to serve them, in order. */
  /** Pieces we verified since the last tick, announced to this peer in one `have` then. */
  pendingHaves: number[] = [];
  /** What this peer asked of us and is waiting for, oldest first, with when it asked. */
  readonly uploadQueue: (BlockRef & { queuedAt: number })[] = [];

  readonly download: RateMeter;
  /** A short-window download meter: sizes the request pipeline, which must follow the rate quickly. */
  readonly recentDownload: RateMeter;
  readonly upload: RateMeter;
  readonly connectedAt: number;
  lastBlockAt: number | null = null;
  bytesFrom = 0;
  bytesTo = 0;
  piecesFrom = 0;
  badPieces = 0;
  /** One of our requests to it timed out: no new requests to it before this time. */
  requestsPausedUntil = 0;
  closed = false;

  constructor(
    readonly id: string,
    readonly link: PeerLink,
    pieceCount: number,
    now: number,
    rateWindowMs: number,
  ) {
    this.stock = new Bitfield(pieceCount);
    this.connectedAt = now;
    this.download = new RateMeter(rateWindowMs, now);
    this.recentDownload = new RateMeter(2000, now);
    this.upload = new RateMeter(rateWindowMs, now);
  }

  /** Remembers a dropped request so its block, if it still comes, is not taken for an unrequested one. */
  abandon(key: string): void {
    this.outstanding.delete(key);
    this.abandoned.set(key, (this.abandoned.get(key) ?? 0) + 1);
    // Bounded: only the most recent ones matter (older answers would have arrived long ago).
    if (this.abandoned.size > 1024) {
      const oldest = this.abandoned.keys().next().value;
      if (oldest !== undefined) this.abandoned.delete(oldest);
    }
  }

  /** A block matching no outstanding request arrived: true if it answers one we abandoned. */
  takeAbandoned(key: string): boolean {
    const pending = this.abandoned.get(key) ?? 0;
    if (pending === 0) return false;
    if (pending === 1) this.abandoned.delete(key);
    else this.abandoned.set(key, pending - 1);
    return true;
  }
}
