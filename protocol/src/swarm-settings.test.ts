import { describe, expect, it } from 'vitest';
import { DEFAULT_SWARM_SETTINGS, swarmSettingsSchema } from './swarm-settings.ts';
import { MemorySwarm, randomBytes } from './test-support/memory-swarm.ts';

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

const sentBy = (swarm: MemorySwarm, id: string): number =>
  swarm.peers
    .get(id)!
    .engine.snapshot()
    .peers.reduce((sum, p) => sum + p.bytesTo, 0);

describe('swarmSettingsSchema', () => {
  it('accepts the defaults and a capped random-strategy demo', () => {
    expect(swarmSettingsSchema.safeParse(DEFAULT_SWARM_SETTINGS).success).toBe(true);
    const demo = { ...DEFAULT_SWARM_SETTINGS, strategy: 'random', uploadCapBytesPerSecond: 100_000 };
    expect(swarmSettingsSchema.safeParse(demo).success).toBe(true);
  });

  it.each([
    ['an unknown strategy', { strategy: 'fastest' }],
    ['an unknown choking mode', { choking: 'choke-all' }],
    ['negative slots', { regularSlots: -1 }],
    ['too many slots', { regularSlots: 17 }],
    ['tit-for-tat with no slot at all', { regularSlots: 0, optimisticSlots: 0 }],
    ['a 10 ms rechoke', { rechokeIntervalMs: 10 }],
    ['a fractional interval', { optimisticIntervalMs: 1500.5 }],
    ['a 1 byte/s cap', { uploadCapBytesPerSecond: 1 }],
    ['a cap given as text', { uploadCapBytesPerSecond: '1MB' }],
    ['an extra field', { freeRider: true }],
  ])('refuses %s', (_label, change) => {
    expect(swarmSettingsSchema.safeParse({ ...DEFAULT_SWARM_SETTINGS, ...change }).success).toBe(false);
  });

  it('lets unchoke-all run with zero slots (the slots do not matter there)', () => {
    const s = { ...DEFAULT_SWARM_SETTINGS, choking: 'unchoke-all', regularSlots: 0, optimisticSlots: 0 };
    expect(swarmSettingsSchema.safeParse(s).success).toBe(true);
  });
});

describe('SwarmEngine.applySettings', () => {
  it('switches strategy, choking and slots live, and reports them in the snapshot', () => {
    const swarm = new MemorySwarm(randomBytes(256 * 1024, 3), 'live.bin', 16 * 1024);
    const seed = swarm.addPeer('seed', { seed: true });
    const settings = {
      ...DEFAULT_SWARM_SETTINGS,
      strategy: 'sequential' as const,
      choking: 'unchoke-all' as const,
      regularSlots: 2,
      optimisticSlots: 0,
      rechokeIntervalMs: 2000,
      optimisticIntervalMs: 4000,
      uploadCapBytesPerSecond: 64 * 1024,
    };
    seed.engine.applySettings(settings);
    expect(seed.engine.snapshot().settings).toEqual(settings);
  });

  it('unchoke-all unchokes every interested leecher at once, past the slot count', async () => {
    const swarm = new MemorySwarm(randomBytes(512 * 1024, 4), 'all.bin', 16 * 1024);
    // Capped so the leechers are still downloading (so still interested) when the mode changes.
    const seed = swarm.addPeer('seed', { seed: true, config: { uploadBytesPerSecond: 64 * 1024 } });
    for (let i = 0; i < 6; i++) swarm.addPeer(`l${i}`);
    seed.engine.applySettings({ ...DEFAULT_SWARM_SETTINGS, regularSlots: 1, optimisticSlots: 1 });
    swarm.connectAll();
    await swarm.run(() => swarm.now >= 500, { tickMs: 50 });
    const unchokedBySeed = () => seed.engine.snapshot().peers.filter((p) => !p.amChoking).length;
    expect(unchokedBySeed()).toBeLessThanOrEqual(2);
    seed.engine.applySettings({ ...DEFAULT_SWARM_SETTINGS, choking: 'unchoke-all' });
    expect(unchokedBySeed()).toBe(6);
  });

  it('the swarm cap and the tab’s own cap combine: the lower one holds', async () => {
    const swarm = new MemorySwarm(randomBytes(4 * 1024 * 1024, 5), 'caps.bin', 16 * 1024);
    const seed = swarm.addPeer('seed', { seed: true, config: { uploadBytesPerSecond: 512 * 1024 } });
    swarm.addPeer('leech');
    swarm.connectAll();
    seed.engine.applySettings({ ...DEFAULT_SWARM_SETTINGS, uploadCapBytesPerSecond: 128 * 1024 });
    await swarm.run(() => swarm.now >= 2000, { tickMs: 50 });
    const slack = 0.2 * 512 * 1024 + 16 * 1024;
    expect(sentBy(swarm, 'seed')).toBeLessThanOrEqual(2 * 128 * 1024 + slack);
    // Lifting the swarm's cap leaves the tab's own 512 KiB/s.
    seed.engine.applySettings({ ...DEFAULT_SWARM_SETTINGS, uploadCapBytesPerSecond: null });
    const before = sentBy(swarm, 'seed');
    await swarm.run(() => swarm.now >= 4000, { tickMs: 50 });
    const sent = sentBy(swarm, 'seed') - before;
    expect(sent).toBeGreaterThan(2 * 128 * 1024 + slack);
    expect(sent).toBeLessThanOrEqual(2 * 512 * 1024 + slack);
  });
});

describe('a free rider', () => {
  it('uploads nothing (it chokes everyone) and still downloads the whole file', async () => {
    const cap = 256 * 1024;
    const swarm = new MemorySwarm(randomBytes(8 * 1024 * 1024, 6), 'rider.bin', 16 * 1024);
    swarm.addPeer('seed', { seed: true, config: { uploadBytesPerSecond: cap }, random: 11 });
    // More leechers than slots, so the rider has to win a slot rather than get one for free.
    const leechers = Array.from({ length: 8 }, (_, i) => `l${i}`);
    for (const [i, id] of leechers.entries())
      swarm.addPeer(id, { config: { uploadBytesPerSecond: cap }, random: 20 + i });
    const rider = swarm.addPeer('rider', { config: { uploadBytesPerSecond: cap }, random: 30 });
    for (const [, p] of swarm.peers) {
      p.engine.applySettings({
        ...DEFAULT_SWARM_SETTINGS,
        uploadCapBytesPerSecond: cap,
      });
    }
    rider.engine.setFreeRider(true);
    swarm.connectAll();
    const finishedAt = new Map<string, number>();
    await swarm.run(
      () => {
        for (const [id, p] of swarm.peers)
          if (p.engine.isComplete && !finishedAt.has(id)) finishedAt.set(id, swarm.now);
        return finishedAt.size === swarm.peers.size;
      },
      { tickMs: 50, maxSteps: 200_000 },
    );
    expect(sameBytes(swarm.fileOf('rider'), swarm.file)).toBe(true);
    expect(sentBy(swarm, 'rider')).toBe(0);
    expect(rider.engine.snapshot().freeRider).toBe(true);
    expect(rider.engine.snapshot().peers.every((p) => p.amChoking)).toBe(true);
    // Whether it also finishes last depends on spare capacity: with uplinks that often have nothing
    // wanted to send, peers serve whoever asks, and in this simulation the rider ends within ~1 s of
    // the others. (Known of BitTorrent: free riding is cheap in small swarms.)
  });
});
