import { describe, expect, it } from 'vitest';
import { decodeBlockFrame } from './block-frame.ts';
import { DEFAULT_ENGINE_CONFIG } from './engine-config.ts';
import { HandPeer, settle } from './test-support/hostile-peer.ts';
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

describe('a capped sharer puts off pieces it has already sent', () => {
  /** A capped seed with two leechers the test speaks for; returns the pieces each was sent, in order. */
  async function setup() {
    const pieceSize = 16 * 1024;
    const swarm = new MemorySwarm(randomBytes(128 * pieceSize, 3), 'defer.bin', pieceSize);
    // Ten blocks a second: one a tick of 100 ms.
    const seed = swarm.addPeer('seed', { seed: true, config: { uploadBytesPerSecond: 10 * pieceSize } });
    const a = new HandPeer('a', swarm, seed.engine);
    const b = new HandPeer('b', swarm, seed.engine);
    for (const p of [a, b]) {
      p.greet(false);
      p.say({ t: 'interested' });
    }
    await swarm.run(() => swarm.now >= 500, { tickMs: 100 });
    const sent = (p: HandPeer) =>
      p.link.frames.map((f) => {
        const frame = decodeBlockFrame(f);
        if (!frame.ok) throw new Error(frame.error);
        return frame.value.piece;
      });
    const ask = (p: HandPeer, piece: number) => p.say({ t: 'request', piece, offset: 0, length: pieceSize });
    return { swarm, seed, a, b, sent, ask };
  }

  it('serves a piece nobody has had first, and a repeat once nothing new is asked for', async () => {
    const { swarm, seed, a, b, sent, ask } = await setup();
    // a's asks use up the cap's burst: piece 0 goes out at once, the others wait.
    for (const piece of [0, 124, 125, 126]) ask(a, piece);
    await settle(seed.engine);
    expect(sent(a)).toContain(0);
    // b asks for piece 0 (already sent to a) first, then for two pieces nobody has had.
    for (const piece of [0, 1, 2]) ask(b, piece);
    await swarm.run(() => sent(b).length === 3, { tickMs: 100 });
    expect(sent(b)).toEqual([1, 2, 0]);
  });

  it('serves a put-off request after maxUploadDeferMs, even while new pieces keep being asked for', async () => {
    const { swarm, seed, a, b, sent, ask } = await setup();
    for (const piece of [0, 124, 125, 126]) ask(a, piece);
    await settle(seed.engine);
    expect(sent(a)).toContain(0);
    ask(b, 0);
    const askedAt = swarm.now;
    let next = 1;
    // b keeps asking for fresh pieces faster than the cap serves them.
    await swarm.run(
      () => {
        while (next < 124 && next <= sent(b).length + 3) ask(b, next++);
        return sent(b).includes(0);
      },
      { tickMs: 100 },
    );
    const waited = swarm.now - askedAt;
    expect(waited).toBeGreaterThanOrEqual(DEFAULT_ENGINE_CONFIG.maxUploadDeferMs);
    expect(waited).toBeLessThan(DEFAULT_ENGINE_CONFIG.maxUploadDeferMs + 500);
    expect(sent(b).indexOf(0)).toBeGreaterThan(50);
  });
});
