import { MAX_TRACKER_MESSAGE_BYTES } from '@minibit/protocol';
import { frameBytes, type PeerDirectory, resolvePeers } from './fuzz-frames.ts';
import type { FuzzRecord } from './fuzz-record.ts';
import { type CloseOutcome, HostileConnection } from './hostile-connection.ts';
import { CLOSE_POLICY_VIOLATION, CLOSE_TOO_BIG, type FuzzInput } from './hostile-inputs.ts';
import type { ConnectQuery, KeyLedger } from './peer-keys.ts';
import type { SendPacer } from './send-pacer.ts';

/**
 * One hostile page that keeps coming back: it plays inputs on its socket, and when the tracker (or the
 * fuzzer) closes that socket it counts the close and opens a new one, connecting as the input says.
 * It tracks the current connection and checks that an input meant to get the socket closed does get
 * it closed, with the right code, and that a second socket with the same key replaces the first.
 */

/** How long the tracker has to close a socket after the frame that earns it. */
const CLOSE_LIMIT_MS = 5000;

/** The tracker closes a socket with this when another connects with the same key. */
export const CLOSE_REPLACED = 4000;

const CLOSE_NAMES: Record<number, string> = {
  1000: 'normal',
  1005: 'no status',
  1006: 'abnormal, no close frame',
  1007: 'invalid UTF-8',
  1008: 'policy: rate limit',
  1009: 'message too big',
  1013: 'try again later',
  [CLOSE_REPLACED]: 'replaced by a socket with the same key',
};

export function describeClose({ code, by }: CloseOutcome): string {
  const who =
    by === 'tracker' ? 'by tracker' : by === 'fuzzer-drop' ? 'fuzzer dropped it' : 'fuzzer closed it';
  return `${code} ${CLOSE_NAMES[code] ?? 'other'} (${who})`;
}

/** A keyed socket may be replaced at any time by another hostile stream using the same shared key. */
const replacedByKey = (connection: HostileConnection, outcome: CloseOutcome) =>
  outcome.code === CLOSE_REPLACED && outcome.by === 'tracker' && connection.connect.validKey !== undefined;

export class HostileSlot {
  private connection: HostileConnection | undefined;
  /** Sockets an input set out to have closed, so their close is not counted as unexpected. */
  private readonly doomed = new WeakSet<HostileConnection>();

  constructor(
    private readonly wsUrl: string,
    private readonly record: FuzzRecord,
    private readonly pacer: SendPacer,
    private readonly ledger: KeyLedger,
  ) {}

  /** The id the tracker gave the current socket, if one is open. */
  get peerId(): string | undefined {
    return this.connection?.isOpen ? this.connection.peerId : undefined;
  }

  async play(input: FuzzInput, peers: PeerDirectory): Promise<void> {
    if (input.effect === 'drop') return this.drop(input.connect);
    if (input.effect === 'replace') return this.replace(input.connect);
    const frames = input.frames.map((frame) => resolvePeers(frame, peers));
    // Any frame past the limit ends the socket, whatever its category meant.
    const tooBig = frames.some((f) => frameBytes(f) > MAX_TRACKER_MESSAGE_BYTES);
    const expectClose = input.expectClose ?? (tooBig ? CLOSE_TOO_BIG : undefined);
    if (!input.unpaced) await this.pacer.admit(frames.length);
    const connection = await this.current(input.connect);
    if (expectClose !== undefined) this.doomed.add(connection);
    for (const frame of frames) {
      if (!connection.isOpen) {
        this.record.framesToClosingSocket++;
        continue;
      }
      connection.send(frame);
      this.record.framesSent++;
    }
    if (expectClose !== undefined) await this.awaitClose(connection, input.category, expectClose);
  }

  /** Closes the current socket, if any; the slot is done. */
  async close(): Promise<void> {
    await this.connection?.close();
    this.connection = undefined;
  }

  /** The current socket, or a new one connected as `connect` if the last was closed. */
  private async current(connect: ConnectQuery): Promise<HostileConnection> {
    if (this.connection?.isOpen) return this.connection;
    return this.openNew(connect);
  }

  private async openNew(connect: ConnectQuery): Promise<HostileConnection> {
    const connection = await HostileConnection.open(this.wsUrl, this.record, {
      connect,
      ledger: this.ledger,
    });
    this.connection = connection;
    void connection.closed.then((outcome) => {
      this.record.closes.add(describeClose(outcome));
      const unexpected = outcome.by === 'tracker' && !this.doomed.has(connection);
      if (unexpected && !replacedByKey(connection, outcome))
        this.record.unexpectedCloses.add(describeClose(outcome));
    });
    return connection;
  }

  private async drop(connect: ConnectQuery): Promise<void> {
    const connection = await this.current(connect);
    this.doomed.add(connection);
    connection.drop();
    await connection.closed;
  }

  /** Connects a second socket with the current socket's key: the first must be closed, the id kept. */
  private async replace(connect: ConnectQuery): Promise<void> {
    let first = this.connection;
    if (!first?.isOpen || first.connect.validKey !== connect.validKey) {
      await first?.close();
      first = await this.openNew(connect);
    }
    this.doomed.add(first);
    const second = await this.openNew(connect);
    const outcome = await this.closedWithin(first);
    if (!outcome) {
      this.record.fail(`key-replace: the first socket was not closed within ${CLOSE_LIMIT_MS} ms`);
      first.drop();
    } else if (outcome.code !== CLOSE_REPLACED || outcome.by !== 'tracker') {
      this.record.fail(`key-replace: the first socket closed with ${describeClose(outcome)}, expected 4000`);
    }
    if (second.peerId !== first.peerId) {
      this.record.fail(`key-replace: the same key got ids ${first.peerId} then ${second.peerId}`);
    }
  }

  private async awaitClose(connection: HostileConnection, category: string, code: number): Promise<void> {
    const outcome = await this.closedWithin(connection);
    if (!outcome) {
      this.record.fail(
        `${category}: the tracker did not close the socket (${code} expected) within ${CLOSE_LIMIT_MS} ms`,
      );
      connection.drop();
    } else if (replacedByKey(connection, outcome)) {
      // Another stream connected with the same shared key first; that close is as good.
    } else if (outcome.code !== code) {
      this.record.fail(`${category}: socket closed with ${describeClose(outcome)}, expected ${code}`);
    } else if (code === CLOSE_POLICY_VIOLATION && connection.errors.get('rate-limited') === 0) {
      this.record.fail(`${category}: socket closed for flooding without being sent 'rate-limited' first`);
    }
  }

  private async closedWithin(connection: HostileConnection): Promise<CloseOutcome | undefined> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<undefined>(
      (resolve) => (timer = setTimeout(() => resolve(undefined), CLOSE_LIMIT_MS)),
    );
    const outcome = await Promise.race([connection.closed, late]);
    clearTimeout(timer);
    return outcome;
  }
}
