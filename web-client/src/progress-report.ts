import { Bitfield, type ClientMessage } from '@minibit/protocol';

/**
 * When the page tells the tracker its progress in a swarm: the 'progress' message (have count,
 * complete, and the verified pieces as a hex bitfield for the teacher's dashboard) goes out at most
 * once per REPORT_INTERVAL_MS per swarm, and only when the count changed since the last report. It
 * needs no timer of its own: the worker's snapshots keep coming (once a second), and the first one
 * after the interval carries the latest state. The interval is a little under the snapshots' so
 * that one arriving a few milliseconds early is not skipped (which would halve the report rate).
 * Pieces are never un-verified, so a change in the verified set always changes the count. It
 * tracks, per swarm, the last report's count and time.
 *
 *   piece states [2, 0, 2, 1] → { type: 'progress', have: 2, complete: false, bitfield: 'a0' }
 */

export const REPORT_INTERVAL_MS = 900;

/** A verified piece in the worker's per-piece states (0 missing, 1 requested, 2 verified). */
const VERIFIED = 2;

type ProgressMessage = Extract<ClientMessage, { type: 'progress' }>;

export class ProgressReporter {
  private readonly last = new Map<string, { have: number; complete: boolean; at: number }>();

  constructor(private readonly intervalMs = REPORT_INTERVAL_MS) {}

  /** The report to send now for this snapshot of a swarm, or null. */
  report(
    swarmId: string,
    snapshot: { haveCount: number; complete: boolean },
    pieces: Uint8Array,
    now: number,
  ): ProgressMessage | null {
    const previous = this.last.get(swarmId);
    const { haveCount: have, complete } = snapshot;
    if (previous && previous.have === have && previous.complete === complete) return null;
    if (previous && now - previous.at < this.intervalMs) return null;
    this.last.set(swarmId, { have, complete, at: now });
    return { type: 'progress', swarmId, have, complete, bitfield: bitfieldHex(pieces) };
  }

  /** Forget a swarm (left), or every swarm (a new tracker connection: report afresh). */
  forget(swarmId?: string): void {
    if (swarmId === undefined) this.last.clear();
    else this.last.delete(swarmId);
  }
}

/** The verified pieces as the wire's hex bitfield. */
export function bitfieldHex(pieces: Uint8Array): string {
  const bits = new Bitfield(pieces.length);
  for (let i = 0; i < pieces.length; i++) if (pieces[i] === VERIFIED) bits.set(i);
  return bits.toHex();
}
