import { Bitfield } from './bitfield.ts';
import { BLOCK_HEADER_BYTES, decodeBlockFrame, writeBlockHeader } from './block-frame.ts';
import { FramePool } from './frame-pool.ts';
import { Choker, type ChokerPeer, isWithholding } from './choker.ts';
import { DEFAULT_ENGINE_CONFIG, type EngineConfig } from './engine-config.ts';
import type { EngineEvent, EngineSnapshot, PeerSnapshot, PieceState } from './engine-events.ts';
import type { Clock, PeerLink, PieceHasher, PieceStore } from './engine-ports.ts';
import { PROTOCOL_VERSION } from './limits.ts';
import { type Manifest, pieceLength } from './manifest.ts';
import { blockKey, PeerSession } from './peer-session.ts';
import { type BlockRef, type PickStrategy, PiecePicker } from './piece-picker.ts';
import { PieceSources } from './piece-sources.ts';
import { RATE_HISTORY_SECONDS, RateHistory } from './rate-history.ts';
import { RateMeter } from './rate-meter.ts';
import { buildSwarmDetail, type SwarmDetail } from './swarm-detail.ts';
import { UploadLimiter } from './upload-limiter.ts';
import type { SwarmSettings } from './swarm-settings.ts';
import {
  encodeWireMessage,
  parseWireMessage,
  type WireMessage,
  type WireMessageType,
} from './wire-messages.ts';

/** Largest block we serve in one frame: well under SCTP's 256 KiB message limit with the header. */
export const MAX_REQUEST_LENGTH = 128 * 1024;
/** Blocks read from storage at once for upload, over all peers. */
const MAX_CONCURRENT_READS = 8;
/**
 * Bytes of complete pieces read back from the store and hashed at once (at least one piece): each
 * needs a piece-sized buffer. Two 2 MiB pieces of a 1 GiB file, or 32 of a 64 MiB file's 128 KiB
 * pieces, whose digests (a round trip to the browser's thread pool each) would otherwise queue.
 */
const VERIFY_BUDGET_BYTES = 4 * 1024 * 1024;

export interface SwarmEngineOptions {
  manifest: Manifest;
  swarmId: string;
  /** Our own peer id, as the tracker assigned it. */
  selfId: string;
  store: PieceStore;
  hasher: PieceHasher;
  clock: Clock;
  random: () => number;
  /** Pieces already held and verified: 'all' for the sharer. */
  have?: Iterable<number> | 'all';
  config?: Partial<EngineConfig>;
  onEvent?: (event: EngineEvent) => void;
  /** Buffers for outgoing block frames, shared with whatever gives sent frames back; else its own. */
  frames?: FramePool;
}

/** A piece being downloaded: its blocks go to the store as they arrive (PieceStore.writeBlock). */
interface Assembly {
  /** Bytes of this piece each peer sent. */
  senders: Map<string, number>;
  /** The store's writes of its blocks; the piece is read back and hashed once all have settled. */
  writes: Promise<void>[];
}

/**
 * One swarm as seen by one peer: the BitTorrent peer-wire logic over any set of PeerLinks.
 *
 * It tracks: connected peers (PeerSession), our verified pieces (via PiecePicker), pieces being
 * downloaded (their blocks already in the store) and verified, the upload queue, tit-for-tat state (via Choker), and counters for the UI.
 * It reacts to four inputs — addPeer, receive, removePeer, tick — and does its I/O through the
 * injected store, hasher and links. It never keeps a timer: the shell calls tick() (every 100 ms
 * in the browser) and the clock is injected, so tests drive time by hand.
 */
export class SwarmEngine {
  readonly manifest: Manifest;
  readonly swarmId: string;
  readonly selfId: string;
  readonly pieceCount: number;
  config: EngineConfig;

  private readonly store: PieceStore;
  private readonly frames: FramePool;
  /**
   * Buffers a finished piece is read back into from the store to be hashed, reused: a fresh one per
   * piece was as much garbage as the file itself. At most VERIFY_BUDGET_BYTES of them are in use.
   */
  private readonly pieceBuffers = new FramePool(32);
  private readonly hasher: PieceHasher;
  private readonly clock: Clock;
  private readonly emit: (event: EngineEvent) => void;
  private readonly picker: PiecePicker;
  private readonly choker: Choker;
  private readonly peers = new Map<string, PeerSession>();
  private readonly banned = new Set<string>();
  private readonly assemblies = new Map<number, Assembly>();
  /** Complete pieces waiting to be hashed, and the bytes of those being hashed now. */
  private readonly verifyQueue: number[] = [];
  private verifyingBytes = 0;
  private readonly downloadTotal: RateMeter;
  private readonly uploadTotal: RateMeter;
  /** Bytes per second, both ways, for the last ten minutes (the detail view's chart). */
  private readonly downloadHistory: RateHistory;
  private readonly uploadHistory: RateHistory;
  /** The peer each verified piece came from (the detail view's piece map). */
  private readonly sources: PieceSources;
  private readonly uploadLimiter: UploadLimiter;
  private readonly bytesFromPeer: Record<string, number> = {};
  private readonly messagesSent: Partial<Record<WireMessageType | 'block', number>> = {};
  private readonly messagesReceived: Partial<Record<WireMessageType | 'block', number>> = {};
  private readonly startedAt: number;
  private completedAt: number | null = null;
  private firstPieceAt: number | null = null;
  private lastBlockAt: number | null = null;
  private longestStallMs = 0;
  private hashFailures = 0;
  private readsInFlight = 0;
  private uploadCursor = 0;
  /** Blocks of each piece we have uploaded, to anyone (see nextUpload). */
  private readonly servedBlocks: Uint32Array;
  private endgameAnnounced = false;
  private stopped = false;
  private freeRider = false;
  /** This tab's own upload cap and the swarm's per-peer cap; the lower one holds. */
  private localUploadCap: number | null;
  private swarmUploadCap: number | null = null;
  /** Asynchronous operations (hashing, storage) under way; tests wait for zero. */
  pending = 0;

