import {
  type DashboardPeer,
  type DashboardServerMessage,
  type DashboardSwarm,
  MAX_DASHBOARD_PEERS,
  MAX_DASHBOARD_SWARMS,
} from '@minibit/protocol';
import type { SwarmRegistry, SwarmView } from './swarm-registry.ts';

/**
 * The dashboard's 'state' message, built from the registry. Tracks nothing. Swarms are ordered by
 * name then id and peers by id (as the catalog is), so rows do not jump between updates; at most
 * MAX_DASHBOARD_SWARMS swarms and MAX_DASHBOARD_PEERS peers each are listed, with the full counts.
 */

type StateMessage = Extract<DashboardServerMessage, { type: 'state' }>;

export function dashboardState(registry: SwarmRegistry): StateMessage {
  const views = [...registry.swarmViews()].sort(
    (a, b) => compareText(a.manifest.name, b.manifest.name) || compareText(a.swarmId, b.swarmId),
  );
  return {
    type: 'state',
    swarmCount: views.length,
    swarms: views.slice(0, MAX_DASHBOARD_SWARMS).map(swarmEntry),
  };
}

function swarmEntry(view: SwarmView): DashboardSwarm {
  const ids = [...view.members.keys()].sort(compareText).slice(0, MAX_DASHBOARD_PEERS);
  const peers = ids.map((peerId): DashboardPeer => {
    const member = view.members.get(peerId)!;
    return {
      peerId,
      role: member.role,
      have: member.have,
      complete: member.complete,
      freeRider: view.freeRiders.has(peerId),
    };
  });
  return {
    swarmId: view.swarmId,
    name: view.manifest.name,
    size: view.manifest.size,
    pieceCount: view.manifest.pieces.length,
    settings: view.settings,
    peerCount: view.members.size,
    peers,
    availability: view.progress.availability(),
    predistribution: view.predistribution?.view() ?? null,
  };
}

/** Code-unit order: the same on every machine, unlike localeCompare. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
