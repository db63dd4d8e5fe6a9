/**
 * Runs an action at most once per interval: the first call runs it at once, calls during the following
 * interval are folded into one trailing run at its end. Used to coalesce catalog broadcasts, so a
 * burst of joins costs every page one message, not one per join. The interval may be a function, read
 * as each run starts, so it can grow with what the run costs. It tracks:
 *   1. whether an interval is running (a timer is set);
 *   2. whether a call arrived during it (a trailing run is owed).
 */
export class Throttle {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private owed = false;

  constructor(
    private readonly intervalMs: number | (() => number),
    private readonly action: () => void,
  ) {}

  request(): void {
    if (this.timer) {
      this.owed = true;
      return;
    }
    this.run();
  }

  /** Drops any owed run; used on shutdown. */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.owed = false;
  }

  private run(): void {
    const intervalMs = typeof this.intervalMs === 'number' ? this.intervalMs : this.intervalMs();
    // The timer is set before the action so a throwing action still leaves the throttle consistent.
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.owed) {
        this.owed = false;
        this.run();
      }
    }, intervalMs);
    // A pending broadcast is no reason to keep the process alive.
    this.timer.unref?.();
    this.action();
  }
}
