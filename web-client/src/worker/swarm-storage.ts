import { type Manifest, MemoryPieceStore, type PieceStore } from '@minibit/protocol';
import type { StorageKind } from '../worker-messages.ts';
import { FilePieceStore } from './file-piece-store.ts';
import { OpfsPieceStore } from './opfs-piece-store.ts';
import type { TabDirectory } from './tab-directory.ts';

/**
 * Where one swarm's pieces live, chosen when the swarm opens, and what the runner needs from it: the
 * engine's store, the finished file for the page, and clean-up when the swarm ends.
 */
export interface SwarmStorage {
  kind: StorageKind;
  store: PieceStore;
  /** True for the sharer: every piece is there from the start. */
  haveAll: boolean;
  /** The complete file, for the page's Save link. */
  finishedFile(): Promise<Blob>;
  /** Releases the storage (deletes the swarm's file); the swarm is over in this tab. */
  dispose(): Promise<void>;
}

/** The sharer's picked file: pieces are read from it on demand, nothing is written. */
export function sharedFileStorage(file: File, manifest: Manifest): SwarmStorage {
  return {
    kind: 'shared-file',
    store: new FilePieceStore(file, manifest),
    haveAll: true,
    finishedFile: async () => file,
    dispose: async () => {},
  };
}

/** One OPFS file per swarm in this tab's directory: memory stays flat however large the file. */
export function opfsStorage(
  tabDir: TabDirectory,
  swarmId: string,
  manifest: Manifest,
  limitBytes?: number,
): SwarmStorage {
  const store = new OpfsPieceStore(tabDir.swarmFile(swarmId), manifest.pieceSize, limitBytes);
  return {
    kind: 'opfs',
    store,
    haveAll: false,
    finishedFile: () => store.file(),
    dispose: () => tabDir.removeSwarmFile(swarmId, store.close()),
  };
}

/** The fallback where OPFS is missing (a plain-http page): pieces in this worker's memory. */
export function memoryStorage(manifest: Manifest): SwarmStorage {
  const store = new MemoryPieceStore();
  return {
    kind: 'memory',
    store,
    haveAll: false,
    finishedFile: async () =>
      new Blob(store.piecesInOrder(manifest.pieces.length) as Uint8Array<ArrayBuffer>[], {
        type: 'application/octet-stream',
      }),
    dispose: async () => {},
  };
}
