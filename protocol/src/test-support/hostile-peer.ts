import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { expect } from 'vitest';
import { encodeBlockFrame } from '../block-frame.ts';
import type { EngineConfig } from '../engine-config.ts';
import type { EngineEvent } from '../engine-events.ts';
import type { PeerLink } from '../engine-ports.ts';
import { PROTOCOL_VERSION } from '../limits.ts';
import { pieceLength } from '../manifest.ts';
import type { SwarmEngine } from '../swarm-engine.ts';
import { encodeWireMessage, parseWireMessage, type WireMessage } from '../wire-messages.ts';
import { type MemoryPeer, MemorySwarm, randomBytes } from './memory-swarm.ts';

/**
 * Tools for hostile-peer tests:
 *  - RecordingLink: a PeerLink that records what the engine sent (parsed control messages, raw
 *    block frames), whether and why the engine closed it, and anything sent after closing;
 *  - HandPeer: a peer the test speaks for by hand (`say`), attached to one engine of a MemorySwarm;
 *  - guardVerified: checks every piece an engine verifies against the original file, as it does;
 *  - HostileSetup: a victim engine, an honest seed and a HandPeer "mallory", with the assertions
 *    every protocol-error test shares (`expectDropped`, `expectHonestFinish`).
 */

/** Hex SHA-256: files are compared by digest, never by deep equality of megabytes. */
export const digest = (bytes: Uint8Array): string => bytesToHex(sha256(bytes));

/** A PeerLink to a peer the test drives by hand: records everything the engine says to it. */
export class RecordingLink implements PeerLink {
  readonly messages: WireMessage[] = [];
  readonly frames: ArrayBuffer[] = [];
  closed: string | null = null;
  /** Messages or frames the engine tried to send after closing the link (should stay 0). */
  sentAfterClose = 0;
  /** Backpressure, for tests that want it (PeerLink.readyForBlock); absent, the link is always ready. */
  readyForBlock?: () => boolean;

  sendText(text: string): void {
    if (this.closed !== null) this.sentAfterClose++;
    const parsed = parseWireMessage(text);
    if (!parsed.ok) throw new Error(`engine sent an invalid message: ${parsed.error}`);
    this.messages.push(parsed.value);
  }

  sendBinary(frame: ArrayBuffer): void {
    if (this.closed !== null) this.sentAfterClose++;
    this.frames.push(frame);
  }

  close(reason: string): void {
    this.closed ??= reason;
  }

  /** The engine's messages of one type, e.g. `of('request')`. */
  of<T extends WireMessage['t']>(t: T): Extract<WireMessage, { t: T }>[] {
    return this.messages.filter((m): m is Extract<WireMessage, { t: T }> => m.t === t);
  }
}

/** The bytes of piece `i` of the swarm's original file. */
export function originalPiece(swarm: MemorySwarm, i: number): Uint8Array {
  const start = i * swarm.manifest.pieceSize;
  return swarm.file.subarray(start, start + pieceLength(swarm.manifest, i));
}

/** Every piece a peer verified, and the ones whose stored bytes then differed from the original. */
export interface VerifiedPieces {
  pieces: number[];
  corrupt: number[];
}

/**
 * Watches a peer's 'piece-verified' events and checks, at that moment, the piece's bytes in its store
 * against the original file. Blocks go to the store unverified (PieceStore.writeBlock), so a liar's
 * bytes may sit there for a while; what must never happen is a piece verified with them. The engine
 * hashes the stored bytes themselves, so this fails only if the engine verifies without hashing what
 * is stored (or the store changes a piece afterwards); the final check of a whole file is
 * `piecesDifferingFromOriginal`.
 */
