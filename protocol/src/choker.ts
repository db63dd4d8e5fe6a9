/**
 * Tit-for-tat choking (BEP 3), as a pure decision over plain peer snapshots.
 *
 * It tracks only the optimistic slot's holders and when it last rotated them; everything about the
 * peers arrives in each call. The engine applies the decision (sends choke / unchoke).
 *
 * Rules:
 *  - every `rechokeIntervalMs`, the `regularSlots` interested peers that uploaded to us fastest are
 *    unchoked; once we are complete (seeding) the ones we upload to fastest are, so our upload goes
 *    where it is taken up best; equal rates go to the peer that has given (or taken) more so far;
 *  - anti-snubbing: a peer we want data from that has sent us no block for `snubTimeoutMs` loses
 *    its claim to a regular slot (it can still win the optimistic one);
 *  - reciprocity: a peer we have uploaded to, that has pieces we want but chokes us and has never
 *    sent us a byte, is withholding: it gets no regular slot however many are free (only the
 *    optimistic one). Without this rule a small swarm has more slots than givers, and a free rider
 *    fills a spare regular slot as surely as an honest peer (measured: it finished no later);
 *  - `optimisticSlots` more peers, among the interested ones not in a regular slot, are unchoked at
 *    random and kept for `optimisticIntervalMs`; peers connected within `newPeerWindowMs` are
 *    `newPeerWeight` times as likely to be picked, since they have nothing to offer yet;
 *  - mode 'unchoke-all' unchokes every interested peer (a classroom comparison, not tit-for-tat).
 */

export type ChokingMode = 'tit-for-tat' | 'unchoke-all';

export interface ChokerConfig {
  mode: ChokingMode;
  regularSlots: number;
  optimisticSlots: number;
  rechokeIntervalMs: number;
  optimisticIntervalMs: number;
  snubTimeoutMs: number;
  newPeerWindowMs: number;
  newPeerWeight: number;
}

export const DEFAULT_CHOKER_CONFIG: ChokerConfig = {
  mode: 'tit-for-tat',
  regularSlots: 3,
  optimisticSlots: 1,
  rechokeIntervalMs: 10_000,
  optimisticIntervalMs: 30_000,
  snubTimeoutMs: 60_000,
  newPeerWindowMs: 30_000,
  newPeerWeight: 3,
};

/** What the choker needs to know of one peer. Rates are bytes per second. */
export interface ChokerPeer {
  id: string;
  /** The peer wants data from us. */
  interested: boolean;
  /** Rate at which the peer sends us data. */
  downloadRate: number;
  /** Rate at which we send the peer data. */
  uploadRate: number;
  connectedAt: number;
  /** We are interested in the peer (so its silence counts against it). */
  weAreInterested: boolean;
  /** The peer chokes us (it will not send us what we want). */
  chokingUs: boolean;
  /** When the peer last sent us a block, or null if never. */
  lastBlockAt: number | null;
  /** Bytes the peer has sent us, and we it, since it connected (the tie-break after the rates). */
  bytesFrom: number;
  bytesTo: number;
}

export type SlotKind = 'regular' | 'optimistic';

export interface ChokeDecision {
  /** Peer id → the slot it holds; everyone else is choked. */
  unchoked: Map<string, SlotKind>;
  /** Peers refused a regular slot because they snubbed us. */
  snubbed: string[];
  /** The optimistic holders changed in this decision. */
  rotatedOptimistic: boolean;
}

/**
 * We gave first and got nothing back: the peer took data from us, has what we want, still chokes us
 * and has never given us a byte. Tit-for-tat then leaves it only optimistic unchokes.
 *
 * Both "we gave" and "it never gave" matter. Peers that have exchanged nothing yet keep their claim,
 * or no exchange would ever start (every leecher chokes every other at first; measured in the capped
 * swarm test, the sharer then had to send 2.9 copies instead of 1.1). An honest peer we gave to
 * reciprocates at its next rechoke, since it ranks us by what we send it; a free rider never does.
 */
export function isWithholding(p: ChokerPeer): boolean {
  return p.weAreInterested && p.chokingUs && p.bytesFrom === 0 && p.bytesTo > 0;
}

export function isSnubbing(p: ChokerPeer, now: number, config: ChokerConfig): boolean {
  if (!p.weAreInterested) return false;
  const since = p.lastBlockAt ?? p.connectedAt;
  return now - since >= config.snubTimeoutMs;
}

/**
 * Orders interested peers that neither snub nor withhold (see isWithholding) for the regular slots, best first: by rate, then by bytes
 * exchanged so far, then by `tieBreak`, a random rank per peer supplied by the caller.
 *
 * The middle key matters when uplinks are capped: a peer then uploads to only a few others, so most
 * peers' rates read zero, and a purely random tie-break hands spare regular slots to a free rider
 * as often as to a peer that has given us data. Past giving breaks the tie in favour of the givers.
 */
