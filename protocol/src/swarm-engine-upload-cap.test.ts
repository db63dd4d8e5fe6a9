import { describe, expect, it } from 'vitest';
import { MemorySwarm, randomBytes } from './test-support/memory-swarm.ts';

/** Byte-for-byte equality; vitest's toEqual walks a typed array element by element, far too slowly for MiBs. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

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
    expect(sameBytes(swarm.fileOf('leech'), swarm.file)).toBe(true);
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
    expect(sameBytes(swarm.fileOf('leech'), swarm.file)).toBe(true);
  });
});

describe('a swarm where every uplink is capped alike', () => {
  // The fluid-model minimum is F/u: the sharer must send every byte once, the swarm does the rest.
  it.each([4, 8])(
    'with %i leechers the sharer sends little more than one copy, near F/u',
    async (leechers) => {
      const cap = 1024 * 1024;
      const size = 4 * 1024 * 1024;
      const swarm = new MemorySwarm(randomBytes(size, 7), 'fair.bin', 16 * 1024);
      swarm.addPeer('seed', { seed: true, config: { uploadBytesPerSecond: cap }, random: 101 });
      // Each peer its own random stream, as separate browsers have.
      for (let i = 1; i <= leechers; i++)
        swarm.addPeer(`l${i}`, { config: { uploadBytesPerSecond: cap }, random: 1000 + i });
      swarm.connectAll();
      await swarm.run(() => [...swarm.peers.values()].every((p) => p.engine.isComplete), {
        tickMs: 50,
        maxSteps: 100_000,
      });
      for (let i = 1; i <= leechers; i++) expect(sameBytes(swarm.fileOf(`l${i}`), swarm.file)).toBe(true);
      // Serving requests in arrival order instead, the sharer sent 1.35–1.43 copies and took 1.35–1.54·F/u
      // (6 seeds); serving the least-sent piece first, 1.08–1.14 copies and 1.07–1.18·F/u.
      expect(uploaded(swarm, 'seed') / size).toBeLessThan(1.25);
      expect(swarm.now / 1000 / (size / cap)).toBeLessThan(1.3);
    },
  );
});
