import { type PeerDirectory, resolvePeers } from './fuzz-frames.ts';
import type { FuzzRecord } from './fuzz-record.ts';
import type { FuzzInput } from './hostile-inputs.ts';
import { HostileConnection } from './hostile-connection.ts';
import { describeClose } from './hostile-slot.ts';
import type { KeyLedger } from './peer-keys.ts';

/**
 * Sockets that stop answering pings, as a page whose tab froze would. Each joins swarms, then goes
 * quiet; the tracker's heartbeat must cut it off within two ping intervals (the client then sees 1006)
 * and announce that it left. Tracks the sockets still waiting to be evicted.
 */

const CLOSE_ABNORMAL = 1006;
/** Slack on top of two ping intervals for a busy event loop. */
const EVICTION_SLACK_MS = 3000;

export class SilentSockets {
  private readonly waiting = new Set<Promise<void>>();

  constructor(
    private readonly wsUrl: string,
    private readonly record: FuzzRecord,
    private readonly pingIntervalMs: number,
    private readonly ledger: KeyLedger,
  ) {}

  /** Opens one silent socket, sends the input's frames on it and leaves it to the heartbeat. */
  async start(input: FuzzInput, peers: PeerDirectory): Promise<void> {
    // No key: a keyed socket could be replaced by another stream's before the heartbeat got to it.
    const connection = await HostileConnection.open(this.wsUrl, this.record, {
      connect: { query: '' },
      ledger: this.ledger,
      autoPong: false,
    });
    for (const frame of input.frames) {
      connection.send(resolvePeers(frame, peers));
      this.record.framesSent++;
    }
    const evicted = this.awaitEviction(connection).finally(() => this.waiting.delete(evicted));
    this.waiting.add(evicted);
  }

  /** Waits for every silent socket to be evicted (or, past its deadline, to be found not evicted). */
  async settle(): Promise<void> {
    await Promise.all(this.waiting);
  }

  private async awaitEviction(connection: HostileConnection): Promise<void> {
    const limit = 2 * this.pingIntervalMs + EVICTION_SLACK_MS;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), limit)));
    const outcome = await Promise.race([connection.closed, late]);
    clearTimeout(timer);
    if (!outcome) {
      this.record.fail(`silent socket not evicted by the heartbeat within ${limit} ms`);
      await connection.close();
      return;
    }
    const described = describeClose(outcome);
    this.record.closes.add(outcome.by === 'tracker' ? `${described}, silent socket evicted` : described);
    if (outcome.code !== CLOSE_ABNORMAL || outcome.by !== 'tracker') {
      this.record.fail(`silent socket closed with ${described}, expected eviction (1006)`);
    }
  }
}
