/**
 * Bytes per whole second over the last `capacity` seconds, on an injected clock: the series a rate
 * chart draws (one sample per second; a second's bytes are its bytes per second).
 *
 * It tracks one bucket per second counted from `startMs`, in a ring of `capacity + 1` buckets: the
 * current, unfinished second and the `capacity` finished ones before it. Seconds with no traffic read
 * 0. There is no timer: `add` and `samples` bring the ring up to `now`, so the cost is one addition per
 * block and nothing while idle.
 */

/** Finished seconds, oldest first. */
export interface RateSamples {
  /** Index of the first sample, in seconds since the history started (the engine's `startedAt`). */
  firstSecond: number;
  /** Bytes counted in each second: `bytes[k]` is second `firstSecond + k`. */
  bytes: Float64Array<ArrayBuffer>;
}

/** Seconds of rate history a swarm keeps for its chart: ten minutes. */
export const RATE_HISTORY_SECONDS = 600;

export class RateHistory {
  private readonly ring: Float64Array;
  /** The second `now` fell in at the last add or read; every earlier second is finished. */
  private second = 0;

  constructor(
    readonly capacity: number,
    private readonly startMs: number,
    private readonly bucketMs = 1000,
  ) {
    this.ring = new Float64Array(capacity + 1);
  }

  add(bytes: number, now: number): void {
    this.advance(now);
    this.ring[this.second % this.ring.length]! += bytes;
  }

  /** The finished seconds up to `now` (at most `capacity`), in a fresh array the caller may transfer. */
  samples(now: number): RateSamples {
    this.advance(now);
    const count = Math.min(this.capacity, this.second);
    const firstSecond = this.second - count;
    const bytes = new Float64Array(count);
    for (let k = 0; k < count; k++) bytes[k] = this.ring[(firstSecond + k) % this.ring.length]!;
    return { firstSecond, bytes };
  }

  private advance(now: number): void {
    // A clock that steps back (it should not) keeps counting into the current second.
    const s = Math.max(this.second, Math.floor((now - this.startMs) / this.bucketMs));
    const n = this.ring.length;
    for (let k = 1; k <= Math.min(s - this.second, n); k++) this.ring[(this.second + k) % n] = 0;
    this.second = s;
  }
}
