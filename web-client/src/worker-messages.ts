import type { EngineEvent, EngineSnapshot, Manifest, SwarmDetail, SwarmSettings } from '@minibit/protocol';
import type { TestFaults } from './worker/fault-injection.ts';

/**
 * Messages between the page (main thread) and the engine worker. Bytes always travel as transferred
 * ArrayBuffers. The page owns the WebRTC connections; the worker owns the swarm logic and the pieces.
 */

export type ToWorker =
  /** Sent once, first, when a test harness planted faults in the page. */
  | { type: 'configure'; faults: TestFaults }
  /** Hash a file to share it; answered by 'hash-progress'* then 'hashed' or 'share-failed'. */
  | { type: 'hash-file'; jobId: number; file: File; pieceSize?: number }
  /** Start the engine for a swarm we joined (as sharer: the hashed file of `jobId` backs it). */
  | {
      type: 'open-swarm';
      swarmId: string;
      manifest: Manifest;
      selfId: string;
      jobId?: number;
      /** Test-only misbehaviour (see worker/fault-injection.ts); absent for real users. */
      faults?: TestFaults;
    }
  | { type: 'leave-swarm'; swarmId: string }
  /** This tab's upload cap for every swarm it is in, bytes per second; null lifts it. */
  | { type: 'set-upload-limit'; bytesPerSecond: number | null }
  /**
   * The swarm's settings (from the tracker: the teacher's dashboard or the sharer) and whether this
   * peer is to free-ride; may come before the swarm opens, and is applied when it does. `assigned`
   * (hex bitfield) is this peer's share while the teacher's pre-distribution runs.
   */
  | {
      type: 'apply-settings';
      swarmId: string;
      settings: SwarmSettings;
      freeRider: boolean;
      assigned?: string;
    }
  /**
   * { type: 'watch-detail', swarmId, watching } — a view of the swarm's detail opened (true) or the
   * last one closed (false): 'detail' messages come about once a second in between, none otherwise.
   * May come before the swarm opens.
   */
  | { type: 'watch-detail'; swarmId: string; watching: boolean }
  /**
   * The connection's peer-protocol channel, transferred in the task that created it (the only moment
   * Chromium allows); the worker sends and receives on it directly. A peer without one is relayed
   * through 'peer-data' / 'send'.
   */
  | { type: 'peer-channel'; swarmId: string; peerId: string; channel: RTCDataChannel }
  /** The connection is up: the worker adds the peer (once its channel, if it has one, is open). */
  | { type: 'peer-open'; swarmId: string; peerId: string }
  | { type: 'peer-data'; swarmId: string; peerId: string; data: string | ArrayBuffer }
  | { type: 'peer-closed'; swarmId: string; peerId: string; reason: string };

export type FromWorker =
  | { type: 'hash-progress'; jobId: number; hashed: number; total: number }
  | { type: 'hashed'; jobId: number; manifest: Manifest; swarmId: string; hasher: HasherKind; ms: number }
  | { type: 'share-failed'; jobId: number; problem: Problem }
  | { type: 'send'; swarmId: string; peerId: string; data: string | ArrayBuffer }
  | { type: 'close-peer'; swarmId: string; peerId: string; reason: string }
  | { type: 'snapshot'; swarmId: string; snapshot: EngineSnapshot; pieces: Uint8Array }
  /** The bulky view (per-piece availability and sources, bitfields, history); arrays transferred. */
  | { type: 'detail'; swarmId: string; detail: SwarmDetail }
  | { type: 'events'; swarmId: string; events: TimedEvent[] }
  /** Where this swarm's pieces are kept in this tab; sent once, when the swarm opens. */
  | { type: 'storage'; swarmId: string; kind: StorageKind }
  /** The finished download (for OPFS, a File backed by storage: the page never holds the bytes). */
  | { type: 'file-ready'; swarmId: string; file: Blob }
  /** The swarm stopped in this tab (refused, or storage failed); the worker has already cleaned up. */
  | { type: 'swarm-error'; swarmId: string; problem: Problem };

/** Which SHA-256 a tab hashes with: WebCrypto, or the pure-JS @noble/hashes where there is none. */
export type HasherKind = 'webcrypto' | 'noble';

/**
 * What went wrong, for the page to say in its language (catalog keys `problems.*`). Sizes are bytes;
 * `reason` is an error's own message (from the browser or the storage code), shown as is.
 */
export type Problem =
  /** { code: 'empty-file', name } — a 0-byte file cannot be shared. */
  | { code: 'empty-file'; name: string }
  /** { code: 'hash-failed', reason } — reading or hashing the file failed. */
  | { code: 'hash-failed'; reason: string }
  /** { code: 'too-large-for-memory', name, size, limit } — refused up front (no OPFS here). */
  | { code: 'too-large-for-memory'; name: string; size: number; limit: number }
  /** { code: 'storage-full', name, size, piece, bytes } — the browser would not store a piece. */
  | { code: 'storage-full'; name: string; size: number; piece: number; bytes: number }
  /** { code: 'store-failed', name, reason } — any other storage failure. */
  | { code: 'store-failed'; name: string; reason: string };

/**
 * 'opfs': a file in the Origin Private File System; 'memory': the worker's memory (where OPFS is
 * missing, e.g. a plain-http page); 'shared-file': the sharer's own picked file.
 */
export type StorageKind = 'opfs' | 'memory' | 'shared-file';

export type TimedEvent = EngineEvent & { at: number };
