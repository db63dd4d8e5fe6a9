import {
  type CatalogEntry,
  type EngineSnapshot,
  type Manifest,
  type ServerMessage,
  type SwarmDetail,
  type SwarmSettings,
  verifyManifest,
} from '@minibit/protocol';
import { batch, type Signal, signal } from '@preact/signals';
import { iceServersFrom } from './ice-servers.ts';
import { PeerMesh } from './peer-mesh.ts';
import { ProgressReporter } from './progress-report.ts';
import { safeFileName } from './safe-file-name.ts';
import {
  newPeerKey,
  shareMessage,
  TrackerClient,
  type TrackerState,
  trackerUrlFor,
} from './tracker-client.ts';
import { plantedFaults } from './worker/fault-injection.ts';
import type {
  FromWorker,
  HasherKind,
  Problem,
  StorageKind,
  TimedEvent,
  ToWorker,
} from './worker-messages.ts';

/** Events kept per transfer for the log (older ones scroll away). */
const LOG_LIMIT = 300;
const LOG_FLUSH_MS = 500;

export interface Transfer {
  swarmId: string;
  manifest: Manifest;
  role: 'sharing' | 'downloading';
  snapshot: Signal<EngineSnapshot | null>;
  pieces: Signal<Uint8Array>;
  log: Signal<TimedEvent[]>;
  /** Object URL of the finished file, and the name it is saved under. */
  download: Signal<{ url: string; fileName: string } | null>;
  /** Why the swarm stopped in this tab, for the card to say. */
  error: Signal<Problem | null>;
  /** Where the worker keeps this transfer's pieces (null until the swarm opens). */
  storage: Signal<StorageKind | null>;
  /**
   * The swarm in full (per-piece availability and source, each peer's bitfield and flags, who
   * unchokes whom, ten minutes of rates): see SwarmDetail and its helpers peerHasPiece and
   * sourceOfPiece. Null unless a view watches it (see watchDetail); then refreshed about once a second.
   */
  detail: Signal<SwarmDetail | null>;
}

export interface ShareJob {
  jobId: number;
  name: string;
  hashed: number;
  total: number;
  error: Problem | null;
  hasher: HasherKind | null;
  ms: number | null;
}

/**
 * A notice to show, as a catalog key of the 'peer' namespace and its values (translated when shown,
 * so it follows a language switch). A `reason` value is a close reason (see describeReason).
 */
export interface Notice {
  id: number;
  key: string;
  values?: Record<string, string | number>;
}

/** Why the tracker socket is down, while it retries. */
export interface TrackerRetry {
  retryMs: number;
  closeCode: number;
}

/**
 * The page's state and actions. Components read the signals and call the actions; the tracker
 * socket, the WebRTC mesh and the engine worker are wired together here and nowhere else.
 */
