/**
 * Which simulated page goes where: its swarm, whether it shares or joins, which client process drives
 * it and which loopback source address it connects from. Tracks nothing; the same inputs give the
 * same plan.
 *   - Page i is in swarm i mod swarms, so swarms differ in size by at most one; pages 0…swarms-1 come
 *     first and each shares its swarm's file, every later page joins.
 *   - All pages of a swarm live in one client process (swarm s in process s mod processes), so a
 *     signal's sender and receiver read one clock and relay latency needs no cross-process timestamps.
 *   - The tracker lets one remote address hold a limited number of sockets (as it would a classroom
 *     machine), so pages connect from 127.0.0.2, 127.0.0.3, …, `perAddress` pages each, instead of the
 *     bench raising that limit. Linux routes all of 127.0.0.0/8 to loopback, so nothing leaves the host.
 */

export type PeerRole = 'share' | 'join';

export interface PlannedPeer {
  /** 0-based, in arrival order. */
  index: number;
  swarm: number;
  role: PeerRole;
  /** Loopback source address to connect from. */
  localAddress: string;
}

export interface PlanInput {
  peers: number;
  swarms: number;
  processes: number;
  perAddress: number;
}

/** 127.0.0.1 is left to the tracker's own listener and .255 is the broadcast address of 127.0.0.0/24. */
const FIRST_HOST = 2;
const LAST_HOST = 254;

/** The pages each client process drives, in arrival order. */
export function planPeers({ peers, swarms, processes, perAddress }: PlanInput): PlannedPeer[][] {
  if (swarms < 1 || peers < 2 * swarms) {
    throw new RangeError(
      `need at least 2 pages per swarm to relay signals: ${peers} pages, ${swarms} swarms`,
    );
  }
  if (processes < 1 || processes > swarms) {
    throw new RangeError(`client processes must be 1…${swarms} (one swarm each at least), got ${processes}`);
  }
  const addresses = Math.ceil(peers / perAddress);
  if (FIRST_HOST + addresses - 1 > LAST_HOST) {
    throw new RangeError(
      `${peers} pages at ${perAddress} per address need ${addresses} loopback addresses; at most ${LAST_HOST - FIRST_HOST + 1}`,
    );
  }
  const plan: PlannedPeer[][] = Array.from({ length: processes }, () => []);
  for (let index = 0; index < peers; index++) {
    const swarm = index % swarms;
    plan[swarm % processes]!.push({
      index,
      swarm,
      role: index < swarms ? 'share' : 'join',
      localAddress: `127.0.0.${FIRST_HOST + Math.floor(index / perAddress)}`,
    });
  }
  return plan;
}
