import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Keeps one socket under the tracker's per-socket rate limit, so the only sockets the tracker refuses
 * or closes for flooding are the ones that flood on purpose. A token bucket like the tracker's own,
 * run slower than the tracker allows and with a small burst; it tracks tokens and the last refill.
 */
export class SendPacer {
  private tokens: number;
  private refilledAt = performance.now();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }

  /** Waits until `frames` more frames may go, then counts them as sent. */
  async admit(frames: number): Promise<void> {
    this.refill();
    while (this.tokens < Math.min(frames, this.burst)) {
      await sleep(Math.max(1, ((Math.min(frames, this.burst) - this.tokens) / this.perSecond) * 1000));
      this.refill();
    }
    this.tokens -= frames;
  }

  /** A new socket: the tracker gives it a fresh bucket. */
  reset(): void {
    this.tokens = this.burst;
    this.refilledAt = performance.now();
  }

  private refill(): void {
    const now = performance.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.refilledAt) / 1000) * this.perSecond);
    this.refilledAt = now;
  }
}
