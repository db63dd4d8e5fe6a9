import type { DashboardRequest, DashboardServerMessage } from '@minibit/protocol';
import type { SwarmRegistry } from './swarm-registry.ts';
import { type Delivery, settingsDeliveries } from './tracker-requests.ts';

/**
 * What the tracker does with one request from an authorized dashboard: changes the registry and
 * lists the messages to send, without sending them. Tracks nothing itself.
 *   - set-settings   → 'ok' to the dashboard; 'settings' to every member of the swarm
 *   - set-free-rider → 'ok' to the dashboard; 'settings' to that member (with its new freeRider)
 *   - pre-distribute → 'ok' to the dashboard; 'settings' to every member (each downloader with its
 *                      share; when nobody needs a share it ends at once and the settings stay)
 *   - an unknown swarm or a peer not in it → 'error' ('unknown-swarm', 'unknown-peer'), nothing changed
 */

export type DashboardCommand = Exclude<DashboardRequest, { type: 'dashboard' }>;

export interface DashboardOutcome {
  reply: DashboardServerMessage;
  /** 'settings' messages for pages. */
  deliveries: Delivery[];
  /** True when what the dashboard shows changed (a fresh 'state' is due). */
  changed: boolean;
}

export function answerDashboardRequest(registry: SwarmRegistry, request: DashboardCommand): DashboardOutcome {
  const id = request.id === undefined ? {} : { id: request.id };
  const { swarmId } = request;
  const refuse = (code: 'unknown-swarm' | 'unknown-peer', message: string): DashboardOutcome => ({
    reply: { type: 'error', ...id, code, message },
    deliveries: [],
    changed: false,
  });
  const noSwarm = () => refuse('unknown-swarm', `no swarm ${swarmId.slice(0, 12)}…`);
  const tell = (members: readonly string[] | undefined) => settingsDeliveries(registry, swarmId, members);

  switch (request.type) {
    case 'set-settings': {
      const members = registry.setSettings(swarmId, request.settings);
      if (!members) return noSwarm();
      return {
        reply: { type: 'ok', ...id, request: request.type },
        deliveries: tell(members),
        changed: true,
      };
    }
    case 'set-free-rider': {
      const result = registry.setFreeRider(swarmId, request.peerId, request.freeRider);
      if (result === 'unknown-swarm') return noSwarm();
      if (result === 'unknown-peer') {
        return refuse('unknown-peer', `peer ${request.peerId} is not in swarm ${swarmId.slice(0, 12)}…`);
      }
      return {
        reply: { type: 'ok', ...id, request: request.type },
        deliveries: result === 'changed' ? tell([request.peerId]) : [],
        changed: result === 'changed',
      };
    }
    case 'pre-distribute': {
      const members = registry.startPredistribution(swarmId, request.percent);
      if (!members) return noSwarm();
      // Members already holding their share (or no downloader at all) need no set-up.
      const ended = registry.settlePredistribution(swarmId);
      return {
        reply: { type: 'ok', ...id, request: request.type },
        deliveries: tell(ended ? [] : members),
        changed: true,
      };
    }
  }
}
