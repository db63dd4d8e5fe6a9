/// <reference lib="webworker" />
import { swarmIdOf } from '@minibit/protocol';
import type { FromWorker, ToWorker } from '../worker-messages.ts';
import { FilePieceStore } from './file-piece-store.ts';
import { formatBytes } from '../format.ts';
import { hashFile, pickHasher } from './piece-hashing.ts';
import { SwarmRunner } from './swarm-runner.ts';

/**
 * The engine worker: runs every swarm of this tab. The page forwards data-channel traffic here and
 * sends out whatever the engines answer; the swarm logic never runs on the main thread.
 */

declare const self: DedicatedWorkerGlobalScope;

const TICK_MS = 100;
/**
 * Verified pieces are kept in this worker's memory; past this size a download is refused up front
 * with a clear message instead of the tab running out of memory halfway.
 */
const MEMORY_STORE_LIMIT_BYTES = 2 * 1024 ** 3;
let { hasher, name: hasherName } = pickHasher();
let storageLimitBytes = MEMORY_STORE_LIMIT_BYTES;
const runners = new Map<string, SwarmRunner>();
/** Files hashed for sharing, until their swarm opens. */
const hashedFiles = new Map<number, File>();

const post = (message: FromWorker, transfer: Transferable[] = []) => self.postMessage(message, transfer);

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const m = event.data;
  switch (m.type) {
    case 'configure':
      if (m.faults.noWebCrypto) ({ hasher, name: hasherName } = pickHasher(true));
      if (m.faults.storageLimitBytes !== undefined) storageLimitBytes = m.faults.storageLimitBytes;
      return;
    case 'hash-file':
      return void shareFile(m.jobId, m.file, m.pieceSize);
    case 'open-swarm': {
      if (runners.has(m.swarmId)) return;
      const file = m.jobId !== undefined ? hashedFiles.get(m.jobId) : undefined;
      if (!file && m.manifest.size > storageLimitBytes) {
        const error =
          `“${m.manifest.name}” is ${formatBytes(m.manifest.size)}, more than this tab can hold ` +
          `(${formatBytes(storageLimitBytes)}). Nothing was downloaded; other transfers go on.`;
        return post({ type: 'swarm-error', swarmId: m.swarmId, error });
      }
      const source = file ? new FilePieceStore(file, m.manifest) : null;
      runners.set(
        m.swarmId,
        new SwarmRunner(m.swarmId, m.manifest, m.selfId, post, hasher, source, m.faults),
      );
      return;
    }
    case 'leave-swarm':
      runners.get(m.swarmId)?.engine.stop('left the swarm');
      runners.delete(m.swarmId);
      return;
    case 'peer-open': {
      const runner = runners.get(m.swarmId);
      runner?.engine.addPeer(m.peerId, runner.linkTo(m.peerId));
      return;
    }
    case 'peer-data':
      return runners.get(m.swarmId)?.engine.receive(m.peerId, m.data);
    case 'peer-closed':
      return runners.get(m.swarmId)?.engine.removePeer(m.peerId, m.reason);
  }
};

async function shareFile(jobId: number, file: File, pieceSize?: number): Promise<void> {
  if (file.size === 0) {
    return post({
      type: 'share-failed',
      jobId,
      error: `“${file.name}” is empty (0 bytes): there is nothing to share.`,
    });
  }
  const started = performance.now();
  let lastProgress = 0;
  try {
    const manifest = await hashFile(
      file,
      hasher,
      (hashed, total) => {
        const now = performance.now();
        if (now - lastProgress > 100 || hashed === total) {
          lastProgress = now;
          post({ type: 'hash-progress', jobId, hashed, total });
        }
      },
      pieceSize,
    );
    hashedFiles.set(jobId, file);
    const ms = performance.now() - started;
    post({ type: 'hashed', jobId, manifest, swarmId: swarmIdOf(manifest), hasher: hasherName, ms });
  } catch (err) {
    post({ type: 'share-failed', jobId, error: err instanceof Error ? err.message : String(err) });
  }
}

setInterval(() => {
  const now = performance.now();
  for (const runner of runners.values()) runner.tick(now);
}, TICK_MS);
