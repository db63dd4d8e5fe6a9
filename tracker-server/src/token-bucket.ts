/**
 * How fast one socket may send: a token bucket with an overdraft. It tracks:
 *   1. tokens, refilled at `perSecond` up to `burst`; each message takes one;
 *   2. the time of the last refill, read from an injected clock so tests need not wait.
 * With no token left a message is refused but still costs one, so a sender that keeps going digs
 * itself deeper; once it owes more than `burst` (it sent over twice the burst faster than the rate
 * allows) it is cut off.
 */

export type RateVerdict = 'allow' | 'refuse' | 'disconnect';

export interface RateLimit {
  perSecond: number;
  burst: number;
}

export class TokenBucket {
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number,
  ) {
    this.tokens = limit.burst;
    this.refilledAt = now();
  }

  take(): RateVerdict {
    const now = this.now();
    const elapsedSeconds = Math.max(0, now - this.refilledAt) / 1000;
    this.refilledAt = now;
    this.tokens = Math.min(this.limit.burst, this.tokens + elapsedSeconds * this.limit.perSecond);
    this.tokens -= 1;
    if (this.tokens >= 0) return 'allow';
    return this.tokens < -this.limit.burst ? 'disconnect' : 'refuse';
  }
}