  constructor(opts: SwarmEngineOptions) {
    this.manifest = opts.manifest;
    this.swarmId = opts.swarmId;
    this.selfId = opts.selfId;
    this.pieceCount = opts.manifest.pieces.length;
    this.config = { ...DEFAULT_ENGINE_CONFIG, ...opts.config };
    this.store = opts.store;
    this.frames = opts.frames ?? new FramePool();
    this.hasher = opts.hasher;
    this.clock = opts.clock;
    this.emit = opts.onEvent ?? (() => {});
    const now = this.clock.now();
    this.startedAt = now;
    this.downloadTotal = new RateMeter(this.config.rateWindowMs / 2, now);
    this.uploadTotal = new RateMeter(this.config.rateWindowMs / 2, now);
    this.downloadHistory = new RateHistory(RATE_HISTORY_SECONDS, now);
    this.uploadHistory = new RateHistory(RATE_HISTORY_SECONDS, now);
    this.sources = new PieceSources(this.pieceCount);
    this.servedBlocks = new Uint32Array(this.pieceCount);
    this.localUploadCap = this.config.uploadBytesPerSecond;
    this.uploadLimiter = new UploadLimiter(this.config.uploadBytesPerSecond, now);
    this.picker = new PiecePicker({
      pieceCount: this.pieceCount,
      pieceLength: (i) => pieceLength(this.manifest, i),
      blockSize: this.config.blockSize,
      strategy: this.config.strategy,
      random: opts.random,
      randomFirstPieces: this.config.randomFirstPieces,
    });
    this.choker = new Choker(this.config.choker, opts.random);
    const have =
      opts.have === 'all' ? Array.from({ length: this.pieceCount }, (_, i) => i) : (opts.have ?? []);
    for (const i of have) {
      if (i < 0 || i >= this.pieceCount) continue;
      this.picker.markHave(i);
      this.sources.markOwn(i);
    }
    if (this.picker.isComplete) this.completedAt = now;
  }

  /** True once stop() ran: the engine left the swarm (asked to, or because its storage failed). */
  get isStopped(): boolean {
    return this.stopped;
  }

  get isComplete(): boolean {
    return this.picker.isComplete;
  }

  get haveCount(): number {
    return this.picker.haveCount;
  }

  get connectedPeers(): string[] {
    return [...this.peers.keys()];
  }

  /** Live settings (a classroom can switch strategy or choking mid-swarm). */
  setStrategy(strategy: PickStrategy): void {
    this.config.strategy = strategy;
    this.picker.strategy = strategy;
  }

  /**
   * This tab's own upload cap (bytes per second), or null to lift it. The swarm's per-peer cap (see
   * applySettings) still holds: the lower of the two wins.
   */
  setUploadLimit(bytesPerSecond: number | null): void {
    this.localUploadCap = bytesPerSecond;
    this.applyUploadCap();
  }

  updateChoker(config: Partial<EngineConfig['choker']>): void {
    this.choker.config = { ...this.choker.config, ...config };
    this.config.choker = this.choker.config;
  }

  /** The swarm's settings, from the teacher's dashboard or the sharer; they take effect at once. */
  applySettings(settings: SwarmSettings): void {
    this.setStrategy(settings.strategy);
    this.updateChoker({
      mode: settings.choking,
      regularSlots: settings.regularSlots,
      optimisticSlots: settings.optimisticSlots,
      rechokeIntervalMs: settings.rechokeIntervalMs,
      optimisticIntervalMs: settings.optimisticIntervalMs,
    });
    this.swarmUploadCap = settings.uploadCapBytesPerSecond;
    this.applyUploadCap();
    if (!this.stopped) this.rechoke(this.clock.now()); // new slots or mode show at once, not in 10 s
  }

  /** The settings in force (the upload cap is the swarm's, not this tab's own). */
  get settings(): SwarmSettings {
    const c = this.choker.config;
    return {
      strategy: this.config.strategy,
      choking: c.mode,
      regularSlots: c.regularSlots,
      optimisticSlots: c.optimisticSlots,
      rechokeIntervalMs: c.rechokeIntervalMs,
      optimisticIntervalMs: c.optimisticIntervalMs,
      uploadCapBytesPerSecond: this.swarmUploadCap,
    };
  }

