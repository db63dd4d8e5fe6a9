import {
  detailTransferables,
  type EngineEvent,
  type FramePool,
  type Manifest,
  type PeerLink,
  type PieceHasher,
  type PieceStore,
  SwarmEngine,
} from '@minibit/protocol';
import type { FromWorker, Problem, TimedEvent } from '../worker-messages.ts';
import { type TestFaults, withFaults } from './fault-injection.ts';
import type { ChannelLink } from './peer-channels.ts';
import { StorageFullError } from './opfs-piece-store.ts';
import type { SwarmStorage } from './swarm-storage.ts';
import { epochNow } from './epoch-clock.ts';

type Post = (message: FromWorker, transfer?: Transferable[]) => void;

/**
 * How often the page gets a fresh snapshot (and, with it, the events and the detail view): once a
 * second, as desktop clients refresh (qBittorrent every 1.5 s by default). Each one re-renders the
 * transfer card (style, layout, paint, and the hover hit-test Chromium runs after a layout under the
 * mouse), which is most of a downloading page's main-thread time, and the page's main threads were
 * still the largest cost over the raw floor (3.1 against 0.75 CPU s, `npm run bench:threads`).
 * Measured with `npm run bench -- --only swarm --sizes 64 --runs 1`, runs alternated: 500 ms
 * instead of 250 ms took 15.6 s instead of 17.6 s (medians of 3); 1,000 ms instead of 500 ms
 * 12.3 / 12.8 / 13.2 s instead of 12.8 / 13.1 / 13.7 s (min / median / max of 5), faster in each pair.
 * A finished download is shown at once all the same (deliverFile sends a snapshot).
 */
export const SNAPSHOT_INTERVAL_MS = 1000;
/**
 * How often the detail view (SwarmDetail: availability, sources, peers' bitfields, rate history) is
 * sent, and only while the page watches it (`watch-detail`); never otherwise. Once a second matches
 * the rate chart's one sample per second. Building and cloning it costs ~0.1 ms for 2,000 pieces and
 * 30 peers (npm run bench:detail; see swarm-detail.ts), so it never competes with the transfer.
 */
export const DETAIL_INTERVAL_MS = 1000;

export interface SwarmRunnerOptions {
  swarmId: string;
  manifest: Manifest;
  selfId: string;
  post: Post;
  hasher: PieceHasher;
  /** Buffers for outgoing block frames, shared by the tab's swarms and channels. */
  frames?: FramePool;
  storage: SwarmStorage;
  faults?: TestFaults;
  /** Called once if the swarm stops by itself (storage failed): the worker forgets it. */
  onStopped: () => void;
}

/**
 * One swarm inside the worker: the engine, its storage, and the plumbing to the page — links that
 * post frames to the page, events batched per tick, throttled snapshots, the finished file, and the
 * end of the swarm (left, or stopped because storage failed).
 */
export class SwarmRunner {
  readonly swarmId: string;
  readonly engine: SwarmEngine;
  private readonly manifest: Manifest;
  private readonly post: Post;
  private readonly storage: SwarmStorage;
  private readonly faults: TestFaults | undefined;
  private readonly onStopped: () => void;
  private events: TimedEvent[] = [];
  private lastSnapshot = 0;
  private detailWatched = false;
  private lastDetail = Number.NEGATIVE_INFINITY;
  private delivered = false;
  private ended = false;

  constructor(o: SwarmRunnerOptions) {
    ({ swarmId: this.swarmId, manifest: this.manifest, post: this.post, storage: this.storage } = o);
    this.faults = o.faults;
    this.onStopped = o.onStopped;
    this.engine = new SwarmEngine({
      manifest: o.manifest,
      swarmId: o.swarmId,
      selfId: o.selfId,
      store: this.watchWrites(o.storage.store),
      hasher: o.hasher,
      frames: o.frames,
      clock: { now: epochNow },
      random: Math.random,
      have: o.storage.haveAll ? 'all' : [],
      onEvent: (e) => this.onEvent(e),
    });
    this.post({ type: 'storage', swarmId: this.swarmId, kind: o.storage.kind });
  }

