import { useApp } from '../app-context.ts';
import type { Transfer } from '../app-state.ts';
import { formatBytes, formatRate } from '../format.ts';
import type { StorageKind } from '../worker-messages.ts';
import { EventLog } from './EventLog.tsx';
import { FinalStats } from './FinalStats.tsx';
import { PeersTable } from './PeersTable.tsx';
import { PieceGrid } from './PieceGrid.tsx';

/** Where the pieces are kept, as the card says it. */
const STORAGE_TEXT: Record<StorageKind, string> = {
  opfs: 'OPFS',
  memory: 'memory',
  'shared-file': 'your file',
};

export function TransferCard({ transfer }: { transfer: Transfer }) {
  const app = useApp();
  const snap = transfer.snapshot.value;
  const { manifest } = transfer;
  const percent = snap ? Math.floor((snap.bytesVerified / manifest.size) * 100) : 0;
  const complete = snap?.complete ?? false;
  const download = transfer.download.value;
  const storage = transfer.storage.value;
  const status = complete
    ? transfer.role === 'sharing'
      ? 'Sharing (seeding)'
      : 'Complete — seeding'
    : snap?.endgame
      ? 'Downloading (endgame)'
      : 'Downloading';
  return (
    <section class="card transfer" aria-label={`Transfer: ${manifest.name}`} data-swarm-id={transfer.swarmId}>
      <div class="transfer-head">
        <h2 class="file-name">{manifest.name}</h2>
        <button type="button" onClick={() => app.leave(transfer.swarmId)}>
          Leave swarm
        </button>
      </div>
      <p class="meta">
        {formatBytes(manifest.size)} · {manifest.pieces.length} pieces of {formatBytes(manifest.pieceSize)} ·
        swarm <code title={transfer.swarmId}>{transfer.swarmId.slice(0, 16)}…</code>
        {storage && <span data-storage={storage}> · storage: {STORAGE_TEXT[storage]}</span>}
      </p>
      <div class="progress-row">
        <div
          class="progress"
          role="progressbar"
          aria-label="Download progress"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
        >
          <div class="progress-fill" style={{ width: `${percent}%` }} />
        </div>
        <span class="percent">{percent}%</span>
        <span role="status" aria-label="Transfer status" class="status">
          {status}
        </span>
      </div>
      {snap && (
        <p class="rates">
          ↓ {formatRate(snap.downloadRate)} · ↑ {formatRate(snap.uploadRate)} · {snap.haveCount}/
          {snap.pieceCount} pieces · {snap.peers.length} peers
        </p>
      )}
      {transfer.error.value && (
        <p role="alert" class="error">
          {transfer.error.value}
        </p>
      )}
      {download && transfer.role === 'downloading' && (
        <p class="save">
          <a class="button" href={download.url} download={download.fileName}>
            Save {download.fileName}
          </a>
        </p>
      )}
      <PieceGrid pieces={transfer.pieces.value} />
      {snap && <PeersTable snapshot={snap} />}
      {snap && complete && transfer.role === 'downloading' && <FinalStats snapshot={snap} />}
      <EventLog events={transfer.log.value} />
    </section>
  );
}
