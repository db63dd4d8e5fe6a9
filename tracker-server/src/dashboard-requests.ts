import type { DashboardRequest, DashboardServerMessage } from '@minibit/protocol';
import type { SwarmRegistry } from './swarm-registry.ts';
import type { Delivery } from './tracker-requests.ts';

/**
 * What the tracker does with one request from an authorized dashboard: changes the registry and
 * lists the messages to send, without sending them. Tracks nothing itself.
 *   - set-settings   → 'ok' to the dashboard; 'settings' to every member of the swarm
 *   - set-free-rider → 'ok' to the dashboard; 'settings' to that member (with its new freeRider)
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
  const settingsFor = (peerId: string): Delivery => {
    const { settings, freeRider } = registry.settingsFor(swarmId, peerId)!;
    return { to: peerId, message: { type: 'settings', swarmId, settings, freeRider } };
  };

  switch (request.type) {
    case 'set-settings': {
      const members = registry.setSettings(swarmId, request.settings);
      if (!members) return noSwarm();
      return {
        reply: { type: 'ok', ...id, request: request.type },
        deliveries: members.map(settingsFor),
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
        deliveries: result === 'changed' ? [settingsFor(request.peerId)] : [],
        changed: result === 'changed',
      };
    }
  }
}
