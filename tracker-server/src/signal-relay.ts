import type { ClientMessage, ServerMessage } from '@minibit/protocol';
import type { PeerId } from './swarm-registry.ts';

/**
 * Decides whether one WebRTC signal may pass from one page to another. Tracks nothing: it asks who is
 * in which swarm. A signal passes only between two members of the same swarm, so a page cannot use the
 * tracker to reach peers it has no business with, and the relayed copy names its sender by the peer id
 * bound to the sender's socket, never by anything the sender wrote.
 */

export type SignalRequest = Extract<ClientMessage, { type: 'signal' }>;
export type RelayedSignal = Extract<ServerMessage, { type: 'signal' }>;

export interface SwarmMembership {
  isMember(peerId: PeerId, swarmId: string): boolean;
}

export type RelayDecision =
  | { ok: true; to: PeerId; message: RelayedSignal }
  | { ok: false; code: 'not-in-swarm' | 'unknown-peer'; message: string };

export function relaySignal(
  membership: SwarmMembership,
  from: PeerId,
  request: SignalRequest,
): RelayDecision {
  const { swarmId, to, data } = request;
  if (!membership.isMember(from, swarmId)) {
    return { ok: false, code: 'not-in-swarm', message: `you are not in swarm ${swarmId.slice(0, 12)}…` };
  }
  // Absent and "in another swarm" get one answer, so a page cannot probe who else is connected.
  if (to === from || !membership.isMember(to, swarmId)) {
    return { ok: false, code: 'unknown-peer', message: `no peer ${to} in swarm ${swarmId.slice(0, 12)}…` };
  }
  return { ok: true, to, message: { type: 'signal', swarmId, from, data } };
}
