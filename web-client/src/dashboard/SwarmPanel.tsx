import type { DashboardPeer, DashboardSwarm } from '@minibit/protocol';
import { formatBytes } from '../format.ts';
import { useT } from '../i18n/i18n.ts';
import { AvailabilityHeatmap } from './AvailabilityHeatmap.tsx';
import { useDashboard } from './dashboard-context.ts';
import { PredistributionPanel } from './PredistributionPanel.tsx';
import { SwarmSettingsForm } from './SwarmSettingsForm.tsx';

/** One swarm: its peers' progress with a free-rider switch each, the heatmap, and its settings. */
export function SwarmPanel({ swarm }: { swarm: DashboardSwarm }) {
  const td = useT('dashboard');
  return (
    <section
      class="card swarm"
      aria-label={td('swarm.label', { name: swarm.name })}
      data-swarm-id={swarm.swarmId}
    >
      <h2 class="file-name">{swarm.name}</h2>
      <p class="meta">
        {td('swarm.meta', { size: formatBytes(swarm.size), count: swarm.pieceCount })} ·{' '}
        {td('swarm.peers', { count: swarm.peerCount })} ·{' '}
        <code title={swarm.swarmId}>{swarm.swarmId.slice(0, 16)}…</code>
      </p>
      <div class="swarm-body">
        <div>
          <PeersTable swarm={swarm} />
          <AvailabilityHeatmap availability={swarm.availability} peers={swarm.peerCount} />
          <PredistributionPanel swarm={swarm} />
        </div>
        {/* Re-created when the settings in force change, so it shows them. */}
        <SwarmSettingsForm
          key={JSON.stringify(swarm.settings)}
          swarmId={swarm.swarmId}
          settings={swarm.settings}
        />
      </div>
    </section>
  );
}

function PeersTable({ swarm }: { swarm: DashboardSwarm }) {
  const td = useT('dashboard');
  return (
    <table class="swarm-peers" aria-label={td('peers.label', { name: swarm.name })}>
      <thead>
        <tr>
          <th scope="col">{td('peers.peer')}</th>
          <th scope="col">{td('peers.role')}</th>
          <th scope="col">{td('peers.progress')}</th>
          <th scope="col">{td('peers.freeRider')}</th>
        </tr>
      </thead>
      <tbody>
        {swarm.peers.map((peer) => (
          <PeerRow key={peer.peerId} swarm={swarm} peer={peer} />
        ))}
        {swarm.peerCount > swarm.peers.length && (
          <tr>
            <td colSpan={4} class="hint">
              {td('peers.more', { count: swarm.peerCount - swarm.peers.length })}
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

function PeerRow({ swarm, peer }: { swarm: DashboardSwarm; peer: DashboardPeer }) {
  const model = useDashboard();
  const td = useT('dashboard');
  const percent = swarm.pieceCount === 0 ? 100 : Math.floor((peer.have / swarm.pieceCount) * 100);
  return (
    <tr
      data-peer-id={peer.peerId}
      data-have={peer.have}
      data-complete={String(peer.complete)}
      data-free-rider={String(peer.freeRider)}
    >
      <td>
        <code>{peer.peerId}</code>
      </td>
      <td>
        {td(peer.role === 'seeder' ? 'peers.sharer' : peer.complete ? 'peers.finished' : 'peers.downloading')}
      </td>
      <td class="peer-progress">
        <div
          class="progress"
          role="progressbar"
          aria-label={td('peers.progressLabel', { peer: peer.peerId })}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
        >
          <div class="progress-fill" style={{ width: `${percent}%` }} />
        </div>
        <span class="percent">{td('peers.pieces', { have: peer.have, count: swarm.pieceCount })}</span>
      </td>
      <td>
        <input
          type="checkbox"
          aria-label={td('peers.freeRiderLabel', { peer: peer.peerId })}
          checked={peer.freeRider}
          onChange={(e) => model.setFreeRider(swarm.swarmId, peer.peerId, e.currentTarget.checked)}
        />
      </td>
    </tr>
  );
}
