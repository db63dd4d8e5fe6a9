/// <reference lib="webworker" />
import { Bitfield, FramePool, type Manifest, type SwarmSettings, swarmIdOf } from '@minibit/protocol';
import type { FromWorker, Problem, ToWorker } from '../worker-messages.ts';
import type { TestFaults } from './fault-injection.ts';
import { opfsAvailable } from './opfs-piece-store.ts';
import { PeerChannels } from './peer-channels.ts';
import { releaseBuffer } from './release-buffer.ts';
import { hashFile, pickHasher } from './piece-hashing.ts';
import { SwarmRunner } from './swarm-runner.ts';
import { memoryStorage, opfsStorage, sharedFileStorage, type SwarmStorage } from './swarm-storage.ts';
import { TabDirectory } from './tab-directory.ts';
import { epochNow } from './epoch-clock.ts';

/**
 * The engine worker: runs every swarm of this tab. The page forwards data-channel traffic here and
 * sends out whatever the engines answer; the swarm logic never runs on the main thread. A download's
 * pieces go to this tab's OPFS directory where the browser has one, else to the worker's memory
 * (swarm-storage.ts); the choice is made as each swarm opens and shown on its card.
 */

declare const self: DedicatedWorkerGlobalScope;

const TICK_MS = 100;
/**
 * Where OPFS is missing, verified pieces are kept in this worker's memory; past this size a download
 * is refused up front with a clear message instead of the tab running out of memory halfway.
 */
const MEMORY_STORE_LIMIT_BYTES = 2 * 1024 ** 3;
let { hasher, name: hasherName } = pickHasher();
/** Test-only: a smaller limit for either store (see fault-injection.ts). */
let plantedLimitBytes: number | undefined;
let forceMemoryStore = false;
/**
 * This tab's OPFS directory, started at once: it takes the tab's Web Lock and deletes the directories
 * that closed tabs left behind. Null where OPFS is missing (a plain-http page).
 */
const tabDir = opfsAvailable() ? new TabDirectory() : null;
const runners = new Map<string, SwarmRunner>();
/**
 * Outgoing block frames, for every swarm of the tab: an engine reads each block into one, and the
 * channel gives it back once sent (frames relayed through the page are transferred and not reused).
 */
const frames = new FramePool();
/** Data channels the page handed over (see peer-channels.ts); peers without one are relayed. */
const channels = new PeerChannels(frames);
/** The tab's upload cap (bytes per second), applied to every swarm, or null for none. */
let uploadLimit: number | null = null;
/** Files hashed for sharing, until their swarm opens. */
const hashedFiles = new Map<number, File>();
/** The latest settings the tracker sent for each swarm, kept for a swarm that has not opened yet. */
const swarmSettings = new Map<string, PeerSettings>();
/** Swarms whose detail view is open in the page (kept for a swarm that has not opened yet). */
const detailWatched = new Set<string>();

interface PeerSettings {
  settings: SwarmSettings;
  freeRider: boolean;
  assigned?: string;
}

function applySettings(runner: SwarmRunner, s: PeerSettings): void {
  runner.engine.applySettings(s.settings);
  runner.engine.setFreeRider(s.freeRider);
  const share = s.assigned === undefined ? null : Bitfield.fromHex(s.assigned, runner.engine.pieceCount);
  runner.engine.setPredistributionShare(share);
}