  /**
   * A free rider downloads and never uploads: it chokes every peer, so it serves nothing. The classic
   * demonstration of tit-for-tat: its rate falls to what optimistic unchokes give it.
   */
  setFreeRider(on: boolean): void {
    this.freeRider = on;
    if (!this.stopped) this.rechoke(this.clock.now());
  }

  get isFreeRider(): boolean {
    return this.freeRider;
  }

  /**
   * The teacher's pre-distribution: fetch only the pieces of `share` (this peer's random share) until
   * the tracker lifts it (null), so that the demo starts with pieces spread over every peer.
   */
  setPredistributionShare(share: Bitfield | null): void {
    this.picker.restrictTo(share);
    if (!this.stopped) this.fillAllRequests();
  }

  private applyUploadCap(): void {
    const caps = [this.localUploadCap, this.swarmUploadCap].filter((c): c is number => c !== null);
    const cap = caps.length ? Math.min(...caps) : null;
    this.config.uploadBytesPerSecond = cap;
    this.uploadLimiter.setRate(cap, this.clock.now());
    this.pumpUploads();
  }

  // ---- inputs --------------------------------------------------------------------------------

  /** A channel to `peerId` opened. We speak first: handshake, then our stock. */
  addPeer(peerId: string, link: PeerLink): void {
    if (this.stopped) return link.close('swarm stopped');
    if (this.banned.has(peerId)) return link.close('banned: sent corrupt pieces');
    this.peers.get(peerId)?.link.close('replaced by a new connection');
    this.removePeer(peerId, 'replaced by a new connection');
    const peer = new PeerSession(peerId, link, this.pieceCount, this.clock.now(), this.config.rateWindowMs);
    this.peers.set(peerId, peer);
    this.send(peer, { t: 'handshake', v: PROTOCOL_VERSION, swarm: this.swarmId, peer: this.selfId });
    this.send(peer, { t: 'bitfield', bits: this.ownStock().toHex() });
    this.emit({ kind: 'peer-connected', peer: peerId });
  }

  /**
   * A message from `peerId`'s channel: JSON text for control, an ArrayBuffer for a block. A block's
   * bytes are copied before this returns, so the caller may free or reuse the buffer at once.
   */
  receive(peerId: string, data: string | ArrayBuffer): void {
    const peer = this.peers.get(peerId);
    if (!peer || peer.closed) return;
    if (typeof data === 'string') {
      const parsed = parseWireMessage(data);
      if (!parsed.ok) return this.dropPeer(peer, parsed.error);
      this.count(this.messagesReceived, parsed.value.t);
      this.onMessage(peer, parsed.value);
    } else {
      this.count(this.messagesReceived, 'block');
      this.onBlockFrame(peer, data);
    }
  }

  /** The channel to `peerId` closed (or we closed it). Its requests go back to the pool. */
  removePeer(peerId: string, reason: string): void {
    const peer = this.peers.get(peerId);
    if (!peer) return;
    peer.closed = true;
    this.peers.delete(peerId);
    this.picker.onPeerGone(peerId, peer.stock);
    this.choker.onPeerGone(peerId);
    this.emit({ kind: 'peer-disconnected', peer: peerId, reason });
    this.fillAllRequests();
  }

  /** Periodic work: request timeouts, rechoking, keeping pipelines full. */
  tick(): void {
    if (this.stopped) return;
    const now = this.clock.now();
    for (const peer of this.peers.values()) {
      this.expireRequests(peer, now);
      this.flushHaves(peer);
    }
    if (this.choker.isDue(now)) this.rechoke(now);
    this.fillAllRequests();
    this.pumpUploads(); // an upload cap may have refilled since the last block went out
  }

  /** Leaves the swarm: closes every link. */
  stop(reason: string): void {
    this.stopped = true;
    for (const peer of [...this.peers.values()]) {
      peer.link.close(reason);
      this.removePeer(peer.id, reason);
    }
  }

  // ---- control messages ----------------------------------------------------------------------

  private onMessage(peer: PeerSession, m: WireMessage): void {
    if (!peer.handshaken) {
      if (m.t !== 'handshake') return this.dropPeer(peer, `sent '${m.t}' before the handshake`);
      if (m.v !== PROTOCOL_VERSION)
        return this.dropPeer(peer, `speaks protocol version ${m.v}, not ${PROTOCOL_VERSION}`);
      if (m.swarm !== this.swarmId) return this.dropPeer(peer, 'handshake names another swarm');
      if (m.peer !== peer.id)
        return this.dropPeer(peer, `claims to be ${m.peer} but was signalled as ${peer.id}`);
      peer.handshaken = true;
      return;
    }
    if (!peer.gotBitfield && m.t !== 'bitfield')
      return this.dropPeer(peer, `sent '${m.t}' before its bitfield`);
    switch (m.t) {
      case 'handshake':
        return this.dropPeer(peer, 'sent a second handshake');
      case 'bitfield':
        return this.onBitfield(peer, m.bits);
      case 'have':
        return this.onHave(peer, m.pieces);
      case 'interested':
        peer.peerInterested = true;
        return this.admitIfSlotFree(peer);
      case 'not-interested':
        peer.peerInterested = false;
        return;
      case 'choke':
        return this.onChokedBy(peer);
      case 'unchoke':
        peer.peerChoking = false;
        this.emit({ kind: 'unchoke', peer: peer.id, by: 'them' });
        return this.fillRequests(peer);
      case 'request':
        return this.onRequest(peer, m);
      case 'cancel':
        return this.onCancel(peer, m);
    }
  }