export function createAppState(location: Location) {
  const tracker = signal<TrackerState>('connecting');
  const trackerDetail = signal<TrackerRetry | null>(null);
  const selfId = signal<string | null>(null);
  const catalog = signal<CatalogEntry[]>([]);
  const shares = signal<ShareJob[]>([]);
  const transfers = signal<Transfer[]>([]);
  const notices = signal<Notice[]>([]);
  /** This tab's upload cap in bytes per second, or null for none. */
  const uploadLimit = signal<number | null>(null);

  let nextJob = 1;
  let nextNotice = 1;
  /**
   * Shares announced (or to announce once the tracker is back) and not yet joined, per swarm: the
   * hashing job, and the swarm settings the sharer chose.
   */
  const pendingShares = new Map<string, { jobId: number; manifest: Manifest; settings?: SwarmSettings }>();
  /** The settings chosen for each share still hashing, per job. */
  const shareSettings = new Map<number, SwarmSettings>();
  /** Paces the 'progress' reports (with the bitfield the teacher's dashboard shows). */
  const progress = new ProgressReporter();
  /** The settings the tracker last sent per swarm; a re-share after a tracker restart brings them back. */
  const swarmSettings = new Map<string, SwarmSettings>();
  /** Swarm to join as soon as we are connected (a link with #swarm=…). */
  let pendingJoin = new URLSearchParams(location.hash.slice(1)).get('swarm');

  const worker = new Worker(new URL('./worker/engine-worker.ts', import.meta.url), { type: 'module' });
  const toWorker = (m: ToWorker, transfer: Transferable[] = []) => worker.postMessage(m, transfer);
  const faults = plantedFaults(window);
  if (faults) toWorker({ type: 'configure', faults });

  const notify = (key: string, values?: Notice['values']) => {
    notices.value = [...notices.value.slice(-4), { id: nextNotice++, key, values }];
  };
  const findTransfer = (swarmId: string) => transfers.value.find((t) => t.swarmId === swarmId);

  const mesh = new PeerMesh(() => selfId.value ?? '', iceServersFrom(location.search), {
    sendSignal: (swarmId, to, data) => client.send({ type: 'signal', swarmId, to, data }),
    onOpen: (swarmId, peerId) => toWorker({ type: 'peer-open', swarmId, peerId }),
    onData: (swarmId, peerId, data) =>
      toWorker({ type: 'peer-data', swarmId, peerId, data }, typeof data === 'string' ? [] : [data]),
    onClose: (swarmId, peerId, reason) => toWorker({ type: 'peer-closed', swarmId, peerId, reason }),
    onChannel: (swarmId, peerId, channel) => {
      if (faults?.relayChannels) return false;
      try {
        toWorker({ type: 'peer-channel', swarmId, peerId, channel }, [channel as unknown as Transferable]);
        return true;
      } catch {
        return false; // a browser that cannot transfer a data channel: this page relays it
      }
    },
    onFailed: (_swarmId, peerId, reason) =>
      notify(window.isSecureContext ? 'notices.connectFailed' : 'notices.connectFailedInsecure', {
        peer: peerId,
        reason,
      }),
  });

  const client = new TrackerClient(trackerUrlFor(location, newPeerKey()), {
    onState: (s, detail) =>
      batch(() => {
        tracker.value = s;
        trackerDetail.value = detail ?? null;
      }),
    onMessage: (m) => onTrackerMessage(m),
  });

  function onTrackerMessage(m: ServerMessage): void {
    switch (m.type) {
      case 'welcome':
        selfId.value = m.peerId;
        // A new tracker process knows nothing of our progress: report it afresh.
        progress.forget();
        // After a tracker restart: announce again what this tab shares or downloads, with the manifest
        // (and the swarm's settings, when sharing), so the tracker can rebuild swarms it forgot.
        for (const t of transfers.value) {
          const complete = t.snapshot.value?.complete ?? t.role === 'sharing';
          const settings = swarmSettings.get(t.swarmId);
          client.send(
            complete
              ? shareMessage(t.manifest, settings)
              : { type: 'join', swarmId: t.swarmId, manifest: t.manifest },
          );
        }
        // A share hashed while the tracker was away (or not yet answered) goes out now.
        for (const [swarmId, p] of pendingShares) {
          if (!findTransfer(swarmId)) client.send(shareMessage(p.manifest, p.settings));
        }
        if (pendingJoin) {
          download(pendingJoin);
          pendingJoin = null;
        }
        return;
      case 'catalog':
        catalog.value = m.files;
        return;
      case 'joined':
        return onJoined(m.swarmId, m.manifest, m.peers);
      case 'peer-joined':
        return; // the newcomer calls us
      case 'peer-left':
        // An open channel outlives the peer's tracker socket (the tracker may be restarting); it closes
        // by itself when the peer really goes. Only a call still being set up is abandoned.
        if (!mesh.isOpen(m.swarmId, m.peerId)) mesh.close(m.swarmId, m.peerId, 'left the swarm');
        return;
      case 'signal':
        if (findTransfer(m.swarmId)) mesh.signal(m.swarmId, m.from, m.data);
        return;
      case 'settings':
        // From the teacher's dashboard (or the sharer): the engine applies them live.
        swarmSettings.set(m.swarmId, m.settings);
        toWorker({
          type: 'apply-settings',
          swarmId: m.swarmId,
          settings: m.settings,
          freeRider: m.freeRider,
          ...(m.assigned === undefined ? {} : { assigned: m.assigned }),
        });
        return;
      case 'error':
        if (m.code === 'unknown-swarm') notify('notices.unknownSwarm');
        else notify('notices.trackerError', { message: m.message });
        return;
    }
  }

  function onJoined(swarmId: string, manifestData: Manifest, peers: string[]): void {
    const checked = verifyManifest(manifestData, swarmId);
    if (!checked.ok) return notify('notices.badManifest', { error: checked.error });
    const manifest = checked.value;
    if (!findTransfer(swarmId)) {
      const jobId = pendingShares.get(swarmId)?.jobId;
      pendingShares.delete(swarmId);
      const transfer: Transfer = {
        swarmId,
        manifest,
        role: jobId !== undefined ? 'sharing' : 'downloading',
        snapshot: signal(null),
        pieces: signal(new Uint8Array(manifest.pieces.length)),
        log: signal([]),
        download: signal(null),
        error: signal(null),
        storage: signal(null),
        detail: signal(null),
      };
      transfers.value = [...transfers.value, transfer];
      toWorker({ type: 'open-swarm', swarmId, manifest, selfId: selfId.value ?? '', jobId, faults });
    }
    for (const peerId of peers) mesh.call(swarmId, peerId);
  }

  worker.onmessage = (event: MessageEvent<FromWorker>) => {
    const m = event.data;
    switch (m.type) {
      case 'send':
        return mesh.send(m.swarmId, m.peerId, m.data);
      case 'close-peer':
        return mesh.close(m.swarmId, m.peerId, m.reason);
      case 'hash-progress':
        return updateShare(m.jobId, { hashed: m.hashed, total: m.total });
      case 'hashed': {
        updateShare(m.jobId, { hasher: m.hasher, ms: m.ms, hashed: m.manifest.pieces.length });
        const settings = shareSettings.get(m.jobId);
        shareSettings.delete(m.jobId);
        pendingShares.set(m.swarmId, { jobId: m.jobId, manifest: m.manifest, settings });
        if (!client.send(shareMessage(m.manifest, settings))) notify('notices.shareWhenBack');
        return;
      }
      case 'share-failed':
        shareSettings.delete(m.jobId);
        return updateShare(m.jobId, { error: m.problem });
      case 'snapshot':
        return onSnapshot(m.swarmId, m.snapshot, m.pieces);
      case 'detail': {
        const t = findTransfer(m.swarmId);
        if (!t || !detailWatchers.has(m.swarmId)) return;
        // The first one shows at once; later ones wait for the snapshot the worker sends next.
        if (t.detail.value) pendingDetail.set(m.swarmId, m.detail);
        else t.detail.value = m.detail;
        return;
      }
      case 'events':
        return queueLog(m.swarmId, m.events);
      case 'storage': {
        const t = findTransfer(m.swarmId);
        if (t) t.storage.value = m.kind;
        return;
      }
      case 'file-ready': {
        const t = findTransfer(m.swarmId);
        if (t && !t.download.value) {
          t.download.value = { url: URL.createObjectURL(m.file), fileName: safeFileName(t.manifest.name) };
        }
        return;
      }
      case 'swarm-error': {
        // The swarm cannot go on in this tab: stop taking part, but keep the card with the reason.
        const t = findTransfer(m.swarmId);
        if (t) t.error.value = m.problem;
        client.send({ type: 'leave', swarmId: m.swarmId });
        mesh.closeSwarm(m.swarmId, 'swarm stopped');
        return;
      }
    }
  };

  /**
   * A swarm's events and detail are applied with its next snapshot, in one render: the worker sends
   * them just before it (swarm-runner.ts). Each message rendered on its own, a downloading card
   * rendered about five times a second, and its renders were most of the page's main-thread time.
   * Events left waiting (a swarm that stopped sending snapshots) are shown after LOG_FLUSH_MS.
   */
  const pendingLog = new Map<string, TimedEvent[]>();
  const pendingDetail = new Map<string, SwarmDetail>();
  let logTimer: ReturnType<typeof setTimeout> | null = null;
  function queueLog(swarmId: string, events: TimedEvent[]): void {
    pendingLog.set(swarmId, [...(pendingLog.get(swarmId) ?? []), ...events]);
    logTimer ??= setTimeout(() => {
      logTimer = null;
      batch(() => {
        for (const id of [...pendingLog.keys()]) applyPending(id);
      });
    }, LOG_FLUSH_MS);
  }

  /** Puts a swarm's waiting events and detail on screen (call inside a batch). */
  function applyPending(swarmId: string): void {
    const t = findTransfer(swarmId);
    const events = pendingLog.get(swarmId);
    const detail = pendingDetail.get(swarmId);
    pendingLog.delete(swarmId);
    pendingDetail.delete(swarmId);
    if (!t) return;
    if (events) t.log.value = [...t.log.value, ...events].slice(-LOG_LIMIT);
    if (detail && detailWatchers.has(swarmId)) t.detail.value = detail;
  }

  function onSnapshot(swarmId: string, snapshot: EngineSnapshot, pieces: Uint8Array): void {
    const t = findTransfer(swarmId);
    if (!t) return;
    batch(() => {
      t.snapshot.value = snapshot;
      t.pieces.value = pieces;
      applyPending(swarmId);
    });
    // The usual case: the snapshot brought the events, so the fallback timer has nothing to do.
    if (pendingLog.size === 0 && logTimer !== null) {
      clearTimeout(logTimer);
      logTimer = null;
    }
    const report = progress.report(swarmId, snapshot, pieces, performance.now());
    // Not sent while the tracker is away: forget it, so it goes out again once we are back.
    if (report && !client.send(report)) progress.forget(swarmId);
  }

  /** Open detail views per swarm: the worker builds the detail only while there is at least one. */
  const detailWatchers = new Map<string, number>();

  function updateShare(jobId: number, patch: Partial<ShareJob>): void {
    shares.value = shares.value.map((s) => (s.jobId === jobId ? { ...s, ...patch } : s));
  }

  // ---- actions -------------------------------------------------------------------------------

  /**
   * Hashes `file` in the worker, then shares it. `settings` go with the share: a swarm the share
   * creates starts with them (one that exists keeps its own).
   */
  function share(file: File, settings?: SwarmSettings): void {
    const jobId = nextJob++;
    if (settings) shareSettings.set(jobId, settings);
    shares.value = [
      ...shares.value,
      { jobId, name: file.name, hashed: 0, total: 0, error: null, hasher: null, ms: null },
    ];
    toWorker({ type: 'hash-file', jobId, file });
  }

  function download(swarmId: string): void {
    if (findTransfer(swarmId)) return;
    if (!client.send({ type: 'join', swarmId })) notify('notices.notConnectedYet');
  }

  function leave(swarmId: string): void {
    const t = findTransfer(swarmId);
    if (!t) return;
    client.send({ type: 'leave', swarmId });
    mesh.closeSwarm(swarmId, 'left the swarm');
    toWorker({ type: 'leave-swarm', swarmId });
    progress.forget(swarmId);
    swarmSettings.delete(swarmId);
    detailWatchers.delete(swarmId);
    pendingLog.delete(swarmId);
    pendingDetail.delete(swarmId);
    if (t.download.value) URL.revokeObjectURL(t.download.value.url);
    transfers.value = transfers.value.filter((x) => x !== t);
  }

  /**
   * A view of a swarm's detail opens: `transfer.detail` fills at once and refreshes about once a
   * second until every view that asked has called the returned function (then it is cleared and the
   * worker stops building it). Call from a component's effect: `useEffect(() => watchDetail(id), [id])`.
   */
  function watchDetail(swarmId: string): () => void {
    const count = detailWatchers.get(swarmId) ?? 0;
    detailWatchers.set(swarmId, count + 1);
    if (count === 0) toWorker({ type: 'watch-detail', swarmId, watching: true });
    let released = false;
    return () => {
      // Once per watcher; a view of a transfer already left has nothing to release.
      if (released || !detailWatchers.has(swarmId)) return;
      released = true;
      const left = (detailWatchers.get(swarmId) ?? 1) - 1;
      if (left > 0) {
        detailWatchers.set(swarmId, left);
        return;
      }
      detailWatchers.delete(swarmId);
      toWorker({ type: 'watch-detail', swarmId, watching: false });
      const t = findTransfer(swarmId);
      if (t) t.detail.value = null;
    };
  }

  function setUploadLimit(bytesPerSecond: number | null): void {
    uploadLimit.value = bytesPerSecond;
    toWorker({ type: 'set-upload-limit', bytesPerSecond });
  }

  function dismissNotice(id: number): void {
    notices.value = notices.value.filter((n) => n.id !== id);
  }

  // A link with #swarm=… clicked inside the page opens that download too.
  window.addEventListener('hashchange', () => {
    const swarmId = new URLSearchParams(window.location.hash.slice(1)).get('swarm');
    if (swarmId) download(swarmId);
  });
  client.connect();

  return {
    tracker,
    trackerDetail,
    selfId,
    catalog,
    shares,
    transfers,
    notices,
    share,
    download,
    leave,
    dismissNotice,
    uploadLimit,
    setUploadLimit,
    watchDetail,
  };
}

export type AppState = ReturnType<typeof createAppState>;
