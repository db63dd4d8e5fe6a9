import { useEffect } from 'preact/hooks';
import { useApp } from '../app-context.ts';
import type { Transfer } from '../app-state.ts';
import { formatBytes, formatRate } from '../format.ts';
import { useT } from '../i18n/i18n.ts';
import { EventLog } from './EventLog.tsx';
import { FinalStats } from './FinalStats.tsx';
import { PeersView } from './PeersView.tsx';
import { PieceGrid } from './PieceGrid.tsx';
import { RateChart } from './RateChart.tsx';
import { describeProblem } from './problem-text.ts';

export function TransferCard({ transfer }: { transfer: Transfer }) {
  const app = useApp();
  const t = useT();
  // The card shows the swarm's detail (piece map modes, peers' stock, unchoke graph, rate chart):
  // the worker builds it, once a second, only while a card watches it.
  useEffect(() => app.watchDetail(transfer.swarmId), [app, transfer.swarmId]);
  const detail = transfer.detail.value;
  const snap = transfer.snapshot.value;
  const { manifest } = transfer;
  const percent = snap ? Math.floor((snap.bytesVerified / manifest.size) * 100) : 0;
  const complete = snap?.complete ?? false;
  const download = transfer.download.value;
  const storage = transfer.storage.value;
  const status = t(
    complete
      ? transfer.role === 'sharing'
        ? 'transfer.status.sharing'
        : 'transfer.status.complete'
      : snap?.endgame
        ? 'transfer.status.endgame'
        : 'transfer.status.downloading',
  );
  return (
    <section
      class="card transfer"
      aria-label={t('transfer.label', { name: manifest.name })}
      data-swarm-id={transfer.swarmId}
      // The swarm's settings in force here (sent by the tracker), for tests and tools that read the page.
      data-settings={snap ? JSON.stringify(snap.settings) : undefined}
      data-free-rider={snap ? String(snap.freeRider) : undefined}
    >
      <div class="transfer-head">
        <h2 class="file-name">{manifest.name}</h2>
        <button type="button" onClick={() => app.leave(transfer.swarmId)}>
          {t('transfer.leave')}
        </button>
      </div>
      <p class="meta">
        {t('transfer.meta', {
          size: formatBytes(manifest.size),
          count: manifest.pieces.length,
          pieceSize: formatBytes(manifest.pieceSize),
        })}{' '}
        <code title={transfer.swarmId}>{transfer.swarmId.slice(0, 16)}…</code>
        {storage && (
          <span data-storage={storage}>
            {' · '}
            {t('transfer.storage', { storage: t(`transfer.storageKind.${storage}`) })}
          </span>
        )}
      </p>
      <div class="progress-row">
        <div
          class="progress"
          role="progressbar"
          aria-label={t('transfer.progressLabel')}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
        >
          <div class="progress-fill" style={{ transform: `scaleX(${percent / 100})` }} />
        </div>
        <span class="percent">{percent}%</span>
        <span role="status" aria-label={t('transfer.statusLabel')} class="status">
          {status}
        </span>
      </div>
      {snap && (
        <p class="rates">
          {t('transfer.rates', {
            down: formatRate(snap.downloadRate),
            up: formatRate(snap.uploadRate),
            pieces: t('transfer.havePieces', { have: snap.haveCount, count: snap.pieceCount }),
            peers: t('transfer.peerCount', { count: snap.peers.length }),
          })}
        </p>
      )}
      {transfer.error.value && (
        <p role="alert" class="error">
          {describeProblem(transfer.error.value, t)}
        </p>
      )}
      {download && transfer.role === 'downloading' && (
        <p class="save">
          <a class="button" href={download.url} download={download.fileName}>
            {t('transfer.save', { name: download.fileName })}
          </a>
        </p>
      )}
      <PieceGrid pieces={transfer.pieces.value} detail={detail} />
      {detail && <RateChart history={detail.history} />}
      {snap && complete && transfer.role === 'downloading' && <FinalStats snapshot={snap} />}
      {snap && <PeersView snapshot={snap} detail={detail} />}
      <EventLog events={transfer.log.value} />
    </section>
  );
}
