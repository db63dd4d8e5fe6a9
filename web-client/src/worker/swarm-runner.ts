import {
  type EngineEvent,
  type Manifest,
  MemoryPieceStore,
  type PeerLink,
  type PieceHasher,
  type PieceStore,
  SwarmEngine,
} from '@minibit/protocol';
import type { FromWorker, TimedEvent } from '../worker-messages.ts';
import { type TestFaults, withFaults } from './fault-injection.ts';

type Post = (message: FromWorker, transfer?: Transferable[]) => void;

/** How often the page gets a fresh snapshot: often enough to look live, rare enough to cost nothing. */
const SNAPSHOT_INTERVAL_MS = 250;

/**
 * One swarm inside the worker: the engine, its storage, and the plumbing to the page — links that
 * post frames to the page, events batched per tick, throttled snapshots, and the finished file.
 */
export class SwarmRunner {
  readonly engine: SwarmEngine;
  private readonly store: PieceStore;
  private events: TimedEvent[] = [];
  private lastSnapshot = 0;
  private delivered = false;

  constructor(
    readonly swarmId: string,
    readonly manifest: Manifest,
    selfId: string,
    private readonly post: Post,
    hasher: PieceHasher,
    source: PieceStore | null,
    private readonly faults?: TestFaults,
  ) {
    this.store = source ?? new MemoryPieceStore();
    this.engine = new SwarmEngine({
      manifest,
      swarmId,
      selfId,
      store: this.store,
      hasher,
      clock: { now: () => performance.now() },
      random: Math.random,
      have: source ? 'all' : [],
      onEvent: (e) => this.onEvent(e),
    });
  }

  linkTo(peerId: string): PeerLink {
    const link: PeerLink = {
      sendText: (text) => this.post({ type: 'send', swarmId: this.swarmId, peerId, data: text }),
      sendBinary: (frame) => this.post({ type: 'send', swarmId: this.swarmId, peerId, data: frame }, [frame]),
      close: (reason) => this.post({ type: 'close-peer', swarmId: this.swarmId, peerId, reason }),
    };
    return withFaults(link, this.faults);
  }

  tick(now: number): void {
    this.engine.tick();
    if (this.events.length > 0) {
      this.post({ type: 'events', swarmId: this.swarmId, events: this.events });
      this.events = [];
    }
    if (now - this.lastSnapshot >= SNAPSHOT_INTERVAL_MS) this.sendSnapshot(now);
  }

  sendSnapshot(now: number): void {
    this.lastSnapshot = now;
    const pieces = this.engine.pieceStates();
    this.post({ type: 'snapshot', swarmId: this.swarmId, snapshot: this.engine.snapshot(), pieces }, [
      pieces.buffer,
    ]);
  }

  private onEvent(e: EngineEvent): void {
    this.events.push({ ...e, at: Date.now() });
    if (e.kind === 'complete' || (e.kind === 'piece-verified' && this.engine.isComplete))
      void this.deliverFile();
  }

  /** Once every piece is verified, hands the page the file as one Blob (the tab keeps seeding). */
  private async deliverFile(): Promise<void> {
    if (this.delivered || !(this.store instanceof MemoryPieceStore)) return;
    this.delivered = true;
    const parts = this.store.piecesInOrder(this.manifest.pieces.length) as Uint8Array<ArrayBuffer>[];
    const file = new Blob(parts, { type: 'application/octet-stream' });
    this.sendSnapshot(performance.now());
    this.post({ type: 'file-ready', swarmId: this.swarmId, file });
  }
}