  private onBitfield(peer: PeerSession, bits: string): void {
    if (peer.gotBitfield) return this.dropPeer(peer, 'sent a second bitfield');
    const stock = Bitfield.fromHex(bits, this.pieceCount);
    if (!stock) return this.dropPeer(peer, `bitfield does not describe ${this.pieceCount} pieces`);
    peer.gotBitfield = true;
    peer.stock = stock;
    this.picker.onBitfield(stock);
    let wanted = 0;
    for (const i of stock.indexes()) if (!this.picker.has(i)) wanted++;
    peer.wantedFromPeer = wanted;
    this.updateInterest(peer);
  }

  private onHave(peer: PeerSession, pieces: number[]): void {
    for (const piece of pieces) {
      if (piece >= this.pieceCount)
        return this.dropPeer(peer, `announced piece ${piece} of ${this.pieceCount}`);
      if (peer.stock.has(piece)) continue;
      peer.stock.set(piece);
      this.picker.onHave(piece);
      if (!this.picker.has(piece)) peer.wantedFromPeer++;
    }
    this.updateInterest(peer);
  }

  private onChokedBy(peer: PeerSession): void {
    peer.peerChoking = true;
    // A choking peer discards our pending requests (BEP 3); put them back in the pool.
    for (const [key, r] of peer.outstanding) {
      peer.abandon(key);
      this.picker.onRequestDropped(peer.id, r.piece, r.offset);
    }
    this.emit({ kind: 'choke', peer: peer.id, by: 'them' });
    this.fillAllRequests();
  }

  private onRequest(peer: PeerSession, r: BlockRef): void {
    if (r.piece >= this.pieceCount)
      return this.dropPeer(peer, `requested piece ${r.piece} of ${this.pieceCount}`);
    if (!this.picker.has(r.piece))
      return this.dropPeer(peer, `requested piece ${r.piece}, which we do not have`);
    if (r.length > MAX_REQUEST_LENGTH) return this.dropPeer(peer, `requested ${r.length} bytes in one block`);
    if (r.offset + r.length > pieceLength(this.manifest, r.piece)) {
      return this.dropPeer(peer, `requested bytes past the end of piece ${r.piece}`);
    }
    if (peer.amChoking) return; // raced with our choke: the request is void
    if (peer.uploadQueue.length >= this.config.maxQueuedRequestsFromPeer) {
      return this.dropPeer(peer, `queued more than ${this.config.maxQueuedRequestsFromPeer} requests`);
    }
    peer.uploadQueue.push({ piece: r.piece, offset: r.offset, length: r.length, queuedAt: this.clock.now() });
    this.pumpUploads();
  }

  private onCancel(peer: PeerSession, r: BlockRef): void {
    const i = peer.uploadQueue.findIndex((q) => q.piece === r.piece && q.offset === r.offset);
    if (i >= 0) peer.uploadQueue.splice(i, 1);
  }

  // ---- blocks --------------------------------------------------------------------------------

  private onBlockFrame(peer: PeerSession, buffer: ArrayBuffer): void {
    if (!peer.handshaken || !peer.gotBitfield) return this.dropPeer(peer, 'sent data before the handshake');
    const frame = decodeBlockFrame(buffer);
    if (!frame.ok) return this.dropPeer(peer, frame.error);
    const { piece, offset, data } = frame.value;
    if (piece >= this.pieceCount) return this.dropPeer(peer, `sent piece ${piece} of ${this.pieceCount}`);
    const key = blockKey(piece, offset);
    const request = peer.outstanding.get(key);
    if (request) {
      if (data.byteLength !== request.length) {
        return this.dropPeer(peer, `sent ${data.byteLength} bytes for a ${request.length}-byte request`);
      }
      peer.outstanding.delete(key);
    } else if (peer.takeAbandoned(key)) {
      const expected = Math.min(this.config.blockSize, pieceLength(this.manifest, piece) - offset);
      if (data.byteLength !== expected) return this.dropPeer(peer, 'sent a block of the wrong length');
      if (!this.picker.wants(piece, offset)) return; // a late answer we no longer need
    } else {
      return this.dropPeer(peer, `sent piece ${piece} offset ${offset}, which we never requested`);
    }

    const now = this.clock.now();
    peer.lastBlockAt = now;
    if (this.lastBlockAt !== null)
      this.longestStallMs = Math.max(this.longestStallMs, now - this.lastBlockAt);
    this.lastBlockAt = now;
    peer.bytesFrom += data.byteLength;
    peer.download.add(data.byteLength, now);
    peer.recentDownload.add(data.byteLength, now);
    this.downloadTotal.add(data.byteLength, now);
    this.downloadHistory.add(data.byteLength, now);

    const outcome = this.picker.onBlockReceived(peer.id, piece, offset);
    if (!outcome.duplicate) {
      const assembly = this.assemblyFor(piece);
      assembly.writes.push(this.writeBlock(piece, offset, data));
      assembly.senders.set(peer.id, (assembly.senders.get(peer.id) ?? 0) + data.byteLength);
      for (const other of outcome.cancelFrom) this.cancelRequest(other, piece, offset);
      if (outcome.pieceComplete) this.verifyPiece(piece);
    }
    this.fillRequests(peer);
  }

