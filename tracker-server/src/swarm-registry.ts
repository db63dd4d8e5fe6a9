import {
  type CatalogEntry,
  DEFAULT_SWARM_SETTINGS,
  type Manifest,
  type SwarmSettings,
  swarmIdOf,
} from '@minibit/protocol';
import { Predistribution } from './predistribution.ts';
import { type RandomSource, randomSubset } from './random-subset.ts';
import { SwarmProgress } from './swarm-progress.ts';

/**
 * Who is in which swarm: pure in-memory state with no sockets, timers or logging. Methods are named
 * after the events that change it. It tracks:
 *   1. every swarm with at least one member, keyed by swarm id, with its manifest;
 *   2. each swarm's members: role (how it entered), pieces held, and whether it holds the whole file;
 *   3. for each peer, the swarms it is in (so a disconnect leaves them all without a scan);
 *   4. each swarm's settings and free riders (set by the teacher's dashboard, or by the sharer that
 *      created it), and which pieces each member reported (SwarmProgress: the availability heatmap);
 *   5. a pre-distribution in progress (Predistribution), which overrides the settings pages get.
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
  | ({
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
    } & PageSettings)
  | { ok: false; code: 'unknown-swarm' | 'too-many-swarms'; message: string };

/** What one member is told in a 'settings' message: the settings in force for it. */
export interface PageSettings {
  settings: SwarmSettings;
  freeRider: boolean;
  /** Its pre-distribution share (hex), while one runs. */
  assigned?: string;
}

/** One peer leaving one swarm. */
export interface Departure {
  swarmId: SwarmId;
  /** Members still in the swarm, to be told who left. Empty when the swarm was dropped. */
  remaining: PeerId[];
}

/** 'bad-bitfield': the report's bitfield does not fit the swarm's pieces (nothing was changed). */
export type ProgressResult = 'not-in-swarm' | 'bad-bitfield' | 'unchanged' | 'catalog-changed';

export type FreeRiderResult = 'unknown-swarm' | 'unknown-peer' | 'unchanged' | 'changed';

interface Swarm {
  manifest: Manifest;
  members: Map<PeerId, SwarmMember>;
  settings: SwarmSettings;
  /** Marked by the dashboard; kept while the swarm lives, so a member that rejoins is still one. */
  freeRiders: Set<PeerId>;
  progress: SwarmProgress;
  predistribution: Predistribution | null;
}

/** One swarm as the dashboard shows it; read-only views of the registry's own state. */
export interface SwarmView {
  swarmId: SwarmId;
  manifest: Manifest;
  settings: SwarmSettings;
  members: ReadonlyMap<PeerId, Readonly<SwarmMember>>;
  freeRiders: ReadonlySet<PeerId>;
  progress: SwarmProgress;
  predistribution: Readonly<Predistribution> | null;
}

function newSwarm(manifest: Manifest, settings: SwarmSettings = DEFAULT_SWARM_SETTINGS): Swarm {
  return {
    manifest,
    members: new Map(),
    settings,
    freeRiders: new Set(),
    progress: new SwarmProgress(manifest.pieces.length),
    predistribution: null,
  };
}

export class SwarmRegistry {
  private readonly swarms = new Map<SwarmId, Swarm>();
  private readonly swarmsByPeer = new Map<PeerId, Set<SwarmId>>();

  constructor(
    private readonly limits: RegistryLimits,
    private readonly random: RandomSource = Math.random,
  ) {}

  /**
   * A peer announces a file it holds whole: it becomes a complete member, creating the swarm if new
   * (with `settings`, when given; they are ignored for a swarm that exists).
   */
  share(peerId: PeerId, manifest: Manifest, settings?: SwarmSettings): Admission {
    const swarmId = swarmIdOf(manifest);
    const existing = this.swarms.get(swarmId);
    if (!existing && this.swarms.size >= this.limits.maxSwarms) {
      return {
        ok: false,
        code: 'too-many-swarms',
        message: `the tracker holds ${this.limits.maxSwarms} swarms`,
      };
    }
    const swarm = existing ?? newSwarm(manifest, settings);
    const member = swarm.members.get(peerId);
    if (member) {
      // A leecher that finished (or a page that re-shares) becomes a seeder; its peers already know it.
      const wasComplete = member.complete;
      member.role = 'seeder';
      member.have = manifest.pieces.length;
      member.complete = true;
      swarm.progress.onComplete(peerId);
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
      swarm = newSwarm(manifest);
      this.swarms.set(swarmId, swarm);
    }
    if (!swarm) return { ok: false, code: 'unknown-swarm', message: `no swarm ${swarmId.slice(0, 12)}…` };
    if (swarm.members.has(peerId)) return this.admitted(swarmId, swarm, peerId, false, false);
    const refusal = this.checkRoomFor(peerId);
    if (refusal) return refusal;
    this.addMember(swarmId, swarm, { peerId, role: 'leecher', have: 0, complete: false });
    swarm.predistribution?.onJoin(peerId);
    return this.admitted(swarmId, swarm, peerId, true, true);
  }

