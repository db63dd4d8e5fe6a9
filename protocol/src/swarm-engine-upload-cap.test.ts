import { describe, expect, it } from 'vitest';
import { MemorySwarm, randomBytes } from './test-support/memory-swarm.ts';

/** Bytes of blocks `from` has sent, summed from the engine's own per-peer counters. */
function uploaded(swarm: MemorySwarm, from: string): number {
  return swarm.peers
    .get(from)!
    .engine.snapshot()
    .peers.reduce((sum, p) => sum + p.bytesTo, 0);
}

describe('SwarmEngine upload cap', () => {
  it('a capped seed uploads no faster than its cap, and the leecher still gets every byte', async () => {
    const cap = 256 * 1024;
    const swarm = new MemorySwarm(randomBytes(1024 * 1024, 1), 'capped.bin', 16 * 1024);
    swarm.addPeer('seed', { seed: true, config: { uploadBytesPerSecond: cap } });
    swarm.addPeer('leech');
    swarm.connectAll();
    const samples: [number, number][] = [];
    await swarm.run(
      () => {
        samples.push([swarm.now, uploaded(swarm, 'seed')]);
        return swarm.peers.get('leech')!.engine.isComplete;
      },
      { tickMs: 50 },
    );
    expect(swarm.fileOf('leech')).toEqual(swarm.file);
    // 1 MiB at 256 KiB/s takes four seconds, give or take one refill burst.
    expect(swarm.now).toBeGreaterThanOrEqual(3700);
    // In any window of a second or more, no more than the cap plus one burst and one block left.
    for (const [t0, b0] of samples) {
      for (const [t1, b1] of samples) {
        if (t1 - t0 < 1000) continue;
        expect(b1 - b0).toBeLessThanOrEqual((cap * (t1 - t0)) / 1000 + cap * 0.2 + 16 * 1024);
      }
    }
  });

  it('the same swarm with no cap finishes within a few ticks', async () => {
    const swarm = new MemorySwarm(randomBytes(1024 * 1024, 1), 'free.bin', 16 * 1024);
    swarm.addPeer('seed', { seed: true });
    swarm.addPeer('leech');
    swarm.connectAll();
    await swarm.run(() => swarm.peers.get('leech')!.engine.isComplete, { tickMs: 50 });
    expect(swarm.now).toBeLessThan(1000);
  });

  it('a cap set or lifted mid-swarm applies at once', async () => {
    const swarm = new MemorySwarm(randomBytes(2 * 1024 * 1024, 2), 'live.bin', 16 * 1024);
    const seed = swarm.addPeer('seed', { seed: true, config: { uploadBytesPerSecond: 64 * 1024 } });
    swarm.addPeer('leech');
    swarm.connectAll();
    await swarm.run(() => swarm.now >= 2000, { tickMs: 50 });
    const slowBytes = uploaded(swarm, 'seed');
    expect(slowBytes).toBeLessThanOrEqual(2 * 64 * 1024 + 0.2 * 64 * 1024 + 16 * 1024);
    seed.engine.setUploadLimit(null);
    const liftedAt = swarm.now;
    await swarm.run(() => swarm.peers.get('leech')!.engine.isComplete, { tickMs: 50 });
    expect(swarm.now - liftedAt).toBeLessThan(1000);
    expect(swarm.fileOf('leech')).toEqual(swarm.file);
  });
});
