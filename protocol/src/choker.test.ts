import { describe, expect, it } from 'vitest';
import {
  type ChokeDecision,
  Choker,
  type ChokerConfig,
  type ChokerPeer,
  DEFAULT_CHOKER_CONFIG,
  isSnubbing,
  isWithholding,
  rankForRegularSlots,
} from './choker.ts';
import { countOutcomes, mulberry32, randomInt } from './test-support/seeded-random.ts';

/** The clock of most tests: long after every "old" peer connected. */
const NOW = 1_000_000;

interface PeerSpec {
  /** Rate the peer sends us data (B/s). */
  down?: number;
  /** Rate we send the peer data (B/s). */
  up?: number;
  /** The peer wants our data; true unless said otherwise. */
  interested?: boolean;
  /** Connected this many ms before `now` (default: long ago). */
  age?: number;
  /** We want the peer's data. */
  wanted?: boolean;
  /** The peer chokes us (default: it does not). */
  choking?: boolean;
  /** The peer's last block arrived this many ms before `now`; null = never. */
  lastBlockAgo?: number | null;
  /** Bytes the peer has sent us / we have sent it so far. */
  gave?: number;
  took?: number;
}

/** A peer snapshot at time `now`, described relative to it. */
function peer(id: string, spec: PeerSpec = {}, now = NOW): ChokerPeer {
  const lastBlockAgo = spec.lastBlockAgo === undefined ? 0 : spec.lastBlockAgo;
  return {
    id,
    interested: spec.interested ?? true,
    downloadRate: spec.down ?? 0,
    uploadRate: spec.up ?? 0,
    connectedAt: now - (spec.age ?? 500_000),
    weAreInterested: spec.wanted ?? false,
    chokingUs: spec.choking ?? false,
    lastBlockAt: lastBlockAgo === null ? null : now - lastBlockAgo,
    bytesFrom: spec.gave ?? 0,
    bytesTo: spec.took ?? 0,
  };
}

const peersOf = (specs: Record<string, PeerSpec>, now = NOW) =>
  Object.entries(specs).map(([id, spec]) => peer(id, spec, now));

/** Rechokes and checks the decision against the choker's own rules, every time. */
function decide(choker: Choker, peers: readonly ChokerPeer[], now = NOW, seeding = false): ChokeDecision {
  const d = choker.rechoke(peers, now, seeding);
  Choker.assertDecision(d, peers, choker.config);
  return d;
}

/** The decision as sorted id lists per slot kind. */
function slots(d: ChokeDecision): { regular: string[]; optimistic: string[] } {
  const of = (kind: string) =>
    [...d.unchoked]
      .filter(([, k]) => k === kind)
      .map(([id]) => id)
      .sort();
  return { regular: of('regular'), optimistic: of('optimistic') };
}

const config = (c: Partial<ChokerConfig> = {}): ChokerConfig => ({ ...DEFAULT_CHOKER_CONFIG, ...c });

