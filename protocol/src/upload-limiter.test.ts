import { describe, expect, it } from 'vitest';
import { UploadLimiter } from './upload-limiter.ts';

/** Sends `block`-byte blocks whenever allowed, checking every `stepMs` for `ms`; returns bytes sent. */
function drive(limiter: UploadLimiter, block: number, ms: number, stepMs = 10, start = 0): number {
  let sent = 0;
  for (let t = start; t <= start + ms; t += stepMs) while (limiter.tryTake(block, t)) sent += block;
  return sent;
}

describe('UploadLimiter', () => {
  it('lets everything through with no cap', () => {
    const limiter = new UploadLimiter(null, 0);
    for (let i = 0; i < 1000; i++) expect(limiter.tryTake(1 << 20, 0)).toBe(true);
  });

  it('starts with an empty budget, so nothing goes out at time zero', () => {
    expect(new UploadLimiter(1000, 0).tryTake(1, 0)).toBe(false);
  });

  it.each([
    [1_000_000, 65_536, 10],
    [2_000_000, 16_384, 100],
    [100_000, 65_536, 10],
    [50_000, 131_072, 250],
  ])(
    'holds the long-run average to the cap (%i B/s, %i B blocks, checked every %i ms)',
    (rate, block, step) => {
      const limiter = new UploadLimiter(rate, 0);
      const seconds = 60;
      const sent = drive(limiter, block, seconds * 1000, step);
      // Over a minute the average is the cap within one block plus one burst either way.
      expect(Math.abs(sent - rate * seconds)).toBeLessThanOrEqual(block + rate * 0.2 + rate * (step / 1000));
    },
  );

  it('sends a block larger than a whole refill, then waits until the debt is repaid', () => {
    const limiter = new UploadLimiter(10_000, 0); // 10 kB/s, a 64 KiB block = 6.5 s of budget
    expect(limiter.tryTake(65_536, 100)).toBe(true);
    expect(limiter.tryTake(65_536, 3000)).toBe(false);
    expect(limiter.tryTake(65_536, 6000)).toBe(false);
    expect(limiter.tryTake(65_536, 6700)).toBe(true);
  });

  it('does not save up more than the burst while idle', () => {
    const limiter = new UploadLimiter(1_000_000, 0, 200);
    // Idle for a minute, then a rush: at most 200 ms of rate plus one block leaves at once.
    let burst = 0;
    while (limiter.tryTake(10_000, 60_000)) burst += 10_000;
    expect(burst).toBeLessThanOrEqual(200_000 + 10_000);
    expect(burst).toBeGreaterThanOrEqual(200_000);
  });

  it('applies a new cap at once, and lifting it lets everything through', () => {
    const limiter = new UploadLimiter(1_000_000, 0);
    const fast = drive(limiter, 1000, 1000);
    limiter.setRate(10_000, 1000);
    const slow = drive(limiter, 1000, 1000, 10, 1010);
    expect(fast).toBeGreaterThan(900_000);
    expect(slow).toBeLessThanOrEqual(10_000 + 1000);
    limiter.setRate(null, 2020);
    expect(limiter.rate).toBeNull();
    expect(limiter.tryTake(1e9, 2020)).toBe(true);
  });

  it('does not let time running backwards mint budget', () => {
    const limiter = new UploadLimiter(1000, 10_000);
    expect(limiter.tryTake(1, 5_000)).toBe(false);
    expect(limiter.tryTake(1, 10_000)).toBe(false);
  });
});
