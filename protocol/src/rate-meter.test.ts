import { describe, expect, it } from 'vitest';
import { RateMeter } from './rate-meter.ts';

type Step = { at: number; add: number } | { at: number; rate: number; total?: number };

/** Replays a script of adds and rate readings against one meter on a hand-driven clock. */
function replay(windowMs: number, slots: number | undefined, steps: Step[]): void {
  const meter = new RateMeter(windowMs, 0, slots);
  for (const step of steps) {
    if ('add' in step) meter.add(step.add, step.at);
    else {
      expect(meter.rate(step.at), `rate at ${step.at} ms`).toBeCloseTo(step.rate, 9);
      if (step.total !== undefined) expect(meter.total, `total at ${step.at} ms`).toBe(step.total);
    }
  }
}

describe('RateMeter', () => {
  it.each<{ name: string; windowMs: number; slots?: number; steps: Step[] }>([
    {
      name: 'an idle meter reads zero',
      windowMs: 1000,
      steps: [
        { at: 0, rate: 0, total: 0 },
        { at: 5000, rate: 0, total: 0 },
      ],
    },
    {
      name: 'bytes are averaged over the whole window',
      windowMs: 1000,
      steps: [
        { at: 0, add: 500 },
        { at: 0, rate: 500, total: 500 },
        { at: 250, add: 1500 },
        { at: 300, rate: 2000, total: 2000 },
      ],
    },
    {
      name: 'a 10 s window turns 100 kB into 10 kB/s',
      windowMs: 10_000,
      steps: [
        { at: 1000, add: 60_000 },
        { at: 4000, add: 40_000 },
        { at: 5000, rate: 10_000, total: 100_000 },
      ],
    },
    {
      name: 'bytes count until their slot leaves the window, then age out',
      windowMs: 1000,
      steps: [
        { at: 0, add: 1000 },
        { at: 999, rate: 1000 },
        { at: 1000, rate: 0, total: 1000 },
      ],
    },
    {
      name: 'old bytes age out slot by slot while newer ones stay',
      windowMs: 1000, // ten slots of 100 ms
      steps: [
        { at: 0, add: 100 },
        { at: 100, add: 200 },
        { at: 200, add: 400 },
        { at: 999, rate: 700 },
        { at: 1000, rate: 600 },
        { at: 1100, rate: 400 },
        { at: 1200, rate: 0, total: 700 },
      ],
    },
    {
      name: 'a long silence clears every slot',
      windowMs: 1000,
      steps: [
        { at: 50, add: 10_000 },
        { at: 1_000_000, rate: 0, total: 10_000 },
        { at: 1_000_050, add: 10 },
        { at: 1_000_060, rate: 10, total: 10_010 },
      ],
    },
    {
      name: 'a jump of exactly one window clears everything but keeps the slot grid',
      windowMs: 1000,
      steps: [
        { at: 0, add: 1 },
        { at: 150, add: 2 },
        { at: 1150, add: 4 },
        { at: 1150, rate: 4 },
        { at: 2099, rate: 4 }, // the 4 bytes sit in the slot [1100, 1200)…
        { at: 2100, rate: 0, total: 7 }, // …which leaves the window one window after it opened
      ],
    },
    {
      name: 'with one slot, the whole window ages out at once',
      windowMs: 1000,
      slots: 1,
      steps: [
        { at: 0, add: 300 },
        { at: 999, rate: 300 },
        { at: 1000, rate: 0 },
      ],
    },
    {
      name: 'a clock that steps back does not lose or double bytes',
      windowMs: 1000,
      steps: [
        { at: 500, add: 100 },
        { at: 400, add: 100 },
        { at: 450, rate: 200, total: 200 },
      ],
    },
    {
      name: 'an uneven slot length (1000 ms / 3) still ages out in one window',
      windowMs: 1000,
      slots: 3,
      steps: [
        { at: 0, add: 90 },
        { at: 400, add: 30 },
        { at: 999, rate: 120 },
        { at: 1000, rate: 30 },
        { at: 1400, rate: 0, total: 120 },
      ],
    },
  ])('$name', ({ windowMs, slots, steps }) => {
    replay(windowMs, slots, steps);
  });

  it('reads the same rate twice without moving it', () => {
    const meter = new RateMeter(2000, 0);
    meter.add(4000, 100);
    expect(meter.rate(500)).toBe(2000);
    expect(meter.rate(500)).toBe(2000);
  });

  it('never reports a negative rate and keeps the total exact over a long random-looking run', () => {
    const meter = new RateMeter(10_000, 0);
    let total = 0;
    const recent: Array<{ at: number; bytes: number }> = [];
    for (let i = 0; i < 5000; i++) {
      const at = i * 37;
      const bytes = (i * 7919) % 16_384;
      meter.add(bytes, at);
      total += bytes;
      recent.push({ at, bytes });
      const rate = meter.rate(at);
      expect(rate).toBeGreaterThanOrEqual(0);
      // Slots are 1000 ms, so the window holds between 9 and 10 s of history.
      const lower = recent.filter((r) => at - r.at < 9000).reduce((n, r) => n + r.bytes, 0);
      const upper = recent.filter((r) => at - r.at < 10_000).reduce((n, r) => n + r.bytes, 0);
      expect(rate * 10).toBeGreaterThanOrEqual(lower - 1e-6);
      expect(rate * 10).toBeLessThanOrEqual(upper + 1e-6);
      while (recent.length > 0 && at - recent[0]!.at >= 10_000) recent.shift();
    }
    expect(meter.total).toBe(total);
  });
});
