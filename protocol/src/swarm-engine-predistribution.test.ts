import { describe, expect, it } from 'vitest';
import { Bitfield } from './bitfield.ts';
import { PiecePicker } from './piece-picker.ts';
import { MemorySwarm, randomBytes } from './test-support/memory-swarm.ts';
import { mulberry32 } from './test-support/seeded-random.ts';

const shareOf = (pieceCount: number, pieces: number[]) => {
  const b = new Bitfield(pieceCount);
  for (const i of pieces) b.set(i);
  return b;
};

describe('PiecePicker.restrictTo (a pre-distribution share)', () => {
  it('starts only allowed pieces, whatever the strategy, and any piece again once lifted', () => {
    for (const strategy of ['rarest-first', 'random', 'sequential'] as const) {
      const picker = new PiecePicker({
        pieceCount: 10,
        pieceLength: () => 100,
        blockSize: 100,
        strategy,
        random: mulberry32(1),
      });
      picker.restrictTo(shareOf(10, [3, 7]));
      const everything = Bitfield.full(10);
      const first = picker.pick('p', everything, 10);
      expect(first.requests.map((r) => r.piece).sort()).toEqual([3, 7]);
      expect(picker.hasAllAllowed).toBe(false);
      picker.markHave(3);
      picker.markHave(7);
      expect(picker.hasAllAllowed).toBe(true);
      expect(picker.pick('p', everything, 10).requests).toEqual([]);
      expect(picker.inEndgame()).toBe(false);
      picker.restrictTo(null);
      expect(picker.pick('p', everything, 10).requests).toHaveLength(8);
    }
  });

  it('counts endgame within the share: all of it requested, nothing new left', () => {
    const picker = new PiecePicker({
      pieceCount: 4,
      pieceLength: () => 100,
      blockSize: 100,
      random: mulberry32(2),
    });
    picker.restrictTo(shareOf(4, [1]));
    expect(picker.pick('a', Bitfield.full(4), 4).requests).toHaveLength(1);
    expect(picker.inEndgame()).toBe(true);
  });

  it('ignores a share of the wrong length (no restriction)', () => {
    const picker = new PiecePicker({
      pieceCount: 4,
      pieceLength: () => 100,
      blockSize: 100,
      random: mulberry32(3),
    });
    picker.restrictTo(new Bitfield(5));
    expect(picker.isRestricted).toBe(false);
  });
});

describe('a swarm pre-distributed before the demo', () => {
  it('each leecher fetches exactly its share and waits; lifted, everyone completes', async () => {
    const swarm = new MemorySwarm(randomBytes(32 * 16 * 1024, 5), 'demo.bin', 16 * 1024); // 32 pieces
    swarm.addPeer('seed', { seed: true });
    const a = swarm.addPeer('a');
    const b = swarm.addPeer('b');
    const shares = { a: [0, 5, 9, 20, 31], b: [1, 5, 17] };
    a.engine.setPredistributionShare(shareOf(32, shares.a));
    b.engine.setPredistributionShare(shareOf(32, shares.b));
    swarm.connectAll();
    const held = (id: 'a' | 'b') => {
      const pieces = swarm.peers.get(id)!.engine.pieceStates();
      return [...pieces.keys()].filter((i) => pieces[i] === 2);
    };
    await swarm.run(() => held('a').length === 5 && held('b').length === 3);
    // Time for anything more to (wrongly) arrive.
    const until = swarm.now + 5_000;
    await swarm.run(() => swarm.now >= until);
    expect(held('a')).toEqual(shares.a);
    expect(held('b')).toEqual(shares.b);
    expect(a.engine.snapshot().predistributing).toBe(true);

    a.engine.setPredistributionShare(null);
    b.engine.setPredistributionShare(null);
    await swarm.run(() => a.engine.isComplete && b.engine.isComplete);
    expect(a.engine.snapshot().predistributing).toBe(false);
  });
});
