import { type CatalogEntry, type Manifest, swarmIdOf } from '@minibit/protocol';
import { type RandomSource, randomSubset } from './random-subset.ts';

/**
 * Who is in which swarm: pure in-memory state with no sockets, timers or logging. Methods are named
 * after the events that change it. It tracks:
 *   1. every swarm with at least one member, keyed by swarm id, with its manifest;
 *   2. each swarm's members: role (how it entered), pieces held, and whether it holds the whole file;
 *   3. for each peer, the swarms it is in (so a disconnect leaves them all without a scan).
 * A swarm is dropped when its last member leaves, so memory is bounded by what connected peers hold.
 */

export type PeerId = string;
export type SwarmId = string;

/** 'seeder' entered by sharing the whole file, 'leecher' by joining to download it. */
export type PeerRole = 'seeder' | 'leecher';

export interface SwarmMember {
  peerId: PeerId;
  role: PeerRole;
  /** Pieces held, as last reported. */
  have: number;
  /** Counted as a seeder in the catalog when true, as a leecher otherwise. */
  complete: boolean;
}

export interface RegistryLimits {
  /** Most peers listed to a newcomer; it calls each of them. */
  maxPeersPerJoin: number;
  /** Most swarms one peer may be in at once. */
  maxSwarmsPerPeer: number;
  /** Most swarms the tracker holds; bounds memory and the catalog. */
  maxSwarms: number;
}

/** The answer to a share or join. */
export type Admission =
  | {
      ok: true;
      swarmId: SwarmId;
      manifest: Manifest;
      /** A random subset of the other members, for the newcomer to call. */
      peers: PeerId[];
      /** Every other member; they are told about a newcomer. */
      others: PeerId[];
      /** False when the peer was already a member (a repeated share or join). */
      newcomer: boolean;
      catalogChanged: boolean;
    }
  | { ok: false; code: 'unknown-swarm' | 'too-many-swarms'; message: string };

/** One peer leaving one swarm. */
export interface Departure {
  swarmId: SwarmId;
  /** Members still in the swarm, to be told who left. Empty when the swarm was dropped. */
  remaining: PeerId[];
}

export type ProgressResult = 'not-in-swarm' | 'unchanged' | 'catalog-changed';

interface Swarm {
  manifest: Manifest;
  members: Map<PeerId, SwarmMember>;
}

export class SwarmRegistry {
  private readonly swarms = new Map<SwarmId, Swarm>();
  private readonly swarmsByPeer = new Map<PeerId, Set<SwarmId>>();

  constructor(
    private readonly limits: RegistryLimits,
    private readonly random: RandomSource = Math.random,
  ) {}

  /** A peer announces a file it holds whole: it becomes a complete member, creating the swarm if new. */
  share(peerId: PeerId, manifest: Manifest): Admission {
    const swarmId = swarmIdOf(manifest);
    const existing = this.swarms.get(swarmId);
    if (!existing && this.swarms.size >= this.limits.maxSwarms) {
      return {
        ok: false,
        code: 'too-many-swarms',
        message: `the tracker holds ${this.limits.maxSwarms} swarms`,
      };
    }
    const swarm = existing ?? { manifest, members: new Map() };
    const member = swarm.members.get(peerId);
    if (member) {
      // A leecher that finished (or a page that re-shares) becomes a seeder; its peers already know it.
      const wasComplete = member.complete;
      member.role = 'seeder';
      member.have = manifest.pieces.length;
      member.complete = true;
      return this.admitted(swarmId, swarm, peerId, false, !wasComplete);
    }
    const refusal = this.checkRoomFor(peerId);
    if (refusal) return refusal;
    if (!existing) this.swarms.set(swarmId, swarm);
    this.addMember(swarmId, swarm, { peerId, role: 'seeder', have: manifest.pieces.length, complete: true });
    return this.admitted(swarmId, swarm, peerId, true, true);
  }

  /**
   * A peer joins a swarm to download it. A swarm the tracker does not know (after a restart, say) is
   * created when the joiner brings a manifest that hashes to its id.
   */
  join(peerId: PeerId, swarmId: SwarmId, manifest?: Manifest): Admission {
    let swarm = this.swarms.get(swarmId);
    if (!swarm && manifest && swarmIdOf(manifest) === swarmId) {
      if (this.swarms.size >= this.limits.maxSwarms) {
        return {
          ok: false,
          code: 'too-many-swarms',
          message: `the tracker holds ${this.limits.maxSwarms} swarms`,
        };
      }
      const refusal = this.checkRoomFor(peerId);
      if (refusal) return refusal;
      swarm = { manifest, members: new Map() };
      this.swarms.set(swarmId, swarm);
    }
    if (!swarm) return { ok: false, code: 'unknown-swarm', message: `no swarm ${swarmId.slice(0, 12)}…` };
    if (swarm.members.has(peerId)) return this.admitted(swarmId, swarm, peerId, false, false);
    const refusal = this.checkRoomFor(peerId);
    if (refusal) return refusal;
    this.addMember(swarmId, swarm, { peerId, role: 'leecher', have: 0, complete: false });
    return this.admitted(swarmId, swarm, peerId, true, true);
  }