  private assemblyFor(piece: number): Assembly {
    let a = this.assemblies.get(piece);
    if (!a) {
      a = { senders: new Map(), writes: [] };
      this.assemblies.set(piece, a);
    }
    return a;
  }

  /**
   * A block goes to the store at once, unverified, at its place in the file; the piece is hashed from
   * there once complete. Assembling pieces in memory instead held every piece in flight, whole: with
   * 2 MiB pieces (a 1 GiB file) and 64 requests per peer, 20–30 MiB per leecher, growing with the
   * piece size. A piece that fails its hash is fetched again and overwrites its bad blocks; no piece
   * is served or handed over before it passes.
   */
  private writeBlock(piece: number, offset: number, data: Uint8Array): Promise<void> {
    this.pending++;
    const write = this.store
      .writeBlock(piece, offset, data, pieceLength(this.manifest, piece))
      .finally(() => this.pending--);
    write.catch((err: unknown) => this.onStorageFailed(piece, err));
    return write;
  }

  private cancelRequest(peerId: string, piece: number, offset: number): void {
    const peer = this.peers.get(peerId);
    const r = peer?.outstanding.get(blockKey(piece, offset));
    if (!peer || !r) return;
    peer.abandon(blockKey(piece, offset));
    this.send(peer, { t: 'cancel', piece, offset, length: r.length });
  }

  /** Queues a complete piece for hashing; at most VERIFY_BUDGET_BYTES are read back at once. */
  private verifyPiece(piece: number): void {
    if (!this.assemblies.has(piece)) return;
    this.pending++;
    this.verifyQueue.push(piece);
    this.pumpVerifies();
  }

  private pumpVerifies(): void {
    while (this.verifyQueue.length > 0) {
      const piece = this.verifyQueue[0]!;
      const length = pieceLength(this.manifest, piece);
      if (this.verifyingBytes > 0 && this.verifyingBytes + length > VERIFY_BUDGET_BYTES) return;
      this.verifyQueue.shift();
      const assembly = this.assemblies.get(piece);
      if (!assembly) {
        this.pending--;
        continue;
      }
      this.verifyingBytes += length;
      void this.readBackAndHash(piece, assembly)
        .then((hex) => {
          this.assemblies.delete(piece);
          if (this.stopped || hex === null) return;
          if (hex !== this.manifest.pieces[piece]) return this.onHashFailed(piece, assembly);
          this.onPieceVerified(piece, assembly);
        })
        .catch((err: unknown) => this.emit({ kind: 'storage-error', piece, error: String(err) }))
        .finally(() => {
          this.verifyingBytes -= length;
          this.pending--;
          this.pumpVerifies();
        });
    }
  }

  /** The piece's hash, from the store once every block write has settled; null if storage failed. */
  private async readBackAndHash(piece: number, assembly: Assembly): Promise<string | null> {
    const bytes = new Uint8Array(this.pieceBuffers.take(pieceLength(this.manifest, piece)));
    try {
      await Promise.all(assembly.writes);
      await this.store.readInto(piece, 0, bytes);
      return await this.hasher.sha256Hex(bytes);
    } catch (err) {
      this.onStorageFailed(piece, err);
      return null;
    } finally {
      this.pieceBuffers.give(bytes.buffer);
    }
  }

  /** A store that cannot write or read back cannot finish the download: say why and stop. */
  private onStorageFailed(piece: number, err: unknown): void {
    if (this.stopped) return;
    this.assemblies.delete(piece);
    this.picker.onPieceFailed(piece);
    this.emit({ kind: 'storage-error', piece, error: err instanceof Error ? err.message : String(err) });
    this.stop('storage failed');
  }

  private onPieceVerified(piece: number, assembly: Assembly): void {
    this.picker.onPiecePassed(piece);
    this.firstPieceAt ??= this.clock.now();
    let from: string | null = null;
    let most = 0;
    for (const [id, bytes] of assembly.senders) {
      this.bytesFromPeer[id] = (this.bytesFromPeer[id] ?? 0) + bytes;
      if (bytes > most) [from, most] = [id, bytes];
    }
    if (from) {
      const source = this.peers.get(from);
      if (source) source.piecesFrom++;
    }
    this.sources.onPieceVerified(piece, from);
    this.emit({ kind: 'piece-verified', piece, from });
    for (const peer of this.peers.values()) {
      if (peer.stock.has(piece)) {
        peer.wantedFromPeer--;
        this.updateInterest(peer);
      } else {
        // Even before its handshake reached us: it has our handshake and bitfield, not this piece.
        peer.pendingHaves.push(piece);
      }
    }
    if (this.picker.isComplete && this.completedAt === null) {
      this.completedAt = this.clock.now();
      this.emit({ kind: 'complete', elapsedMs: this.completedAt - this.startedAt });
      this.rechoke(this.completedAt);
    }
    this.fillAllRequests();
  }