export function guardVerified(swarm: MemorySwarm, peer: MemoryPeer): VerifiedPieces {
  const verified: VerifiedPieces = { pieces: [], corrupt: [] };
  const push = peer.events.push.bind(peer.events);
  peer.events.push = (...events) => {
    for (const e of events) {
      if (e.kind !== 'piece-verified') continue;
      verified.pieces.push(e.piece);
      const stored = peer.store.peek(e.piece);
      if (!stored || digest(stored) !== digest(originalPiece(swarm, e.piece))) verified.corrupt.push(e.piece);
    }
    return push(...events);
  };
  return verified;
}

/** Reads every piece back from a peer's store and lists the ones that differ from the original. */
export async function piecesDifferingFromOriginal(swarm: MemorySwarm, peer: MemoryPeer): Promise<number[]> {
  const bad: number[] = [];
  for (let i = 0; i < swarm.manifest.pieces.length; i++) {
    const length = pieceLength(swarm.manifest, i);
    const stored = new Uint8Array(length);
    const read = await peer.store.readInto(i, 0, stored).then(
      () => true,
      () => false,
    );
    if (!read || digest(stored) !== digest(originalPiece(swarm, i))) bad.push(i);
  }
  return bad;
}

export const eventsOf = <K extends EngineEvent['kind']>(
  events: readonly EngineEvent[],
  kind: K,
): Extract<EngineEvent, { kind: K }>[] =>
  events.filter((e): e is Extract<EngineEvent, { kind: K }> => e.kind === kind);

/** Flips one byte of a block frame's data, leaving its header intact. */
export function corruptFrame(frame: ArrayBuffer): ArrayBuffer {
  const copy = new Uint8Array(frame.slice(0));
  copy[copy.length - 1]! ^= 0xff;
  return copy.buffer;
}

export const allComplete = (s: MemorySwarm) => () => [...s.peers.values()].every((p) => p.engine.isComplete);

export const MALLORY = 'mallory';

/** Lets an engine's hashing and storage promises settle (no timers: a few turns of the event loop). */
export async function settle(engine: { pending: number }): Promise<void> {
  for (let turn = 0; turn < 100; turn++) {
    await new Promise((resolve) => setImmediate(resolve));
    if (engine.pending === 0) return;
  }
  throw new Error('engine did not settle');
}

/**
 * A peer the test drives by hand, attached to one engine of a MemorySwarm: the test speaks for it
 * with `say`, and reads what the engine sent it from `link`.
 */
export class HandPeer {
  readonly link = new RecordingLink();

  constructor(
    readonly id: string,
    readonly swarm: MemorySwarm,
    readonly engine: SwarmEngine,
  ) {
    engine.addPeer(id, this.link);
  }

  get pieceCount(): number {
    return this.swarm.manifest.pieces.length;
  }

  /** A handshake that would be accepted; override fields to make it hostile. */
  handshake(overrides: Partial<Extract<WireMessage, { t: 'handshake' }>> = {}): WireMessage {
    return { t: 'handshake', v: PROTOCOL_VERSION, swarm: this.swarm.swarmId, peer: this.id, ...overrides };
  }

  /** A bitfield in wire form: every piece, or none. */
  bits(all: boolean): string {
    const bytes = new Uint8Array(Math.ceil(this.pieceCount / 8));
    if (all) for (let i = 0; i < this.pieceCount; i++) bytes[i >> 3]! |= 0x80 >> (i & 7);
    return bytesToHex(bytes);
  }

  say(m: WireMessage): void {
    this.engine.receive(this.id, encodeWireMessage(m));
  }

  sayRaw(data: string | ArrayBuffer): void {
    this.engine.receive(this.id, data);
  }

  /** A valid opening: handshake, then a bitfield of every piece (`seeder`) or of none. */
  greet(seeder: boolean): void {
    this.say(this.handshake());
    this.say({ t: 'bitfield', bits: this.bits(seeder) });
  }

  /** Greets as a seeder and unchokes the engine; returns the requests the engine then sent. */
  greetAndUnchoke(): Extract<WireMessage, { t: 'request' }>[] {
    this.greet(true);
    this.say({ t: 'unchoke' });
    return this.link.of('request');
  }

