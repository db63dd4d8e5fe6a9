/**
 * Bytes per second over a sliding window, on an injected clock. The window is split into slots so
 * that old bytes age out smoothly instead of all at once.
 */
export class RateMeter {
  private readonly slotMs: number;
  private readonly slots: Float64Array;
  private currentSlot = 0;
  private currentSlotStart: number;
  total = 0;

  constructor(
    private readonly windowMs: number,
    startMs: number,
    slotCount = 10,
  ) {
    this.slotMs = windowMs / slotCount;
    this.slots = new Float64Array(slotCount);
    this.currentSlotStart = startMs;
  }

  add(bytes: number, now: number): void {
    this.advance(now);
    this.slots[this.currentSlot]! += bytes;
    this.total += bytes;
  }

  /** Average over the window, in bytes per second. */
  rate(now: number): number {
    this.advance(now);
    let sum = 0;
    for (const v of this.slots) sum += v;
    return (sum * 1000) / this.windowMs;
  }

  private advance(now: number): void {
    const steps = Math.floor((now - this.currentSlotStart) / this.slotMs);
    if (steps <= 0) return;
    const n = this.slots.length;
    for (let i = 1; i <= Math.min(steps, n); i++) this.slots[(this.currentSlot + i) % n] = 0;
    this.currentSlot = (this.currentSlot + steps) % n;
    this.currentSlotStart += steps * this.slotMs;
  }
}