  private onHashFailed(piece: number, assembly: Assembly): void {
    this.hashFailures++;
    const culprits = [...assembly.senders.keys()];
    this.emit({ kind: 'hash-failed', piece, peers: culprits });
    // Several senders: any one of them may have lied. Blame none, and fetch the piece again from a
    // single peer, so that if it fails again the fault is known.
    this.picker.onPieceFailed(piece, culprits.length > 1);
    for (const id of culprits.length === 1 ? culprits : []) {
      const peer = this.peers.get(id);
      if (!peer) continue;
      peer.badPieces++;
      if (peer.badPieces >= this.config.badPieceLimit) {
        this.banned.add(id);
        this.emit({ kind: 'peer-banned', peer: id, badPieces: peer.badPieces });
        this.dropPeer(peer, `sent ${peer.badPieces} pieces that failed their hash check`);
      }
    }
    this.fillAllRequests();
  }

  // ---- requesting ----------------------------------------------------------------------------

  /**
   * Requests to keep in flight to a peer: enough to cover `pipelineMs` of its current rate (the
   * bandwidth-delay product, as libtorrent sizes its request queue), within fixed bounds. A deep queue
   * to a slow peer would hoard blocks that faster peers could send sooner.
   */
  private maxOutstanding(peer: PeerSession): number {
    const { pipelineMs, blockSize, minOutstanding, maxOutstanding } = this.config;
    const effectiveBlock = Math.min(blockSize, this.manifest.pieceSize);
    const byRate = Math.ceil(
      (peer.recentDownload.rate(this.clock.now()) * pipelineMs) / 1000 / effectiveBlock,
    );
    return Math.max(minOutstanding, Math.min(maxOutstanding, byRate));
  }

  private fillAllRequests(): void {
    for (const peer of this.peers.values()) this.fillRequests(peer);
  }

  private fillRequests(peer: PeerSession): void {
    if (peer.closed || peer.peerChoking || !peer.amInterested || this.stopped) return;
    if (this.clock.now() < peer.requestsPausedUntil) return;
    const room = this.maxOutstanding(peer) - peer.outstanding.size;
    if (room <= 0) return;
    const result = this.picker.pick(peer.id, peer.stock, room);
    const now = this.clock.now();
    for (const s of result.started) this.emit({ kind: 'piece-started', peer: peer.id, ...s });
    if (result.endgame && result.requests.length > 0 && !this.endgameAnnounced) {
      this.endgameAnnounced = true;
      this.emit({ kind: 'endgame' });
    }
    for (const r of result.requests) {
      // Asked of this peer before (timeout, choke)? The old request may still be answered: it stays
      // counted in `abandoned`, so that copy is ignored rather than taken for a block never requested.
      peer.outstanding.set(blockKey(r.piece, r.offset), { ...r, sentAt: now });
      this.send(peer, { t: 'request', ...r });
    }
  }

  private expireRequests(peer: PeerSession, now: number): void {
    for (const [key, r] of peer.outstanding) {
      if (now - r.sentAt < this.config.requestTimeoutMs) continue;
      peer.abandon(key);
      this.picker.onRequestDropped(peer.id, r.piece, r.offset);
      // Tell it, so the request leaves its upload queue: a peer whose link stays full would
      // otherwise collect every request we gave up on, until it passed the queue's limit.
      this.send(peer, { t: 'cancel', piece: r.piece, offset: r.offset, length: r.length });
      // Ask it for nothing new for a while, so its blocks go to other peers rather than back to it.
      peer.requestsPausedUntil = now + this.config.requestTimeoutMs;
      this.emit({ kind: 'request-timeout', peer: peer.id, piece: r.piece, offset: r.offset });
    }
  }

  /**
   * Announces the pieces verified since the last tick in one message: one `have` per piece per peer
   * was most of the control traffic with small pieces, and a tick (100 ms in the browser) is soon
   * enough for other peers' rarity counts.
   */
  private flushHaves(peer: PeerSession): void {
    if (peer.pendingHaves.length === 0) return;
    this.send(peer, { t: 'have', pieces: peer.pendingHaves });
    peer.pendingHaves = [];
  }

  private updateInterest(peer: PeerSession): void {
    const want = peer.wantedFromPeer > 0;
    if (want === peer.amInterested) return;
    peer.amInterested = want;
    this.send(peer, { t: want ? 'interested' : 'not-interested' });
    this.emit({ kind: 'interest', peer: peer.id, interested: want, wanted: peer.wantedFromPeer });
    if (want) this.fillRequests(peer);
  }

  // ---- choking and uploading -----------------------------------------------------------------

  private chokerView(now: number): ChokerPeer[] {
    return [...this.peers.values()].filter((p) => p.handshaken).map((p) => this.chokerPeer(p, now));
  }

