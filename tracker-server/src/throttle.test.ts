import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Throttle } from './throttle.ts';

describe('Throttle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs the first request at once and folds the rest of the interval into one trailing run', () => {
    let runs = 0;
    const throttle = new Throttle(250, () => runs++);
    throttle.request();
    expect(runs).toBe(1);
    for (let i = 0; i < 10; i++) throttle.request();
    expect(runs).toBe(1);
    vi.advanceTimersByTime(249);
    expect(runs).toBe(1);
    vi.advanceTimersByTime(1);
    expect(runs).toBe(2);
    // Nothing more was requested, so the next interval ends quietly.
    vi.advanceTimersByTime(1000);
    expect(runs).toBe(2);
    throttle.request();
    expect(runs).toBe(3);
  });

  it('drops an owed run when cancelled', () => {
    let runs = 0;
    const throttle = new Throttle(250, () => runs++);
    throttle.request();
    throttle.request();
    throttle.cancel();
    vi.advanceTimersByTime(1000);
    expect(runs).toBe(1);
  });

  it('stays usable when the action throws', () => {
    let runs = 0;
    const throttle = new Throttle(250, () => {
      runs++;
      throw new Error('boom');
    });
    expect(() => throttle.request()).toThrow('boom');
    throttle.request();
    expect(runs).toBe(1);
    expect(() => vi.advanceTimersByTime(250)).toThrow('boom');
    expect(runs).toBe(2);
  });

  it('reads an interval given as a function at the start of each run', () => {
    let runs = 0;
    let interval = 100;
    const throttle = new Throttle(
      () => interval,
      () => runs++,
    );
    throttle.request(); // run 1, next interval 100 ms
    interval = 1000;
    throttle.request(); // owed
    vi.advanceTimersByTime(100);
    expect(runs).toBe(2); // the trailing run starts a 1000 ms interval
    throttle.request();
    vi.advanceTimersByTime(999);
    expect(runs).toBe(2);
    vi.advanceTimersByTime(1);
    expect(runs).toBe(3);
  });
});