export function rankForRegularSlots(
  peers: readonly ChokerPeer[],
  seeding: boolean,
  now: number,
  config: ChokerConfig,
  tieBreak: ReadonlyMap<string, number>,
): ChokerPeer[] {
  const rate = (p: ChokerPeer) => (seeding ? p.uploadRate : p.downloadRate);
  const given = (p: ChokerPeer) => (seeding ? p.bytesTo : p.bytesFrom);
  return peers
    .filter((p) => p.interested && (seeding || (!isSnubbing(p, now, config) && !isWithholding(p))))
    .sort(
      (a, b) =>
        rate(b) - rate(a) || given(b) - given(a) || (tieBreak.get(a.id) ?? 0) - (tieBreak.get(b.id) ?? 0),
    );
}

export class Choker {
  config: ChokerConfig;
  private optimistic: string[] = [];
  private lastOptimisticRotation = Number.NEGATIVE_INFINITY;
  private lastRechoke = Number.NEGATIVE_INFINITY;

  constructor(
    config: Partial<ChokerConfig>,
    private readonly random: () => number,
  ) {
    this.config = { ...DEFAULT_CHOKER_CONFIG, ...config };
  }

  /** Whether a periodic rechoke is due at `now`. */
  isDue(now: number): boolean {
    return now - this.lastRechoke >= this.config.rechokeIntervalMs;
  }

  get optimisticPeers(): readonly string[] {
    return this.optimistic;
  }

  /** Decides who is unchoked now. Call when `isDue`, or when the peer set changed enough to matter. */
  rechoke(peers: readonly ChokerPeer[], now: number, seeding: boolean): ChokeDecision {
    this.lastRechoke = now;
    const unchoked = new Map<string, SlotKind>();
    const snubbed = seeding
      ? []
      : peers.filter((p) => p.interested && isSnubbing(p, now, this.config)).map((p) => p.id);

    if (this.config.mode === 'unchoke-all') {
      for (const p of peers) if (p.interested) unchoked.set(p.id, 'regular');
      this.optimistic = [];
      return { unchoked, snubbed, rotatedOptimistic: false };
    }

    const tieBreak = new Map(peers.map((p) => [p.id, this.random()]));
    const ranked = rankForRegularSlots(peers, seeding, now, this.config, tieBreak);
    for (const p of ranked.slice(0, this.config.regularSlots)) unchoked.set(p.id, 'regular');

    // Keep the optimistic holders until their time is up, unless they left, lost interest or won a
    // regular slot on merit.
    const stillEligible = (id: string) => !unchoked.has(id) && peers.some((p) => p.id === id && p.interested);
    const due = now - this.lastOptimisticRotation >= this.config.optimisticIntervalMs;
    const kept = due ? [] : this.optimistic.filter(stillEligible).slice(0, this.config.optimisticSlots);
    const chosen = [...kept];
    const pool = peers.filter((p) => p.interested && !unchoked.has(p.id) && !chosen.includes(p.id));
    while (chosen.length < this.config.optimisticSlots && pool.length > 0) {
      const index = this.weightedIndex(pool, now);
      chosen.push(pool[index]!.id);
      pool.splice(index, 1);
    }
    if (due) this.lastOptimisticRotation = now;
    const changed =
      chosen.length !== this.optimistic.length || chosen.some((id, i) => id !== this.optimistic[i]);
    this.optimistic = chosen;
    for (const id of chosen) unchoked.set(id, 'optimistic');
    return { unchoked, snubbed, rotatedOptimistic: changed };
  }

  /** Forget a peer that left (so it does not hold the optimistic slot). */
  onPeerGone(id: string): void {
    this.optimistic = this.optimistic.filter((o) => o !== id);
  }

  private weightedIndex(pool: readonly ChokerPeer[], now: number): number {
    const weights = pool.map((p) =>
      now - p.connectedAt < this.config.newPeerWindowMs ? this.config.newPeerWeight : 1,
    );
    const total = weights.reduce((a, b) => a + b, 0);
    let r = this.random() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i]!;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  /** Throws if a decision breaks the choker's own rules; tests call it on every decision. */
  static assertDecision(d: ChokeDecision, peers: readonly ChokerPeer[], config: ChokerConfig): void {
    const byId = new Map(peers.map((p) => [p.id, p]));
    let regular = 0;
    let optimistic = 0;
    for (const [id, slot] of d.unchoked) {
      const p = byId.get(id);
      if (!p) throw new Error(`unchoked unknown peer ${id}`);
      if (!p.interested) throw new Error(`unchoked uninterested peer ${id}`);
      if (slot === 'regular') regular++;
      else optimistic++;
    }
    if (config.mode === 'tit-for-tat') {
      if (regular > config.regularSlots) throw new Error(`${regular} regular slots > ${config.regularSlots}`);
      if (optimistic > config.optimisticSlots)
        throw new Error(`${optimistic} optimistic > ${config.optimisticSlots}`);
    }
  }
}