  private chokerPeer(p: PeerSession, now: number): ChokerPeer {
    return {
      id: p.id,
      interested: p.peerInterested,
      downloadRate: p.download.rate(now),
      uploadRate: p.upload.rate(now),
      connectedAt: p.connectedAt,
      weAreInterested: p.amInterested,
      chokingUs: p.peerChoking,
      lastBlockAt: p.lastBlockAt,
      bytesFrom: p.bytesFrom,
      bytesTo: p.bytesTo,
    };
  }

  private rechoke(now: number): void {
    // A free rider still runs the choker (its optimistic rotation stays in step) but unchokes nobody.
    const decision = this.choker.rechoke(this.chokerView(now), now, this.isComplete);
    if (this.freeRider) decision.unchoked.clear();
    for (const id of decision.snubbed) {
      if (this.peers.get(id)?.slot === 'regular') this.emit({ kind: 'snubbed', peer: id });
    }
    if (decision.rotatedOptimistic)
      this.emit({ kind: 'optimistic-rotated', peers: [...this.choker.optimisticPeers] });
    for (const peer of this.peers.values()) {
      const slot = decision.unchoked.get(peer.id) ?? null;
      if (slot) this.unchoke(peer, slot);
      else this.choke(peer);
    }
  }

  /**
   * A peer became interested: if a slot is free, it need not wait for the next rechoke — unless it
   * withholds from us (see isWithholding), which under tit-for-tat only the optimistic slot may serve.
   */
  private admitIfSlotFree(peer: PeerSession): void {
    if (!peer.amChoking || this.freeRider) return;
    const { mode, regularSlots, optimisticSlots } = this.choker.config;
    if (mode === 'tit-for-tat' && !this.isComplete && isWithholding(this.chokerPeer(peer, this.clock.now())))
      return;
    let unchoked = 0;
    for (const p of this.peers.values()) if (!p.amChoking) unchoked++;
    if (mode === 'unchoke-all' || unchoked < regularSlots + optimisticSlots) this.unchoke(peer, 'regular');
  }

  private unchoke(peer: PeerSession, slot: 'regular' | 'optimistic'): void {
    peer.slot = slot;
    if (!peer.amChoking) return;
    peer.amChoking = false;
    this.send(peer, { t: 'unchoke' });
    this.emit({ kind: 'unchoke', peer: peer.id, by: 'us', slot });
  }

  private choke(peer: PeerSession): void {
    peer.slot = null;
    if (peer.amChoking) return;
    peer.amChoking = true;
    peer.uploadQueue.length = 0;
    this.send(peer, { t: 'choke' });
    this.emit({ kind: 'choke', peer: peer.id, by: 'us' });
  }

  /** A peer's link that was full has drained (see PeerLink.readyForBlock): serve what waits. */
  resumeUploads(): void {
    if (!this.stopped) this.pumpUploads();
  }

  /**
   * Serves queued requests, a few storage reads at a time, taking peers in turn, within the cap, and
   * only for peers whose link has room: a block is read from storage when it can go out, so a sharer
   * holds a few blocks per peer in memory, not every block its peers have asked for.
   */
  private pumpUploads(): void {
    while (this.readsInFlight < MAX_CONCURRENT_READS && !this.stopped) {
      const next = this.nextUpload();
      if (!next) return;
      const { peer, index, turn } = next;
      if (!this.uploadLimiter.tryTake(peer.uploadQueue[index]!.length, this.clock.now())) return;
      this.uploadCursor = turn;
      const r = peer.uploadQueue.splice(index, 1)[0]!;
      this.servedBlocks[r.piece]!++;
      this.readsInFlight++;
      this.pending++;
      // The block is read straight into its frame; the link owns the frame once it is sent.
      const frame = this.frames.take(BLOCK_HEADER_BYTES + r.length);
      this.store
        .readInto(r.piece, r.offset, new Uint8Array(frame, BLOCK_HEADER_BYTES, r.length))
        .then(() => {
          if (peer.closed || peer.amChoking || this.stopped) return this.frames.give(frame);
          const now = this.clock.now();
          writeBlockHeader(frame, r.piece, r.offset);
          peer.link.sendBinary(frame);
          this.count(this.messagesSent, 'block');
          peer.bytesTo += r.length;
          peer.upload.add(r.length, now);
          this.uploadTotal.add(r.length, now);
          this.uploadHistory.add(r.length, now);
        })
        .catch((err) => {
          this.frames.give(frame);
          this.emit({ kind: 'storage-error', piece: r.piece, error: String(err) });
        })
        .finally(() => {
          this.readsInFlight--;
          this.pending--;
          this.pumpUploads();
        });
    }
  }

