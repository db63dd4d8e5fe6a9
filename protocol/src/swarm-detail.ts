import type { Bitfield } from './bitfield.ts';
import type { SlotKind } from './choker.ts';
import type { PeerSnapshot } from './engine-events.ts';
import { SOURCE_SELF, SOURCE_UNKNOWN } from './piece-sources.ts';

/**
 * The swarm in full as one peer sees it, for the page's live visualisations (piece map with
 * availability and sources, peers' piece maps, who-unchokes-whom graph, rate chart).
 *
 * Cost decision: this is the bulky view — per piece three arrays, per peer a bitfield, ten minutes
 * of rates — so it is not part of EngineSnapshot (posted 4×/s). The worker builds it only while the
 * page says a view of this swarm is open, at most once a second (SwarmRunner, DETAIL_INTERVAL_MS),
 * and every array is fresh and packed so the whole view is transferred, not copied (see
 * `detailTransferables`). Measured by `npm run bench:detail` (protocol/bench/detail-cost.ts) for
 * 2,000 pieces, 30 peers and 600 s of history: 27 KB of arrays plus ~7 KB of peer objects; building
 * it takes ~30–100 µs (median) and building plus cloning it ~65–100 µs, p99 under 0.35 ms, on the
 * 2-core dev machine — at once a second, well under 0.1% of the worker's time. The same bitfields
 * as per-peer boolean arrays would cost ~1.5–2 ms to clone on every post; packed bits are what
 * matter, and at this size transferring rather than copying the arrays saves only a few µs.
 */
export interface SwarmDetail {
  /** Engine clock (ms) when the view was taken; compare with EngineSnapshot.startedAt. */
  at: number;
  pieceCount: number;
  /** Per piece: PieceState (0 missing, 1 being downloaded, 2 verified). */
  pieces: Uint8Array<ArrayBuffer>;
  /**
   * Per piece: how many connected peers hold it as far as we know (this peer not counted), at most
   * 65,535. Peers do not announce a piece to a peer that already has it, so for pieces we hold the
   * count may miss peers that got them later.
   */
  availability: Uint16Array<ArrayBuffer>;
  /** Per piece: index into `sourcePeers`, or SOURCE_SELF (held from the start) or SOURCE_UNKNOWN. */
  sources: Uint16Array<ArrayBuffer>;
  /** Peers credited with a piece, in order of first credit; indexes are stable (departed peers stay). */
  sourcePeers: string[];
  /** Connected peers; row `i` of `peerBits` is `peers[i]`'s stock. */
  peers: PeerSnapshot[];
  /** Bytes per row of `peerBits`: ceil(pieceCount / 8). */
  bitfieldBytes: number;
  /** Every connected peer's bitfield, one row each, most significant bit first (BEP 3): see peerHasPiece. */
  peerBits: Uint8Array<ArrayBuffer>;
  unchoke: UnchokeRelation;
  history: SwarmRateHistory;
}

/** Who unchokes whom, as far as this peer knows: its own unchokes and the peers that unchoke it. */
export interface UnchokeRelation {
  /** This peer's id: the graph's edges are `self → unchoking[i].peer` and `unchokedBy[i] → self`. */
  self: string;
  /** Peers we unchoke (we upload to them), with the slot each holds. */
  unchoking: { peer: string; slot: SlotKind }[];
  /** Peers that unchoke us (we may download from them). */
  unchokedBy: string[];
}

/** Whole-swarm bytes per second, one sample per finished second, for the last RATE_HISTORY_SECONDS. */
export interface SwarmRateHistory {
  /** Seconds since the engine started (EngineSnapshot.startedAt) of `download[0]` and `upload[0]`. */
  firstSecond: number;
  download: Float64Array<ArrayBuffer>;
  upload: Float64Array<ArrayBuffer>;
}

/** Derives the unchoke relation from the peers' choke flags. */
export function unchokeRelation(
  self: string,
  peers: readonly Pick<PeerSnapshot, 'id' | 'amChoking' | 'peerChoking' | 'slot'>[],
): UnchokeRelation {
  return {
    self,
    unchoking: peers.filter((p) => !p.amChoking).map((p) => ({ peer: p.id, slot: p.slot ?? 'regular' })),
    unchokedBy: peers.filter((p) => !p.peerChoking).map((p) => p.id),
  };
}

export interface DetailInputs {
  at: number;
  selfId: string;
  pieces: Uint8Array<ArrayBuffer>;
  availability: Uint16Array<ArrayBuffer>;
  sources: Uint16Array<ArrayBuffer>;
  sourcePeers: string[];
  /** Connected peers with their stock, in one order. */
  peers: readonly { snapshot: PeerSnapshot; stock: Bitfield }[];
  history: SwarmRateHistory;
}

/** Packs the peers' bitfields into one array and derives the unchoke relation. */
export function buildSwarmDetail(d: DetailInputs): SwarmDetail {
  const pieceCount = d.pieces.length;
  const bitfieldBytes = Math.ceil(pieceCount / 8);
  const peerBits = new Uint8Array(bitfieldBytes * d.peers.length);
  d.peers.forEach((p, i) => p.stock.copyInto(peerBits, i * bitfieldBytes));
  const peers = d.peers.map((p) => p.snapshot);
  return {
    at: d.at,
    pieceCount,
    pieces: d.pieces,
    availability: d.availability,
    sources: d.sources,
    sourcePeers: d.sourcePeers,
    peers,
    bitfieldBytes,
    peerBits,
    unchoke: unchokeRelation(d.selfId, peers),
    history: d.history,
  };
}

/** Whether connected peer `row` (index into `detail.peers`) holds `piece`. */
export function peerHasPiece(detail: SwarmDetail, row: number, piece: number): boolean {
  if (piece < 0 || piece >= detail.pieceCount || row < 0 || row >= detail.peers.length) return false;
  const byte = detail.peerBits[row * detail.bitfieldBytes + (piece >> 3)]!;
  return (byte & (0x80 >> (piece & 7))) !== 0;
}

/** Where a piece came from: a peer id, 'self' (held from the start) or null (unknown / not yet). */
export function sourceOfPiece(detail: SwarmDetail, piece: number): string | 'self' | null {
  const v = detail.sources[piece];
  if (v === SOURCE_SELF) return 'self';
  return v === undefined || v === SOURCE_UNKNOWN ? null : (detail.sourcePeers[v] ?? null);
}

/** The buffers to hand over with postMessage: every array in the view (each has its own buffer). */
export function detailTransferables(d: SwarmDetail): ArrayBuffer[] {
  return [
    d.pieces.buffer,
    d.availability.buffer,
    d.sources.buffer,
    d.peerBits.buffer,
    d.history.download.buffer,
    d.history.upload.buffer,
  ];
}
