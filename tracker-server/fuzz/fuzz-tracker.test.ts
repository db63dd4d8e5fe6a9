import { swarmIdOf } from '@minibit/protocol';
import { describe, expect, it } from 'vitest';
import { honestManifest } from './fuzz-manifests.ts';
import { HostileInputs } from './hostile-inputs.ts';
import { runTrackerFuzz } from './run-tracker-fuzz.ts';
import { SeededRandom } from './seeded-random.ts';

/** A short fuzz run holds the tracker to the same invariants as `npm run fuzz:tracker`, in a few seconds. */

describe('tracker fuzz', () => {
  it('draws the same inputs from the same seed', () => {
    const honestSwarms = [swarmIdOf(honestManifest(0))];
    const draw = (seed: number) => {
      const keys = { shared: ['shared-key-0123456789abcdef'], own: 'own-key-0123456789abcdefgh' };
      const random = new SeededRandom(seed).fork(3);
      const inputs = new HostileInputs(random, { messageBurst: 40 }, honestSwarms, 2, 4, keys);
      return JSON.stringify(Array.from({ length: 300 }, () => inputs.next()));
    };
    expect(draw(9)).toBe(draw(9));
    expect(draw(9)).not.toBe(draw(10));
  });

  it('keeps the tracker up, honest pages served and no state left over, through 3,000 hostile inputs', async () => {
    // Quicker pings so silent sockets are evicted within the short run.
    const report = await runTrackerFuzz({
      count: 3000,
      seconds: 8,
      seed: 42,
      limits: { pingIntervalMs: 1000 },
    });

    expect(report.record.failures).toEqual([]);
    expect(report.crashes).toEqual([]);
    expect(report.serverStayedUp).toBe(true);
    // Up to 3,000: on a loaded machine the 8 s bound may end the run first.
    expect(report.record.inputs.total).toBeGreaterThan(0);
    expect(report.record.inputs.total).toBeLessThanOrEqual(3000);
    expect(report.record.honestRoundsOk).toBeGreaterThan(0);
    expect(report.afterHostile).toEqual(report.honestOnly);
    expect(report.afterAll).toEqual({ peers: 0, swarms: 0 });
    expect(report.addressLimitAfter).toEqual({
      welcomed: report.limits.maxSocketsPerAddress,
      refused: 1,
      other: 0,
    });
    expect(report.trackerErrors.count).toBe(0);
    expect(report.passed).toBe(true);
  }, 20_000);
});