  /** A peer leaves one swarm. Undefined when it was not a member (leaving is idempotent). */
  leave(peerId: PeerId, swarmId: SwarmId): Departure | undefined {
    const swarm = this.swarms.get(swarmId);
    if (!swarm?.members.delete(peerId)) return undefined;
    const joined = this.swarmsByPeer.get(peerId);
    joined?.delete(swarmId);
    if (joined?.size === 0) this.swarmsByPeer.delete(peerId);
    if (swarm.members.size === 0) this.swarms.delete(swarmId);
    return { swarmId, remaining: [...swarm.members.keys()] };
  }

  /** A peer is gone (socket closed or evicted): it leaves every swarm it was in. */
  removePeer(peerId: PeerId): Departure[] {
    const joined = [...(this.swarmsByPeer.get(peerId) ?? [])];
    return joined.flatMap((swarmId) => this.leave(peerId, swarmId) ?? []);
  }

  /** A member reports how many pieces it holds; only `complete` moves it between catalog columns. */
  updateProgress(peerId: PeerId, swarmId: SwarmId, have: number, complete: boolean): ProgressResult {
    const swarm = this.swarms.get(swarmId);
    const member = swarm?.members.get(peerId);
    if (!swarm || !member) return 'not-in-swarm';
    member.have = Math.min(have, swarm.manifest.pieces.length);
    if (member.complete === complete) return 'unchanged';
    member.complete = complete;
    return 'catalog-changed';
  }

  isMember(peerId: PeerId, swarmId: SwarmId): boolean {
    return this.swarms.get(swarmId)?.members.has(peerId) ?? false;
  }

  swarmsOf(peerId: PeerId): SwarmId[] {
    return [...(this.swarmsByPeer.get(peerId) ?? [])];
  }

  membersOf(swarmId: SwarmId): SwarmMember[] {
    return [...(this.swarms.get(swarmId)?.members.values() ?? [])].map((m) => ({ ...m }));
  }

  get swarmCount(): number {
    return this.swarms.size;
  }

  /** Peers in at least one swarm. */
  get peerCount(): number {
    return this.swarmsByPeer.size;
  }

  /** Every swarm with its counts, ordered by name then swarm id so the list does not jump around. */
  catalog(): CatalogEntry[] {
    const entries: CatalogEntry[] = [];
    for (const [swarmId, { manifest, members }] of this.swarms) {
      let seeders = 0;
      for (const m of members.values()) if (m.complete) seeders++;
      entries.push({
        swarmId,
        name: manifest.name,
        size: manifest.size,
        seeders,
        leechers: members.size - seeders,
      });
    }
    return entries.sort((a, b) => compareText(a.name, b.name) || compareText(a.swarmId, b.swarmId));
  }

  /** Throws if the two indexes disagree or a limit is broken; called by tests after each step. */
  assertInvariants(): void {
    let memberships = 0;
    for (const [swarmId, swarm] of this.swarms) {
      if (swarm.members.size === 0) throw new Error(`swarm ${swarmId} is empty but kept`);
      for (const peerId of swarm.members.keys()) {
        if (!this.swarmsByPeer.get(peerId)?.has(swarmId))
          throw new Error(`${peerId} in ${swarmId} not indexed`);
      }
      memberships += swarm.members.size;
    }
    let indexed = 0;
    for (const [peerId, joined] of this.swarmsByPeer) {
      if (joined.size === 0) throw new Error(`${peerId} indexed with no swarms`);
      if (joined.size > this.limits.maxSwarmsPerPeer) throw new Error(`${peerId} is in too many swarms`);
      indexed += joined.size;
    }
    if (indexed !== memberships) throw new Error(`index has ${indexed} memberships, swarms ${memberships}`);
    if (this.swarms.size > this.limits.maxSwarms) throw new Error('too many swarms');
  }

  private checkRoomFor(peerId: PeerId): Admission | undefined {
    const count = this.swarmsByPeer.get(peerId)?.size ?? 0;
    if (count < this.limits.maxSwarmsPerPeer) return undefined;
    return { ok: false, code: 'too-many-swarms', message: `a peer may be in at most ${count} swarms` };
  }

  private addMember(swarmId: SwarmId, swarm: Swarm, member: SwarmMember): void {
    swarm.members.set(member.peerId, member);
    let joined = this.swarmsByPeer.get(member.peerId);
    if (!joined) {
      joined = new Set();
      this.swarmsByPeer.set(member.peerId, joined);
    }
    joined.add(swarmId);
  }

  private admitted(
    swarmId: SwarmId,
    swarm: Swarm,
    peerId: PeerId,
    newcomer: boolean,
    catalogChanged: boolean,
  ): Admission {
    const others = [...swarm.members.keys()].filter((id) => id !== peerId);
    const peers = randomSubset(others, this.limits.maxPeersPerJoin, this.random);
    return { ok: true, swarmId, manifest: swarm.manifest, peers, others, newcomer, catalogChanged };
  }
}

/** Code-unit order: the same on every machine, unlike localeCompare. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