const post = (message: FromWorker, transfer: Transferable[] = []) => self.postMessage(message, transfer);

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const m = event.data;
  switch (m.type) {
    case 'configure':
      if (m.faults.noWebCrypto) ({ hasher, name: hasherName } = pickHasher(true));
      plantedLimitBytes = m.faults.storageLimitBytes;
      forceMemoryStore = m.faults.noOpfs === true;
      return;
    case 'hash-file':
      return void shareFile(m.jobId, m.file, m.pieceSize);
    case 'open-swarm': {
      if (runners.has(m.swarmId)) return;
      const file = m.jobId !== undefined ? hashedFiles.get(m.jobId) : undefined;
      const storage = file ? sharedFileStorage(file, m.manifest) : storageForDownload(m.swarmId, m.manifest);
      if ('code' in storage) return post({ type: 'swarm-error', swarmId: m.swarmId, problem: storage });
      const runner = openRunner(m.swarmId, m.manifest, m.selfId, storage, m.faults);
      runner.engine.setUploadLimit(uploadLimit);
      const settings = swarmSettings.get(m.swarmId);
      if (settings) applySettings(runner, settings);
      runners.set(m.swarmId, runner);
      if (detailWatched.has(m.swarmId)) runner.watchDetail(true, epochNow());
      return;
    }
    case 'watch-detail':
      if (m.watching) detailWatched.add(m.swarmId);
      else detailWatched.delete(m.swarmId);
      return runners.get(m.swarmId)?.watchDetail(m.watching, epochNow());
    case 'apply-settings': {
      swarmSettings.set(m.swarmId, m);
      const runner = runners.get(m.swarmId);
      if (runner) applySettings(runner, m);
      return;
    }
    case 'set-upload-limit':
      uploadLimit = m.bytesPerSecond;
      for (const runner of runners.values()) runner.engine.setUploadLimit(uploadLimit);
      return;
    case 'leave-swarm':
      swarmSettings.delete(m.swarmId);
      detailWatched.delete(m.swarmId);
      // Deletes the swarm's OPFS file: a download left is not kept.
      void runners.get(m.swarmId)?.end('left the swarm');
      channels.dropSwarm(m.swarmId);
      runners.delete(m.swarmId);
      return;
    case 'peer-channel':
      return channels.adopt(m.swarmId, m.peerId, m.channel);
    case 'peer-open': {
      const { swarmId, peerId } = m;
      const runner = runners.get(swarmId);
      if (!runner) return channels.drop(swarmId, peerId);
      const channel = channels.connect(
        swarmId,
        peerId,
        (data) => deliver(runner, peerId, data),
        () => runner.engine.resumeUploads(),
      );
      runner.engine.addPeer(peerId, runner.linkTo(peerId, channel ?? undefined));
      return;
    }
    case 'peer-data': {
      const runner = runners.get(m.swarmId);
      return runner && deliver(runner, m.peerId, m.data);
    }
    case 'peer-closed':
      channels.drop(m.swarmId, m.peerId);
      return runners.get(m.swarmId)?.engine.removePeer(m.peerId, m.reason);
  }
};

/** A peer's message to its swarm's engine; a block's buffer is freed once the engine copied it. */
function deliver(runner: SwarmRunner, peerId: string, data: string | ArrayBuffer): void {
  runner.engine.receive(peerId, data);
  if (typeof data !== 'string') releaseBuffer(data);
}

/**
 * OPFS where the browser has it (memory stays flat however large the file), else the worker's memory,
 * with a download too large for memory refused up front. Returns the refusal instead.
 */
function storageForDownload(swarmId: string, manifest: Manifest): SwarmStorage | Problem {
  if (tabDir && !forceMemoryStore) return opfsStorage(tabDir, swarmId, manifest, plantedLimitBytes);
  const limit = plantedLimitBytes ?? MEMORY_STORE_LIMIT_BYTES;
  if (manifest.size <= limit) return memoryStorage(manifest);
  return { code: 'too-large-for-memory', name: manifest.name, size: manifest.size, limit };
}

function openRunner(
  swarmId: string,
  manifest: Manifest,
  selfId: string,
  storage: SwarmStorage,
  faults: TestFaults | undefined,
): SwarmRunner {
  const runner = new SwarmRunner({
    swarmId,
    manifest,
    selfId,
    post,
    hasher,
    frames,
    storage,
    faults,
    // Storage failed: the runner has told the page and deleted its file; forget it here.
    onStopped: () => {
      if (runners.get(swarmId) === runner) runners.delete(swarmId);
    },
  });
  return runner;
}

async function shareFile(jobId: number, file: File, pieceSize?: number): Promise<void> {
  if (file.size === 0) {
    return post({ type: 'share-failed', jobId, problem: { code: 'empty-file', name: file.name } });
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
    const reason = err instanceof Error ? err.message : String(err);
    post({ type: 'share-failed', jobId, problem: { code: 'hash-failed', reason } });
  }
}

setInterval(() => {
  const now = epochNow();
  for (const runner of runners.values()) runner.tick(now);
}, TICK_MS);