  /** A peer leaves one swarm. Undefined when it was not a member (leaving is idempotent). */
  leave(peerId: PeerId, swarmId: SwarmId): Departure | undefined {
    const swarm = this.swarms.get(swarmId);
    if (!swarm?.members.delete(peerId)) return undefined;
    swarm.progress.onPeerGone(peerId);
    swarm.predistribution?.onPeerGone(peerId);
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

  /**
   * A member reports how many pieces it holds, and (optionally) which, as hex; then `have` is the
   * bitfield's count. Only `complete` moves it between catalog columns.
   */
  updateProgress(
    peerId: PeerId,
    swarmId: SwarmId,
    have: number,
    complete: boolean,
    bitfield?: string,
  ): ProgressResult {
    const swarm = this.swarms.get(swarmId);
    const member = swarm?.members.get(peerId);
    if (!swarm || !member) return 'not-in-swarm';
    if (bitfield !== undefined) {
      if (!swarm.progress.onBitfield(peerId, bitfield)) return 'bad-bitfield';
      member.have = swarm.progress.haveOf(peerId);
    } else {
      if (complete) swarm.progress.onComplete(peerId);
      member.have = Math.min(have, swarm.manifest.pieces.length);
    }
    swarm.predistribution?.onProgress(peerId, swarm.progress.hexOf(peerId));
    if (member.complete === complete) return 'unchanged';
    member.complete = complete;
    return 'catalog-changed';
  }

  /** The settings in force for this member, or undefined for an unknown swarm. */
  settingsFor(swarmId: SwarmId, peerId: PeerId): PageSettings | undefined {
    const swarm = this.swarms.get(swarmId);
    return swarm && pageSettings(swarm, peerId);
  }

  /**
   * Starts a pre-distribution of `percent` of the pieces to every downloading member (a new one
   * replaces one in progress). Returns the members to tell (their settings change), or undefined for
   * an unknown swarm.
   */
  startPredistribution(swarmId: SwarmId, percent: number): PeerId[] | undefined {
    const swarm = this.swarms.get(swarmId);
    if (!swarm) return undefined;
    const downloaders = [...swarm.members.values()].filter((m) => !m.complete).map((m) => m.peerId);
    swarm.predistribution = Predistribution.start(
      swarm.manifest.pieces.length,
      percent,
      downloaders,
      (peer) => swarm.progress.hexOf(peer),
      this.random,
    );
    return [...swarm.members.keys()];
  }

  /**
   * Ends the swarm's pre-distribution if every member holds its share (call after progress reports
   * and departures): returns the members to tell that the swarm's own settings apply again, or
   * undefined when nothing ended.
   */
  settlePredistribution(swarmId: SwarmId): PeerId[] | undefined {
    const swarm = this.swarms.get(swarmId);
    if (!swarm?.predistribution?.done) return undefined;
    swarm.predistribution = null;
    return [...swarm.members.keys()];
  }

  /**
   * New settings for a swarm: returns its members (to be told), or undefined for an unknown swarm.
   * The settings must be valid already (swarmSettingsSchema).
   */
  setSettings(swarmId: SwarmId, settings: SwarmSettings): PeerId[] | undefined {
    const swarm = this.swarms.get(swarmId);
    if (!swarm) return undefined;
    swarm.settings = { ...settings };
    return [...swarm.members.keys()];
  }

  /** Marks a member of a swarm as a free rider, or clears the mark. */
  setFreeRider(swarmId: SwarmId, peerId: PeerId, freeRider: boolean): FreeRiderResult {
    const swarm = this.swarms.get(swarmId);
    if (!swarm) return 'unknown-swarm';
    if (!swarm.members.has(peerId)) return 'unknown-peer';
    if (swarm.freeRiders.has(peerId) === freeRider) return 'unchanged';
    if (freeRider) swarm.freeRiders.add(peerId);
    else swarm.freeRiders.delete(peerId);
    return 'changed';
  }

  /** Every swarm, for the dashboard; the views are live and must not be kept. */
  *swarmViews(): IterableIterator<SwarmView> {
    for (const [swarmId, swarm] of this.swarms) yield { swarmId, ...swarm };
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
      if (swarm.progress.memberCount !== swarm.members.size)
        throw new Error(`swarm ${swarmId} has progress for ${swarm.progress.memberCount} members`);
      swarm.progress.assertInvariants();
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
    swarm.progress.onJoin(member.peerId, member.complete);
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
    return {
      ok: true,
      swarmId,
      manifest: swarm.manifest,
      peers,
      others,
      newcomer,
      catalogChanged,
      ...pageSettings(swarm, peerId),
    };
  }
}

/**
 * The settings a member is told. While a pre-distribution runs, everyone unchokes everyone and no
 * upload cap holds, so the set-up is quick even when the demo itself runs in slow motion.
 */
function pageSettings(swarm: Swarm, peerId: PeerId): PageSettings {
  const freeRider = swarm.freeRiders.has(peerId);
  const p = swarm.predistribution;
  if (!p) return { settings: swarm.settings, freeRider };
  const settings: SwarmSettings = {
    ...swarm.settings,
    choking: 'unchoke-all',
    uploadCapBytesPerSecond: null,
  };
  const assigned = p.shareOf(peerId);
  return assigned === undefined ? { settings, freeRider } : { settings, freeRider, assigned };
}

/** Code-unit order: the same on every machine, unlike localeCompare. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
