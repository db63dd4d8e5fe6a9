import type { EngineEvent, EngineSnapshot, Manifest, SwarmSettings } from '@minibit/protocol';
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
   * peer is to free-ride; may come before the swarm opens, and is applied when it does.
   */
  | { type: 'apply-settings'; swarmId: string; settings: SwarmSettings; freeRider: boolean }
  | { type: 'peer-open'; swarmId: string; peerId: string }
  | { type: 'peer-data'; swarmId: string; peerId: string; data: string | ArrayBuffer }
  | { type: 'peer-closed'; swarmId: string; peerId: string; reason: string };

export type FromWorker =
  | { type: 'hash-progress'; jobId: number; hashed: number; total: number }
  | { type: 'hashed'; jobId: number; manifest: Manifest; swarmId: string; hasher: string; ms: number }
  | { type: 'share-failed'; jobId: number; error: string }
  | { type: 'send'; swarmId: string; peerId: string; data: string | ArrayBuffer }
  | { type: 'close-peer'; swarmId: string; peerId: string; reason: string }
  | { type: 'snapshot'; swarmId: string; snapshot: EngineSnapshot; pieces: Uint8Array }
  | { type: 'events'; swarmId: string; events: TimedEvent[] }
  /** Where this swarm's pieces are kept in this tab; sent once, when the swarm opens. */
  | { type: 'storage'; swarmId: string; kind: StorageKind }
  /** The finished download (for OPFS, a File backed by storage: the page never holds the bytes). */
  | { type: 'file-ready'; swarmId: string; file: Blob }
  /** The swarm stopped in this tab (refused, or storage failed); the worker has already cleaned up. */
  | { type: 'swarm-error'; swarmId: string; error: string };

/**
 * 'opfs': a file in the Origin Private File System; 'memory': the worker's memory (where OPFS is
 * missing, e.g. a plain-http page); 'shared-file': the sharer's own picked file.
 */
export type StorageKind = 'opfs' | 'memory' | 'shared-file';

export type TimedEvent = EngineEvent & { at: number };
