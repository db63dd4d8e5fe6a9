/**
 * The engine's upload cap: a byte budget refilled at `bytesPerSecond`, on an injected clock.
 *
 * A block is sent whenever the budget is positive, and its whole size is then taken, so the budget
 * may go below zero. That lets a cap smaller than one block per refill still send (one block, then a
 * wait), while the long-run average stays exactly at the cap. The budget saves up at most `burstMs`
 * of the rate, so a peer that was idle does not then burst far past the cap.
 */
export class UploadLimiter {
  private budget = 0;
  private refilledAt: number;

  constructor(
    private bytesPerSecond: number | null,
    now: number,
    private readonly burstMs = 200,
  ) {
    this.refilledAt = now;
  }

  /** The cap in bytes per second, or null for none. */
  get rate(): number | null {
    return this.bytesPerSecond;
  }

  setRate(bytesPerSecond: number | null, now: number): void {
    this.refill(now);
    this.bytesPerSecond = bytesPerSecond;
    // A new cap starts from an empty budget, not from what the old one saved up.
    this.budget = Math.min(this.budget, 0);
  }

  /** Takes `bytes` from the budget if it is positive (always, with no cap); false means wait. */
  tryTake(bytes: number, now: number): boolean {
    if (this.bytesPerSecond === null) return true;
    this.refill(now);
    if (this.budget <= 0) return false;
    this.budget -= bytes;
    return true;
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.refilledAt);
    this.refilledAt = Math.max(this.refilledAt, now);
    if (this.bytesPerSecond === null) return;
    const cap = (this.bytesPerSecond * this.burstMs) / 1000;
    this.budget = Math.min(cap, this.budget + (this.bytesPerSecond * elapsed) / 1000);
  }
}