  /** Answers a request honestly: a frame with the original file's bytes. */
  answer(r: { piece: number; offset: number; length: number }): void {
    const start = r.piece * this.swarm.manifest.pieceSize + r.offset;
    this.sayRaw(encodeBlockFrame(r.piece, r.offset, this.swarm.file.subarray(start, start + r.length)));
  }
}

export interface HostileSetupOptions {
  size?: number;
  pieceSize?: number;
  /** Pieces the victim starts with (it downloads the rest from an honest seed). */
  victimHas?: number[];
  victimConfig?: Partial<EngineConfig>;
}

/**
 * A victim engine with one honest seed, and mallory, a HandPeer added to the victim before any
 * traffic flows (so the victim has already sent mallory its handshake and bitfield, and has not yet
 * heard from the seed).
 */
export class HostileSetup {
  readonly swarm: MemorySwarm;
  readonly victim: MemoryPeer;
  readonly mallory: HandPeer;
  readonly verified: VerifiedPieces;

  constructor(opts: HostileSetupOptions = {}) {
    this.swarm = new MemorySwarm(randomBytes(opts.size ?? 300_000, 11), 'file.bin', opts.pieceSize);
    this.swarm.addPeer('seed', { seed: true });
    this.victim = this.swarm.addPeer('victim', { have: opts.victimHas ?? [], config: opts.victimConfig });
    this.verified = guardVerified(this.swarm, this.victim);
    this.swarm.connectAll();
    this.mallory = new HandPeer(MALLORY, this.swarm, this.victim.engine);
  }

  get pieceCount(): number {
    return this.swarm.manifest.pieces.length;
  }

  get link(): RecordingLink {
    return this.mallory.link;
  }

  get events(): EngineEvent[] {
    return this.victim.events;
  }

  /** Protocol errors the victim reported about mallory. */
  get errors(): string[] {
    return eventsOf(this.events, 'protocol-error')
      .filter((e) => e.peer === MALLORY)
      .map((e) => e.error);
  }

  /**
   * Mallory was dropped for `reason`: one protocol-error, the link closed with the same text, the
   * peer forgotten (not connected, not in the snapshot, its pieces no longer counted as available),
   * and anything it says afterwards ignored. Call before running the swarm.
   */
  expectDropped(reason: RegExp): void {
    const { engine } = this.victim;
    expect(this.errors).toHaveLength(1);
    const error = this.errors[0]!;
    expect(error).toMatch(reason);
    expect(this.link.closed).toBe(error);
    expect(eventsOf(this.events, 'peer-disconnected')).toContainEqual({
      kind: 'peer-disconnected',
      peer: MALLORY,
      reason: error,
    });
    expect(engine.connectedPeers).not.toContain(MALLORY);
    expect(engine.snapshot().peers.map((p) => p.id)).not.toContain(MALLORY);
    // The honest seed's bitfield has not been delivered yet: only mallory could have counted.
    for (let i = 0; i < this.pieceCount; i++) expect(engine.availability(i)).toBe(0);

    const before = this.events.length;
    this.mallory.say({ t: 'interested' });
    this.mallory.sayRaw('not even JSON');
    expect(this.events.length).toBe(before);
    expect(this.link.sentAfterClose).toBe(0);
  }

  /**
   * The victim still completes from the honest seed, byte for byte, with nothing from mallory: no
   * piece credited to it, no store write that differs from the original.
   */
  async expectHonestFinish(): Promise<void> {
    await this.swarm.run(allComplete(this.swarm));
    expect(digest(this.swarm.fileOf('victim'))).toBe(digest(this.swarm.file));
    expect(this.verified.corrupt).toEqual([]);
    expect(eventsOf(this.events, 'piece-verified').filter((e) => e.from === MALLORY)).toEqual([]);
    expect(this.victim.engine.snapshot().bytesFromPeer[MALLORY]).toBeUndefined();
    expect(this.link.sentAfterClose).toBe(0);
  }
}