describe('Choker regular slots', () => {
  const SNUB = DEFAULT_CHOKER_CONFIG.snubTimeoutMs;
  it.each<{
    name: string;
    peers: Record<string, PeerSpec>;
    seeding?: boolean;
    cfg?: Partial<ChokerConfig>;
    regular: string[];
    snubbed?: string[];
  }>([
    {
      name: 'go to the three fastest uploaders to us',
      peers: { a: { down: 100 }, b: { down: 500 }, c: { down: 300 }, d: { down: 400 }, e: { down: 200 } },
      regular: ['b', 'c', 'd'],
    },
    {
      name: 'never go to an uninterested peer, however fast',
      peers: {
        x: { down: 9999, interested: false },
        a: { down: 3 },
        b: { down: 2 },
        c: { down: 1 },
        d: { down: 0 },
      },
      regular: ['a', 'b', 'c'],
    },
    {
      name: 'go to every interested peer when there are fewer than the slots',
      peers: { a: { down: 5 }, b: { interested: false }, c: { down: 1 } },
      regular: ['a', 'c'],
    },
    {
      name: 'are empty when nobody is interested',
      peers: { a: { interested: false, down: 10 } },
      regular: [],
    },
    { name: 'are empty with no peers', peers: {}, regular: [] },
    {
      name: 'when seeding, go to the peers we upload to fastest',
      seeding: true,
      peers: {
        a: { down: 999, up: 1 },
        b: { up: 50 },
        c: { up: 40 },
        d: { up: 30 },
        e: { down: 500, up: 20 },
      },
      regular: ['b', 'c', 'd'],
    },
    {
      name: 'refuse a snubbing peer (no block for snubTimeoutMs) and report it',
      peers: {
        s: { down: 9999, wanted: true, lastBlockAgo: SNUB },
        a: { down: 3, wanted: true, lastBlockAgo: SNUB - 1 },
        b: { down: 2 },
        c: { down: 1 },
      },
      regular: ['a', 'b', 'c'],
      snubbed: ['s'],
    },
    {
      name: 'count a peer that never sent a block as snubbing from when it connected',
      peers: {
        s: { down: 10, wanted: true, lastBlockAgo: null, age: SNUB + 5 },
        n: { down: 9, wanted: true, lastBlockAgo: null, age: SNUB - 5 },
      },
      regular: ['n'],
      snubbed: ['s'],
    },
    {
      name: 'do not count silence against a peer we do not want data from',
      peers: { q: { down: 10, wanted: false, lastBlockAgo: null }, a: { down: 1 } },
      regular: ['a', 'q'],
    },
    {
      name: 'do not list an uninterested snubber as snubbed',
      peers: { s: { interested: false, wanted: true, lastBlockAgo: null }, a: {} },
      regular: ['a'],
    },
    {
      name: 'ignore snubbing while seeding',
      seeding: true,
      peers: { s: { up: 10, wanted: true, lastBlockAgo: null }, a: { up: 1 } },
      regular: ['a', 's'],
    },
    {
      name: 'follow a configured slot count of 1',
      cfg: { regularSlots: 1 },
      peers: { a: { down: 1 }, b: { down: 2 }, c: { down: 3 } },
      regular: ['c'],
    },
    {
      name: 'follow a configured slot count of 5',
      cfg: { regularSlots: 5 },
      peers: {
        a: { down: 1 },
        b: { down: 2 },
        c: { down: 3 },
        d: { down: 4 },
        e: { down: 5 },
        f: { down: 0 },
      },
      regular: ['a', 'b', 'c', 'd', 'e'],
    },
    {
      name: 'can be switched off (0 slots)',
      cfg: { regularSlots: 0 },
      peers: { a: { down: 1 }, b: { down: 2 } },
      regular: [],
    },
  ])('$name', ({ peers, seeding = false, cfg = {}, regular, snubbed = [] }) => {
    const ps = peersOf(peers);
    for (let seed = 0; seed < 20; seed++) {
      const choker = new Choker(cfg, mulberry32(seed));
      const d = decide(choker, ps, NOW, seeding);
      expect(slots(d).regular).toEqual(regular);
      expect([...d.snubbed].sort()).toEqual(snubbed);
      // Everyone unchoked is interested; the optimistic holder is not a regular one.
      for (const id of slots(d).optimistic) expect(regular).not.toContain(id);
    }
  });

  it('breaks rate ties at random, giving every tied peer a fair chance', () => {
    const ps = peersOf({ a: {}, b: {}, c: {}, d: {}, e: {}, f: {} });
    const counts = new Map<string, number>();
    for (let seed = 0; seed < 600; seed++) {
      const d = decide(new Choker({ optimisticSlots: 0 }, mulberry32(seed)), ps);
      for (const id of slots(d).regular) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    // 600 runs × 3 slots over 6 peers: 300 each on average.
    expect([...counts.keys()].sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    for (const n of counts.values()) expect(n).toBeGreaterThan(220);
  });
});

describe('rankForRegularSlots and isSnubbing', () => {
  it('orders by rate, then by the tie-break rank, dropping the uninterested and snubbers', () => {
    const ps = peersOf({
      a: { down: 5 },
      b: { down: 7 },
      c: { down: 5 },
      u: { down: 100, interested: false },
      s: { down: 50, up: 10, wanted: true, lastBlockAgo: null },
    });
    const tieBreak = new Map([
      ['a', 0.9],
      ['b', 0.5],
      ['c', 0.1],
      ['s', 0.3],
    ]);
    expect(rankForRegularSlots(ps, false, NOW, config(), tieBreak).map((p) => p.id)).toEqual(['b', 'c', 'a']);
    // Seeding: ranked by our upload rate (s), then the rest tie at 0 and follow the tie-break ranks.
    expect(rankForRegularSlots(ps, true, NOW, config(), tieBreak).map((p) => p.id)).toEqual([
      's',
      'c',
      'b',
      'a',
    ]);
  });

  it('breaks equal rates by what each peer gave us so far (took from us, when seeding), then at random', () => {
    const ps = peersOf({
      rider: { down: 0, gave: 0, took: 900 },
      giver: { down: 0, gave: 500, took: 10 },
      big: { down: 0, gave: 800, took: 20 },
      fast: { down: 9, gave: 1 },
      twinA: { down: 0, gave: 0, took: 0 },
    });
    const tieBreak = new Map([
      ['rider', 0.1],
      ['twinA', 0.2],
      ['giver', 0.9],
      ['big', 0.8],
      ['fast', 0.5],
    ]);
    expect(rankForRegularSlots(ps, false, NOW, config(), tieBreak).map((p) => p.id)).toEqual([
      'fast',
      'big',
      'giver',
      'rider',
      'twinA',
    ]);
    // Seeding: all upload rates are 0, so what we sent each decides, then the random rank.
    expect(rankForRegularSlots(ps, true, NOW, config(), tieBreak).map((p) => p.id)).toEqual([
      'rider',
      'big',
      'giver',
      'twinA',
      'fast',
    ]);
  });

  it.each([
    { name: 'a peer we do not want', spec: { wanted: false, lastBlockAgo: null }, snubbing: false },
    { name: 'a block just now', spec: { wanted: true, lastBlockAgo: 0 }, snubbing: false },
    { name: 'a block 59,999 ms ago', spec: { wanted: true, lastBlockAgo: 59_999 }, snubbing: false },
    { name: 'a block 60,000 ms ago', spec: { wanted: true, lastBlockAgo: 60_000 }, snubbing: true },
    {
      name: 'no block, connected 59,999 ms ago',
      spec: { wanted: true, lastBlockAgo: null, age: 59_999 },
      snubbing: false,
    },
    {
      name: 'no block, connected 60,000 ms ago',
      spec: { wanted: true, lastBlockAgo: null, age: 60_000 },
      snubbing: true,
    },
  ])('isSnubbing: $name → $snubbing', ({ spec, snubbing }) => {
    expect(isSnubbing(peer('p', spec), NOW, config())).toBe(snubbing);
  });

  it('follows a configured snub timeout', () => {
    const p = peer('p', { wanted: true, lastBlockAgo: 5_000 });
    expect(isSnubbing(p, NOW, config({ snubTimeoutMs: 5_000 }))).toBe(true);
    expect(isSnubbing(p, NOW, config({ snubTimeoutMs: 5_001 }))).toBe(false);
  });
});

describe('reciprocity: a peer that withholds gets no regular slot', () => {
  it.each([
    {
      name: 'took from us, has what we want, chokes us, never gave',
      spec: { wanted: true, choking: true, took: 1 },
      out: true,
    },
    { name: 'has taken nothing from us yet', spec: { wanted: true, choking: true }, out: false },
    { name: 'gave us a byte once', spec: { wanted: true, choking: true, took: 1, gave: 1 }, out: false },
    { name: 'unchokes us', spec: { wanted: true, choking: false, took: 1 }, out: false },
    { name: 'has nothing we want', spec: { wanted: false, choking: true, took: 1 }, out: false },
  ])('isWithholding: $name → $out', ({ spec, out }) => {
    expect(isWithholding(peer('p', spec))).toBe(out);
  });

  it('leaves a regular slot empty rather than give it to a withholder, who still wins the optimistic one', () => {
    // Three slots, two honest givers and a free rider: before this rule the rider took the spare one.
    const choker = new Choker(config({ regularSlots: 3, optimisticSlots: 1 }), mulberry32(7));
    const d = decide(
      choker,
      peersOf({
        a: { wanted: true, gave: 50_000, down: 1000 },
        b: { wanted: true, choking: true, gave: 10_000 },
        rider: { wanted: true, choking: true, took: 80_000 },
      }),
    );
    expect(slots(d)).toEqual({ regular: ['a', 'b'], optimistic: ['rider'] });
  });

  it('does not apply once we seed: a seeder wants nothing and ranks by what peers take', () => {
    const choker = new Choker(config({ regularSlots: 2, optimisticSlots: 0 }), mulberry32(3));
    const d = decide(
      choker,
      peersOf({ a: { choking: true, up: 10 }, rider: { choking: true, up: 20 } }),
      NOW,
      true,
    );
    expect(slots(d).regular).toEqual(['a', 'rider']);
  });
});

describe('Choker optimistic slot', () => {
  const cfg = {
    regularSlots: 1,
    optimisticSlots: 1,
    rechokeIntervalMs: 10_000,
    optimisticIntervalMs: 30_000,
  };

  it('goes to an interested peer outside the regular slots, snubbers included', () => {
    const ps = peersOf({
      fast: { down: 100 },
      s: { down: 90, wanted: true, lastBlockAgo: null },
      u: { interested: false },
    });
    for (let seed = 0; seed < 20; seed++) {
      const d = decide(new Choker(cfg, mulberry32(seed)), ps);
      expect(slots(d)).toEqual({ regular: ['fast'], optimistic: ['s'] });
      expect(d.snubbed).toEqual(['s']);
      expect(d.rotatedOptimistic).toBe(true);
    }
  });

  it('is kept until optimisticIntervalMs passes, then rotates', () => {
    const ps = peersOf({ r: { down: 100 }, a: {}, b: {}, c: {}, d: {}, e: {} }, 0);
    let rotationsThatChanged = 0;
    for (let seed = 0; seed < 50; seed++) {
      const choker = new Choker(cfg, mulberry32(seed));
      let holder = slots(decide(choker, ps, 0)).optimistic;
      expect(holder).toHaveLength(1);
      expect(choker.optimisticPeers).toEqual(holder);
      for (let t = 10_000; t <= 120_000; t += 10_000) {
        const d = decide(choker, ps, t);
        const now = slots(d).optimistic;
        expect(slots(d).regular).toEqual(['r']);
        if (t % 30_000 !== 0) {
          // Between rotations the holder stays, and the decision says nothing rotated.
          expect(now, `t=${t}`).toEqual(holder);
          expect(d.rotatedOptimistic).toBe(false);
        } else {
          expect(d.rotatedOptimistic).toBe(now[0] !== holder[0]);
          if (now[0] !== holder[0]) rotationsThatChanged++;
        }
        holder = now;
      }
    }
    // 50 runs × 4 rotations among 5 candidates: most rotations pick someone new.
    expect(rotationsThatChanged).toBeGreaterThan(100);
  });

  it('times the interval from the last rotation, not from each rechoke', () => {
    const ps = peersOf({ r: { down: 100 }, a: {}, b: {}, c: {}, d: {} }, 0);
    const choker = new Choker(cfg, mulberry32(3));
    const first = slots(decide(choker, ps, 1_000)).optimistic;
    // Rechokes at odd moments (a peer joined, say) do not reset or advance the rotation.
    for (const t of [5_000, 17_000, 30_999]) expect(slots(decide(choker, ps, t)).optimistic).toEqual(first);
    const seen = new Set<string>();
    for (let seed = 0; seed < 40; seed++) {
      const c = new Choker(cfg, mulberry32(seed));
      const held = slots(decide(c, ps, 1_000)).optimistic[0]!;
      decide(c, ps, 30_999);
      seen.add(String(slots(decide(c, ps, 31_000)).optimistic[0] !== held));
    }
    expect(seen.has('true')).toBe(true);
  });

  it('is replaced at once when its holder wins a regular slot on merit', () => {
    const base = { r: { down: 100 }, a: {}, b: {}, c: {} };
    const choker = new Choker(cfg, mulberry32(11));
    const holder = slots(decide(choker, peersOf(base, 0), 0)).optimistic[0]!;
    const faster = peersOf({ ...base, [holder]: { down: 500 } }, 10_000);
    const d = decide(choker, faster, 10_000);
    expect(slots(d).regular).toEqual([holder]);
    expect(slots(d).optimistic).toHaveLength(1);
    expect(slots(d).optimistic[0]).not.toBe(holder);
    expect(d.rotatedOptimistic).toBe(true);
  });

  it('is replaced at once when its holder loses interest or leaves the peer list', () => {
    for (const change of ['uninterested', 'absent'] as const) {
      const base: Record<string, PeerSpec> = { r: { down: 100 }, a: {}, b: {}, c: {} };
      const choker = new Choker(cfg, mulberry32(5));
      const holder = slots(decide(choker, peersOf(base, 0), 0)).optimistic[0]!;
      const next = { ...base };
      if (change === 'uninterested') next[holder] = { interested: false };
      else delete next[holder];
      const d = decide(choker, peersOf(next, 10_000), 10_000);
      expect(slots(d).optimistic, change).toHaveLength(1);
      expect(slots(d).optimistic[0]).not.toBe(holder);
      expect(d.unchoked.has(holder)).toBe(false);
      expect(d.rotatedOptimistic).toBe(true);
    }
  });

  it('onPeerGone removes the optimistic holder', () => {
    const ps = peersOf({ r: { down: 100 }, a: {}, b: {}, c: {} }, 0);
    const choker = new Choker(cfg, mulberry32(2));
    const holder = slots(decide(choker, ps, 0)).optimistic[0]!;
    choker.onPeerGone(holder);
    expect(choker.optimisticPeers).toEqual([]);
    choker.onPeerGone('not-a-holder');
    expect(choker.optimisticPeers).toEqual([]);
  });

  it('after onPeerGone, the next rechoke fills the slot and reports the rotation', () => {
    const ps = peersOf({ r: { down: 100 }, a: {}, b: {}, c: {} }, 0);
    const choker = new Choker(cfg, mulberry32(2));
    const holder = slots(decide(choker, ps, 0)).optimistic[0]!;
    choker.onPeerGone(holder);
    const rest = ps.filter((p) => p.id !== holder);
    const d = decide(choker, rest, 10_000);
    expect(slots(d).optimistic).toHaveLength(1);
    expect(slots(d).optimistic[0]).not.toBe(holder);
    // The holders changed (from [holder] to someone else): the engine logs this as a rotation.
    expect(d.rotatedOptimistic).toBe(true);
  });

  it('reports a rotation when a first candidate appears between rotations', () => {
    const choker = new Choker(cfg, mulberry32(4));
    // At t=0 only the regular peer is interested: nobody to unchoke optimistically.
    const d0 = decide(choker, peersOf({ r: { down: 100 }, a: { interested: false } }, 0), 0);
    expect(slots(d0).optimistic).toEqual([]);
    const d1 = decide(choker, peersOf({ r: { down: 100 }, a: {} }, 10_000), 10_000);
    expect(slots(d1).optimistic).toEqual(['a']);
    expect(d1.rotatedOptimistic).toBe(true);
  });

  it('follows a configured number of optimistic slots', () => {
    const ps = peersOf({ r: { down: 100 }, a: {}, b: {}, c: {}, d: {} });
    for (const optimisticSlots of [0, 1, 2, 4, 6]) {
      const d = decide(new Choker({ ...cfg, optimisticSlots }, mulberry32(optimisticSlots)), ps);
      expect(slots(d).optimistic).toHaveLength(Math.min(optimisticSlots, 4));
      expect(slots(d).regular).toEqual(['r']);
    }
  });

  it('takes a lowered optimisticSlots into account at the next rechoke', () => {
    const ps = peersOf({ r: { down: 100 }, a: {}, b: {}, c: {}, d: {} }, 0);
    const choker = new Choker({ ...cfg, optimisticSlots: 2 }, mulberry32(8));
    expect(slots(decide(choker, ps, 0)).optimistic).toHaveLength(2);
    choker.config.optimisticSlots = 1;
    // Still inside the optimistic interval: the holders are kept, but no more than the slots allow.
    const d = decide(choker, ps, 10_000);
    expect(slots(d).optimistic).toHaveLength(1);
  });

  it('favours new peers about newPeerWeight (3×) to 1', () => {
    const one = { ...cfg, regularSlots: 0 };
    const ps = peersOf({ fresh: { age: 1_000 }, old: { age: 500_000 } });
    const counts = countOutcomes(
      4000,
      (seed) => slots(decide(new Choker(one, mulberry32(seed)), ps)).optimistic[0],
    );
    const ratio = (counts.get('fresh') ?? 0) / (counts.get('old') ?? 1);
    expect(ratio).toBeGreaterThan(2.2);
    expect(ratio).toBeLessThan(3.8);
  });

  it('favours each new peer ~3× over each old one in a mixed pool', () => {
    const one = { ...cfg, regularSlots: 0 };
    const ps = peersOf({
      n1: { age: 0 },
      n2: { age: 29_999 },
      o1: { age: 30_000 },
      o2: { age: 400_000 },
      o3: {},
    });
    const counts = countOutcomes(
      6000,
      (seed) => slots(decide(new Choker(one, mulberry32(seed)), ps)).optimistic[0],
    );
    const newAvg = ((counts.get('n1') ?? 0) + (counts.get('n2') ?? 0)) / 2;
    const oldAvg = ((counts.get('o1') ?? 0) + (counts.get('o2') ?? 0) + (counts.get('o3') ?? 0)) / 3;
    expect(newAvg / oldAvg).toBeGreaterThan(2.2);
    expect(newAvg / oldAvg).toBeLessThan(3.8);
  });

  it.each([
    { weight: 1, low: 0.8, high: 1.25 },
    { weight: 5, low: 4, high: 6.2 },
  ])('follows a configured newPeerWeight of $weight', ({ weight, low, high }) => {
    const one = { ...cfg, regularSlots: 0, newPeerWeight: weight };
    const ps = peersOf({ fresh: { age: 1_000 }, old: {} });
    const counts = countOutcomes(
      4000,
      (seed) => slots(decide(new Choker(one, mulberry32(seed)), ps)).optimistic[0],
    );
    const ratio = (counts.get('fresh') ?? 0) / (counts.get('old') ?? 1);
    expect(ratio).toBeGreaterThan(low);
    expect(ratio).toBeLessThan(high);
  });
});

describe("Choker 'unchoke-all' mode", () => {
  it('unchokes every interested peer in a regular slot, snubbers included, and nobody else', () => {
    const ps = peersOf({
      a: { down: 1 },
      b: {},
      c: { wanted: true, lastBlockAgo: null },
      d: {},
      e: {},
      u: { interested: false, down: 1000 },
    });
    const choker = new Choker({ mode: 'unchoke-all' }, mulberry32(1));
    for (const seeding of [false, true]) {
      const d = decide(choker, ps, NOW, seeding);
      expect(slots(d)).toEqual({ regular: ['a', 'b', 'c', 'd', 'e'], optimistic: [] });
      expect(d.rotatedOptimistic).toBe(false);
      expect(choker.optimisticPeers).toEqual([]);
    }
  });

  it('clears the optimistic holders when switched on', () => {
    const ps = peersOf({ r: { down: 100 }, a: {}, b: {} });
    const choker = new Choker({ regularSlots: 1 }, mulberry32(1));
    expect(slots(decide(choker, ps)).optimistic).toHaveLength(1);
    choker.config.mode = 'unchoke-all';
    decide(choker, ps, NOW + 1);
    expect(choker.optimisticPeers).toEqual([]);
  });
});

describe('Choker.isDue', () => {
  it.each([
    { lastRechoke: null, at: 0, due: true },
    { lastRechoke: null, at: -5, due: true },
    { lastRechoke: 1_000, at: 1_000, due: false },
    { lastRechoke: 1_000, at: 10_999, due: false },
    { lastRechoke: 1_000, at: 11_000, due: true },
    { lastRechoke: 1_000, at: 50_000, due: true },
  ])('last rechoke $lastRechoke, now $at → $due', ({ lastRechoke, at, due }) => {
    const choker = new Choker({ rechokeIntervalMs: 10_000 }, mulberry32(1));
    if (lastRechoke !== null) decide(choker, [], lastRechoke);
    expect(choker.isDue(at)).toBe(due);
  });

  it('follows a configured interval, and any rechoke resets it', () => {
    const choker = new Choker({ rechokeIntervalMs: 2_000 }, mulberry32(1));
    decide(choker, [], 0);
    expect(choker.isDue(1_999)).toBe(false);
    decide(choker, [], 1_500); // an early rechoke (a peer became interested)
    expect(choker.isDue(2_000)).toBe(false);
    expect(choker.isDue(3_500)).toBe(true);
  });
});

describe('Choker randomized run', () => {
  it('keeps its rules over a long run of changing peers', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const random = mulberry32(seed * 31);
      const cfg = config({
        regularSlots: randomInt(random, 5),
        optimisticSlots: randomInt(random, 3),
        snubTimeoutMs: 20_000,
      });
      const choker = new Choker(cfg, mulberry32(seed));
      const peers = new Map<string, ChokerPeer>();
      let nextId = 0;
      let lastRotation = Number.NEGATIVE_INFINITY;
      let holders: string[] = [];
      for (let now = 0; now < 600_000; now += 1_000 + randomInt(random, 9_000)) {
        // Peers come and go and change their rates and interest.
        if (peers.size < 3 || random() < 0.2) {
          const id = `p${nextId++}`;
          peers.set(id, { ...peer(id, {}, now), connectedAt: now, interested: random() < 0.7 });
        }
        if (peers.size > 2 && random() < 0.1) {
          const id = [...peers.keys()][randomInt(random, peers.size)]!;
          peers.delete(id);
          choker.onPeerGone(id);
        }
        for (const p of peers.values()) {
          if (random() < 0.3) p.interested = !p.interested;
          if (random() < 0.5) p.downloadRate = randomInt(random, 4) * 1000;
          if (random() < 0.5) p.uploadRate = randomInt(random, 4) * 1000;
          p.weAreInterested = random() < 0.8;
          p.chokingUs = random() < 0.5;
          if (random() < 0.3) {
            p.lastBlockAt = now;
            p.bytesFrom += 16_384;
          }
          if (random() < 0.3) p.bytesTo += 16_384;
        }
        const seeding = random() < 0.2;
        const list = [...peers.values()];
        const d = decide(choker, list, now, seeding);
        const { regular, optimistic } = slots(d);

        // Regular slots: exactly the top by rate among the eligible, up to the slot count.
        const eligible = list.filter(
          (p) => p.interested && (seeding || (!isSnubbing(p, now, cfg) && !isWithholding(p))),
        );
        expect(regular.length).toBe(Math.min(cfg.regularSlots, eligible.length));
        const rate = (p: ChokerPeer) => (seeding ? p.uploadRate : p.downloadRate);
        const lowestIn = Math.min(...regular.map((id) => rate(peers.get(id)!)));
        for (const p of eligible) if (!regular.includes(p.id)) expect(rate(p)).toBeLessThanOrEqual(lowestIn);
        // Snubbed: exactly the interested snubbers, and only when downloading.
        const snubbers = seeding
          ? []
          : list.filter((p) => p.interested && isSnubbing(p, now, cfg)).map((p) => p.id);
        expect([...d.snubbed].sort()).toEqual(snubbers.sort());
        // Optimistic slots: filled when there are candidates, kept between rotations while eligible.
        const candidates = list.filter((p) => p.interested && !regular.includes(p.id));
        expect(optimistic.length).toBe(Math.min(cfg.optimisticSlots, candidates.length));
        if (now - lastRotation >= cfg.optimisticIntervalMs) lastRotation = now;
        else {
          for (const id of holders) {
            if (candidates.some((p) => p.id === id)) expect(optimistic).toContain(id);
          }
        }
        expect([...choker.optimisticPeers].sort()).toEqual(optimistic);
        holders = optimistic;
      }
    }
  });
});