  /**
   * The engine's link to a peer: straight onto the data channel this worker holds (`channel`), or,
   * where the page could not hand the channel over, relayed through the page. Closing always goes
   * through the page, which owns the connection.
   */
  linkTo(peerId: string, channel?: ChannelLink): PeerLink {
    const send = (data: string | ArrayBuffer, transfer: Transferable[]) =>
      channel
        ? channel.send(data)
        : this.post({ type: 'send', swarmId: this.swarmId, peerId, data }, transfer);
    const link: PeerLink = {
      sendText: (text) => send(text, []),
      sendBinary: (frame) => send(frame, [frame]),
      // Relayed through the page, a link has no backpressure the worker can see: always ready.
      ...(channel && { readyForBlock: () => channel.ready() }),
      close: (reason) => this.post({ type: 'close-peer', swarmId: this.swarmId, peerId, reason }),
    };
    return withFaults(link, this.faults);
  }

  /**
   * The page hears from a swarm once per snapshot: the events since the last one and, when due, the
   * detail go out just before it, and the page applies all three in one render (app-state.ts). Sent
   * as they came (events every tick, detail on its own clock), a downloading card rendered about five
   * times a second instead of twice.
   */
  tick(now: number): void {
    this.engine.tick();
    if (now - this.lastSnapshot < SNAPSHOT_INTERVAL_MS) return;
    if (this.detailWatched && now - this.lastDetail >= DETAIL_INTERVAL_MS) this.sendDetail(now);
    this.sendSnapshot(now);
  }

  /** The page opened (or closed) a view of this swarm's detail; when opened, one is sent at once. */
  watchDetail(on: boolean, now: number): void {
    this.detailWatched = on;
    if (on && !this.ended) this.sendDetail(now);
  }

  private sendDetail(now: number): void {
    this.lastDetail = now;
    const detail = this.engine.detail();
    this.post({ type: 'detail', swarmId: this.swarmId, detail }, detailTransferables(detail));
  }

  private flushEvents(): void {
    if (this.events.length === 0) return;
    this.post({ type: 'events', swarmId: this.swarmId, events: this.events });
    this.events = [];
  }

  /** Sends the events not yet sent, then the snapshot (the page renders them together). */
  sendSnapshot(now: number): void {
    this.flushEvents();
    this.lastSnapshot = now;
    const pieces = this.engine.pieceStates();
    this.post({ type: 'snapshot', swarmId: this.swarmId, snapshot: this.engine.snapshot(), pieces }, [
      pieces.buffer,
    ]);
  }

  /** Leaves the swarm and releases its storage (an OPFS file is deleted). */
  end(reason: string): Promise<void> {
    if (this.ended) return Promise.resolve();
    this.ended = true;
    this.engine.stop(reason);
    return this.storage.dispose();
  }

  private onEvent(e: EngineEvent): void {
    this.events.push({ ...e, at: Date.now() });
    if (e.kind === 'complete' || (e.kind === 'piece-verified' && this.engine.isComplete))
      void this.deliverFile();
  }

  /**
   * A rejected write, or a piece that cannot be read back to be verified, stops the engine (it reports
   * 'storage-error' and stops itself); the runner turns that into a 'swarm-error' the page shows,
   * then deletes what was stored, so other transfers keep their space. A failed read of a block to
   * upload does not stop the engine, and is only logged.
   */
  private watchWrites(store: PieceStore): PieceStore {
    const onFailure = (err: unknown) => {
      // After the engine has logged its 'storage-error' and decided whether to stop.
      setTimeout(() => {
        if (this.engine.isStopped) this.onStorageFailed(err);
      }, 0);
      throw err;
    };
    return {
      readInto: (piece, offset, into) => store.readInto(piece, offset, into).catch(onFailure),
      writeBlock: (piece, offset, data, pieceLength) =>
        store.writeBlock(piece, offset, data, pieceLength).catch(onFailure),
    };
  }

  private onStorageFailed(err: unknown): void {
    if (this.ended) return; // a write that lost the race with leaving, or a second failure
    this.flushEvents();
    const { name, size } = this.manifest;
    const problem: Problem =
      err instanceof StorageFullError
        ? { code: 'storage-full', name, size, piece: err.piece, bytes: err.bytes }
        : { code: 'store-failed', name, reason: err instanceof Error ? err.message : String(err) };
    this.post({ type: 'swarm-error', swarmId: this.swarmId, problem });
    void this.end('storage failed');
    this.onStopped();
  }

  /** Once every piece is verified, hands the page the finished file (the tab keeps seeding). */
  private async deliverFile(): Promise<void> {
    if (this.delivered || this.storage.haveAll) return;
    this.delivered = true;
    try {
      const file = await this.storage.finishedFile();
      this.sendSnapshot(epochNow());
      this.post({ type: 'file-ready', swarmId: this.swarmId, file });
    } catch (err) {
      this.onStorageFailed(err);
    }
  }
}
