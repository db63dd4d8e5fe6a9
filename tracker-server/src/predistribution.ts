import { Bitfield } from '@minibit/protocol';
import { type RandomSource, randomSubset } from './random-subset.ts';

/**
 * One swarm's pre-distribution (the original course project's `dist_block`): before a demo, the
 * teacher hands every downloading member a random `percent` of the pieces, so that exchange starts
 * at once instead of everyone waiting on the sharer. Pure: no sockets or timers; the random source is
 * a parameter.
 *
 * How it runs (decided here, applied by the registry and the pages):
 *   - each downloading member gets its own random share of round(percent% of the pieces), at least
 *     one; shares are drawn independently, so they overlap as random shares do;
 *   - while it runs, members fetch only their share, unchoked by everyone and with no upload cap
 *     (the demo's slow motion would make the set-up itself slow), see `effectiveSettings`;
 *   - a member is ready once a progress report shows it holds its whole share; a newcomer gets an
 *     empty share (it waits for the demo like everyone else); a member that leaves is forgotten;
 *   - once every member is ready, the swarm's own settings apply again and the demo starts.
 */
export type PeerId = string;

export class Predistribution {
  private readonly shares = new Map<PeerId, { share: Bitfield; ready: boolean }>();

  private constructor(
    readonly percent: number,
    private readonly pieceCount: number,
  ) {}

  /** Draws a share for each of `downloaders`; `heldHex(peer)` is what the peer last reported. */
  static start(
    pieceCount: number,
    percent: number,
    downloaders: readonly PeerId[],
    heldHex: (peer: PeerId) => string | undefined,
    random: RandomSource,
  ): Predistribution {
    const p = new Predistribution(percent, pieceCount);
    const size = pieceCount === 0 ? 0 : Math.max(1, Math.round((pieceCount * percent) / 100));
    const pieces = [...Array(pieceCount).keys()];
    for (const peer of downloaders) {
      const share = new Bitfield(pieceCount);
      for (const i of randomSubset(pieces, size, random)) share.set(i);
      p.shares.set(peer, { share, ready: share.count === 0 });
      p.onProgress(peer, heldHex(peer));
    }
    return p;
  }

  /** The member's share as hex (bitfieldHexSchema), or undefined if it has none. */
  shareOf(peer: PeerId): string | undefined {
    return this.shares.get(peer)?.share.toHex();
  }

  /** A member joined mid-way: it gets nothing and waits for the demo. */
  onJoin(peer: PeerId): void {
    if (!this.shares.has(peer)) this.shares.set(peer, { share: new Bitfield(this.pieceCount), ready: true });
  }

  /** A member reported what it holds (hex, as in its progress report). */
  onProgress(peer: PeerId, hex: string | undefined): void {
    const entry = this.shares.get(peer);
    if (!entry || entry.ready || hex === undefined) return;
    const held = Bitfield.fromHex(hex, this.pieceCount);
    if (!held) return;
    for (let i = 0; i < this.pieceCount; i++) if (entry.share.has(i) && !held.has(i)) return;
    entry.ready = true;
  }

  onPeerGone(peer: PeerId): void {
    this.shares.delete(peer);
  }

  get done(): boolean {
    for (const { ready } of this.shares.values()) if (!ready) return false;
    return true;
  }

  /** For the dashboard: members with a share, and how many hold all of it. */
  view(): { percent: number; peers: number; ready: number } {
    let ready = 0;
    for (const e of this.shares.values()) if (e.ready) ready++;
    return { percent: this.percent, peers: this.shares.size, ready };
  }
}
