import type { ClientMessage, ServerMessage, TrackerErrorCode } from '@minibit/protocol';
import { relaySignal } from './signal-relay.ts';
import type { Admission, Departure, PageSettings, PeerId, SwarmId, SwarmRegistry } from './swarm-registry.ts';

/**
 * What the tracker does with one parsed request from one peer: changes the registry and lists the
 * messages to send, without sending them. Tracks nothing itself; the socket shell delivers the result.
 *   - share / join   → 'joined' then 'settings' to the asker; 'peer-joined' to each existing member if
 *                      it is new there (a share's settings are the swarm's if the share creates it)
 *   - leave          → 'peer-left' to the remaining members (leaving a swarm you are not in does nothing)
 *   - signal         → the signal, stamped with the sender's id, to one member of the same swarm
 *   - progress       → nothing sent; the catalog counts and the dashboard's heatmap may change (a
 *                      bitfield that does not fit the swarm is refused as 'bad-message')
 *   - a departure    → 'peer-left' in every swarm the peer was in
 */

export interface Delivery {
  to: PeerId;
  message: ServerMessage;
}

export interface RequestOutcome {
  deliveries: Delivery[];
  /** True when the catalog counts changed and everyone should get a fresh one. */
  catalogChanged: boolean;
  /** The swarm the request was about, when known (a share names it only by its manifest); for logs. */
  swarmId?: string;
  /** Set when the request was refused; the refusal is also among the deliveries, to the asker. */
  refusal?: { code: TrackerErrorCode; message: string };
}

export function answerRequest(
  registry: SwarmRegistry,
  peerId: PeerId,
  request: ClientMessage,
): RequestOutcome {
  const outcome = answer(registry, peerId, request);
  if ('swarmId' in request) outcome.swarmId = request.swarmId;
  return outcome;
}

function answer(registry: SwarmRegistry, peerId: PeerId, request: ClientMessage): RequestOutcome {
  switch (request.type) {
    case 'share':
      return admissionOutcome(peerId, registry.share(peerId, request.manifest, request.settings));
    case 'join':
      return admissionOutcome(peerId, registry.join(peerId, request.swarmId, request.manifest));
    case 'leave': {
      const departure = registry.leave(peerId, request.swarmId);
      return departuresOutcome(registry, peerId, departure ? [departure] : []);
    }
    case 'signal': {
      const decision = relaySignal(registry, peerId, request);
      if (!decision.ok) return refused(peerId, decision.code, decision.message);
      return { deliveries: [{ to: decision.to, message: decision.message }], catalogChanged: false };
    }
    case 'progress': {
      const { swarmId, have, complete, bitfield } = request;
      const result = registry.updateProgress(peerId, swarmId, have, complete, bitfield);
      if (result === 'not-in-swarm') {
        return refused(peerId, 'not-in-swarm', `you are not in swarm ${swarmId.slice(0, 12)}…`);
      }
      if (result === 'bad-bitfield') {
        return refused(peerId, 'bad-message', `that bitfield does not fit swarm ${swarmId.slice(0, 12)}…`);
      }
      return {
        deliveries: settingsDeliveries(registry, swarmId, registry.settlePredistribution(swarmId)),
        catalogChanged: result === 'catalog-changed',
      };
    }
  }
}

/** A peer's socket closed or was evicted: it leaves everything, and its swarm-mates hear of it. */
export function announceDeparture(registry: SwarmRegistry, peerId: PeerId): RequestOutcome {
  return departuresOutcome(registry, peerId, registry.removePeer(peerId));
}

export function refused(peerId: PeerId, code: TrackerErrorCode, message: string): RequestOutcome {
  return {
    deliveries: [{ to: peerId, message: { type: 'error', code, message } }],
    catalogChanged: false,
    refusal: { code, message },
  };
}

function admissionOutcome(peerId: PeerId, admission: Admission): RequestOutcome {
  if (!admission.ok) return refused(peerId, admission.code, admission.message);
  const { swarmId, manifest, peers, others, newcomer, catalogChanged, settings, freeRider, assigned } =
    admission;
  const deliveries: Delivery[] = [
    { to: peerId, message: { type: 'joined', swarmId, manifest, peers } },
    settingsMessage(peerId, swarmId, { settings, freeRider, assigned }),
  ];
  // The newcomer calls the peers it was given; everyone already there learns to expect a call.
  if (newcomer) {
    for (const other of others)
      deliveries.push({ to: other, message: { type: 'peer-joined', swarmId, peerId } });
  }
  return { deliveries, catalogChanged, swarmId };
}

function departuresOutcome(registry: SwarmRegistry, peerId: PeerId, departures: Departure[]): RequestOutcome {
  const deliveries = departures.flatMap(({ swarmId, remaining }) => [
    ...remaining.map((to): Delivery => ({ to, message: { type: 'peer-left', swarmId, peerId } })),
    // The last member a pre-distribution waited for may be the one that left.
    ...settingsDeliveries(registry, swarmId, registry.settlePredistribution(swarmId)),
  ]);
  return { deliveries, catalogChanged: departures.length > 0 };
}

/** A 'settings' message telling `to` the settings in force for it. */
export function settingsMessage(to: PeerId, swarmId: SwarmId, page: PageSettings): Delivery {
  const { settings, freeRider, assigned } = page;
  return {
    to,
    message: {
      type: 'settings',
      swarmId,
      settings,
      freeRider,
      ...(assigned === undefined ? {} : { assigned }),
    },
  };
}

/** 'settings' messages for `members` of the swarm (none when undefined). */
export function settingsDeliveries(
  registry: SwarmRegistry,
  swarmId: SwarmId,
  members: readonly PeerId[] | undefined,
): Delivery[] {
  return (members ?? []).flatMap((to) => {
    const page = registry.settingsFor(swarmId, to);
    return page ? [settingsMessage(to, swarmId, page)] : [];
  });
}
