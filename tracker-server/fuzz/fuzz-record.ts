/**
 * What a fuzz run saw, filled in by every part of it as it goes: inputs by category, replies by error
 * code, closes by code, and the failures that make the run fail. Tracks counts only, so a long run
 * does not grow it (failure texts are kept up to a cap).
 */

/** Counts by key. */
export class Tally {
  private readonly counts = new Map<string, number>();

  add(key: string, amount = 1): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + amount);
  }

  get(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  get total(): number {
    let sum = 0;
    for (const count of this.counts.values()) sum += count;
    return sum;
  }

  /** Largest count first; ties by key, so a report reads the same each run. */
  entries(): [string, number][] {
    return [...this.counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));
  }
}

/** Failure texts kept beyond this are only counted. */
const KEPT_FAILURES = 25;

export class FuzzRecord {
  /** Hostile inputs by category. */
  readonly inputs = new Tally();
  framesSent = 0;
  /** Messages the tracker sent hostile sockets: errors by code, other messages by type. */
  readonly hostileReplies = new Tally();
  /** Hostile sockets closed, by close code and who closed them. */
  readonly closes = new Tally();
  /** Frames an input meant to send after its socket had already started closing; not sent. */
  framesToClosingSocket = 0;
  /** Hostile sockets the tracker closed for a reason no input asked for (e.g. a stalled event loop). */
  readonly unexpectedCloses = new Tally();
  honestRoundsOk = 0;
  honestMessages = 0;
  /** Messages to honest peers that a page would refuse (each is also a failure). */
  honestRefusable = 0;
  /** Messages honest peers got that their own flow did not ask for (hostile joins, leaves and signals), by type. */
  readonly honestUnasked = new Tally();
  private readonly failureTexts: string[] = [];
  failureCount = 0;

  fail(what: string): void {
    this.failureCount++;
    if (this.failureTexts.length < KEPT_FAILURES) this.failureTexts.push(what);
  }

  get failures(): readonly string[] {
    return this.failureTexts;
  }
}