  /**
   * The queued request to serve next: the one for the piece we have sent fewest blocks of, over every
   * unchoked peer, ties going to peers in turn. When two leechers ask us for the same piece at once
   * (both saw it only on us), the second copy waits while anything new is wanted, and by then the
   * first leecher has usually announced it, so the second can get it from there. This is what keeps
   * a sharer with a slow uplink from spending it twice on one piece (super-seeding's aim, without
   * hiding pieces). Returns the turn to resume from after this peer.
   */
  private nextUpload(): { peer: PeerSession; index: number; turn: number } | undefined {
    const list = [...this.peers.values()];
    const overdue = this.clock.now() - this.config.maxUploadDeferMs;
    let best: { peer: PeerSession; index: number; turn: number } | undefined;
    let bestServed = Number.POSITIVE_INFINITY;
    for (let k = 0; k < list.length; k++) {
      const peer = list[(this.uploadCursor + k) % list.length]!;
      if (peer.amChoking || peer.uploadQueue.length === 0 || peer.link.readyForBlock?.() === false) continue;
      const turn = (this.uploadCursor + k + 1) % list.length;
      if (peer.uploadQueue[0]!.queuedAt <= overdue) return { peer, index: 0, turn };
      for (let i = 0; i < peer.uploadQueue.length; i++) {
        const served = this.servedBlocks[peer.uploadQueue[i]!.piece]!;
        if (served < bestServed) {
          bestServed = served;
          best = { peer, index: i, turn };
        }
      }
    }
    return best;
  }

  // ---- plumbing ------------------------------------------------------------------------------

  private send(peer: PeerSession, m: WireMessage): void {
    if (peer.closed) return;
    peer.link.sendText(encodeWireMessage(m));
    this.count(this.messagesSent, m.t);
  }

  private count(
    table: Partial<Record<WireMessageType | 'block', number>>,
    type: WireMessageType | 'block',
  ): void {
    table[type] = (table[type] ?? 0) + 1;
  }

  /** A protocol violation: say why, close the channel, forget the peer. */
  private dropPeer(peer: PeerSession, reason: string): void {
    if (peer.closed) return;
    this.emit({ kind: 'protocol-error', peer: peer.id, error: reason });
    peer.link.close(reason);
    this.removePeer(peer.id, reason);
  }

  private ownStock(): Bitfield {
    const b = new Bitfield(this.pieceCount);
    for (let i = 0; i < this.pieceCount; i++) if (this.picker.has(i)) b.set(i);
    return b;
  }

  // ---- views ---------------------------------------------------------------------------------

  /** Per piece: 0 missing, 1 being downloaded, 2 verified (what the piece grid draws). */
  pieceStates(): Uint8Array<ArrayBuffer> {
    const out = new Uint8Array(this.pieceCount);
    for (let i = 0; i < this.pieceCount; i++) {
      const s = this.picker.pieceState(i);
      out[i] = (s === 'verified' ? 2 : s === 'requested' ? 1 : 0) satisfies PieceState;
    }
    return out;
  }

  availability(piece: number): number {
    return this.picker.availability(piece);
  }

  snapshot(): EngineSnapshot {
    const now = this.clock.now();
    let bytesVerified = 0;
    for (let i = 0; i < this.pieceCount; i++)
      if (this.picker.has(i)) bytesVerified += pieceLength(this.manifest, i);
    return {
      pieceCount: this.pieceCount,
      haveCount: this.picker.haveCount,
      bytesVerified,
      complete: this.isComplete,
      endgame: this.endgameAnnounced && !this.isComplete,
      startedAt: this.startedAt,
      completedAt: this.completedAt,
      firstPieceAt: this.firstPieceAt,
      downloadRate: this.downloadTotal.rate(now),
      uploadRate: this.uploadTotal.rate(now),
      peers: [...this.peers.values()].map((p) => this.peerSnapshot(p, now)),
      bytesFromPeer: { ...this.bytesFromPeer },
      messagesSent: { ...this.messagesSent },
      messagesReceived: { ...this.messagesReceived },
      hashFailures: this.hashFailures,
      longestStallMs: this.longestStallMs,
      settings: this.settings,
      freeRider: this.freeRider,
      predistributing: this.picker.isRestricted,
    };
  }

  /**
   * The bulky view for the page's live visualisations (see swarm-detail.ts for what it holds and
   * why it is built apart from snapshot(), rarely, and only on demand). Every array is fresh.
   */
  detail(): SwarmDetail {
    const now = this.clock.now();
    const down = this.downloadHistory.samples(now);
    const up = this.uploadHistory.samples(now);
    return buildSwarmDetail({
      at: now,
      selfId: this.selfId,
      pieces: this.pieceStates(),
      availability: this.picker.availabilityView(),
      ...this.sources.view(),
      peers: [...this.peers.values()].map((p) => ({ snapshot: this.peerSnapshot(p, now), stock: p.stock })),
      history: { firstSecond: down.firstSecond, download: down.bytes, upload: up.bytes },
    });
  }

  private peerSnapshot(p: PeerSession, now: number): PeerSnapshot {
    return {
      id: p.id,
      amChoking: p.amChoking,
      amInterested: p.amInterested,
      peerChoking: p.peerChoking,
      peerInterested: p.peerInterested,
      slot: p.slot,
      downloadRate: p.download.rate(now),
      uploadRate: p.upload.rate(now),
      bytesFrom: p.bytesFrom,
      bytesTo: p.bytesTo,
      piecesFrom: p.piecesFrom,
      havePieces: p.stock.count,
      wanted: p.wantedFromPeer,
      outstanding: p.outstanding.size,
    };
  }
}
