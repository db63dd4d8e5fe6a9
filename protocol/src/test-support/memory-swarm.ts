import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { EngineEvent } from '../engine-events.ts';
import type { PeerLink } from '../engine-ports.ts';
import { choosePieceSize, type Manifest, pieceLength, swarmIdOf } from '../manifest.ts';
import { MemoryPieceStore } from '../memory-piece-store.ts';
import { nobleHasher } from '../noble-hasher.ts';
import { SwarmEngine, type SwarmEngineOptions } from '../swarm-engine.ts';
import { mulberry32 } from './seeded-random.ts';

/**
 * Several SwarmEngines wired together in memory, with a hand-driven clock: the data plane of a swarm
 * with no WebRTC. Messages queue per link and are delivered by `run()`, which also lets the engines'
 * hashing and storage promises settle, so a test reads like "connect, run, assert".
 */

/** Seeded randomness for engines and test data (mulberry32). */
export const seededRandom = mulberry32;

export function randomBytes(size: number, seed: number): Uint8Array {
  const random = seededRandom(seed);
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = Math.floor(random() * 256);
  return out;
}

export function manifestFor(
  name: string,
  bytes: Uint8Array,
  pieceSize = choosePieceSize(bytes.byteLength),
): Manifest {
  const m: Manifest = { v: 1, name, size: bytes.byteLength, pieceSize, pieces: [] };
  const count = Math.ceil(bytes.byteLength / pieceSize);
  for (let i = 0; i < count; i++) {
    const start = i * pieceSize;
    m.pieces.push(bytesToHex(sha256(bytes.subarray(start, start + pieceLength(m, i)))));
  }
  return m;
}

type Delivery =
  { to: string; from: string; data: string | ArrayBuffer } | { close: [string, string]; reason: string };

export interface MemoryPeer {
  id: string;
  engine: SwarmEngine;
  store: MemoryPieceStore;
  events: EngineEvent[];
}

export class MemorySwarm {
  now = 0;
  readonly peers = new Map<string, MemoryPeer>();
  private queue: Delivery[] = [];
  /** Bytes each peer may send per round (its uplink); Infinity = unlimited. */
  uplinkBytesPerRound = Number.POSITIVE_INFINITY;
  /** Hooks a test can set to tamper with traffic: return null to drop, or other data to replace it. */
  tamper: ((from: string, to: string, data: string | ArrayBuffer) => string | ArrayBuffer | null) | null =
    null;
  readonly manifest: Manifest;
  readonly swarmId: string;

  constructor(
    readonly file: Uint8Array,
    readonly name = 'file.bin',
    pieceSize?: number,
  ) {
    this.manifest = manifestFor(name, file, pieceSize);
    this.swarmId = swarmIdOf(this.manifest);
  }

  addPeer(
    id: string,
    opts: {
      seed?: boolean;
      have?: number[];
      random?: number;
      config?: SwarmEngineOptions['config'];
      frames?: SwarmEngineOptions['frames'];
      store?: MemoryPieceStore;
    } = {},
  ): MemoryPeer {
    const store = opts.store ?? new MemoryPieceStore();
    const events: EngineEvent[] = [];
    const have = opts.seed ? [...Array(this.manifest.pieces.length).keys()] : (opts.have ?? []);
    for (const i of have) {
      const start = i * this.manifest.pieceSize;
      const length = pieceLength(this.manifest, i);
      void store.writeBlock(i, 0, this.file.subarray(start, start + length), length);
    }
    const engine = new SwarmEngine({
      manifest: this.manifest,
      swarmId: this.swarmId,
      selfId: id,
      store,
      hasher: nobleHasher,
      clock: { now: () => this.now },
      random: seededRandom(opts.random ?? id.length * 7919 + id.charCodeAt(0)),
      have,
      config: opts.config,
      frames: opts.frames,
      onEvent: (e) => events.push(e),
    });
    const peer = { id, engine, store, events };
    this.peers.set(id, peer);
    return peer;
  }

  linkFor(from: string, to: string): PeerLink {
    return {
      sendText: (text) => this.queue.push({ from, to, data: text }),
      sendBinary: (frame) => this.queue.push({ from, to, data: frame }),
      close: (reason) => this.queue.push({ close: [from, to], reason }),
    };
  }

  connect(a: string, b: string): void {
    this.peers.get(a)!.engine.addPeer(b, this.linkFor(a, b));
    this.peers.get(b)!.engine.addPeer(a, this.linkFor(b, a));
  }

  connectAll(): void {
    const ids = [...this.peers.keys()];
    for (let i = 0; i < ids.length; i++)
      for (let j = i + 1; j < ids.length; j++) this.connect(ids[i]!, ids[j]!);
  }

  /** Removes a peer as if its tab closed: every other engine sees the channel close. */
  kill(id: string): void {
    this.peers.get(id)!.engine.stop('tab closed');
    this.peers.delete(id);
    for (const p of this.peers.values()) p.engine.removePeer(id, 'channel closed');
  }

  /**
   * Delivers messages and advances the clock by `tickMs` whenever the network goes quiet, until
   * `done()` or `maxSteps` rounds. Returns the number of rounds used.
   */
  async run(done: () => boolean, opts: { tickMs?: number; maxSteps?: number } = {}): Promise<number> {
    const tickMs = opts.tickMs ?? 250;
    const maxSteps = opts.maxSteps ?? 20_000;
    for (let step = 0; step < maxSteps; step++) {
      if (done()) return step;
      const batch = this.queue;
      this.queue = [];
      const spent = new Map<string, number>();
      const held: Delivery[] = [];
      for (const d of batch) {
        const from = 'close' in d ? d.close[0] : d.from;
        const size = 'close' in d ? 0 : typeof d.data === 'string' ? d.data.length : d.data.byteLength;
        const used = spent.get(from) ?? 0;
        // Once a sender's uplink is spent this round, the rest of its traffic waits, in order.
        if (
          used >= this.uplinkBytesPerRound ||
          held.some((h) => ('close' in h ? h.close[0] : h.from) === from)
        ) {
          held.push(d);
          continue;
        }
        spent.set(from, used + size);
        this.deliver(d);
      }
      this.queue = [...held, ...this.queue];
      await new Promise((r) => setImmediate(r));
      const busy = [...this.peers.values()].some((p) => p.engine.pending > 0);
      if ((this.queue.length === 0 && !busy) || Number.isFinite(this.uplinkBytesPerRound)) {
        this.now += tickMs;
        for (const p of this.peers.values()) p.engine.tick();
      }
    }
    throw new Error(`swarm did not settle in ${maxSteps} rounds`);
  }

  private deliver(d: Delivery): void {
    if ('close' in d) {
      const [from, to] = d.close;
      this.peers.get(to)?.engine.removePeer(from, `closed by ${from}: ${d.reason}`);
      this.peers.get(from)?.engine.removePeer(to, d.reason);
      return;
    }
    let data: string | ArrayBuffer | null = d.data;
    if (this.tamper) data = this.tamper(d.from, d.to, d.data);
    if (data !== null) this.peers.get(d.to)?.engine.receive(d.from, data);
  }

  fileOf(id: string): Uint8Array {
    const parts = this.peers.get(id)!.store.piecesInOrder(this.manifest.pieces.length);
    const out = new Uint8Array(this.manifest.size);
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.byteLength;
    }
    return out;
  }
}
