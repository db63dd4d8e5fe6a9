import { setTimeout as sleep } from 'node:timers/promises';
import { parseServerMessage } from '@minibit/protocol';
import { type RawData, WebSocket } from 'ws';
import { CLOSE_TRY_AGAIN_LATER } from './address-limit.ts';
import { type Frame } from './fuzz-frames.ts';
import { type FuzzRecord, Tally } from './fuzz-record.ts';
import type { ConnectQuery, KeyLedger } from './peer-keys.ts';

/**
 * One hostile socket, from open to close. It tracks how it connected (with which key, if any), the peer
 * id the tracker gave it, the error codes it was sent, who closed it, and how. Every message it gets is
 * checked against the protocol's server schema (the tracker must never send anything a page would
 * refuse, however it is provoked) and counted in the run's record by error code or type.
 */

/** How long a socket may take to open and be welcomed. */
const OPEN_LIMIT_MS = 5000;
/** A socket refused for its address's socket count (while a socket flood is open) tries again this often. */
const RETRY_LIMIT = 100;
const RETRY_DELAY_MS = 50;

export type ClosedBy = 'tracker' | 'fuzzer-close' | 'fuzzer-drop';

export interface CloseOutcome {
  code: number;
  by: ClosedBy;
}

export interface OpenOptions {
  connect: ConnectQuery;
  /** Checks that each valid key gets its one peer id. */
  ledger: KeyLedger;
  /** False for a socket that must not answer pings. */
  autoPong?: boolean;
}

export class HostileConnection {
  peerId: string | undefined;
  /** Error replies on this socket, by code. */
  readonly errors = new Tally();
  readonly closed: Promise<CloseOutcome>;
  private readonly welcomed: Promise<void>;
  private onWelcome = () => {};
  private closing: ClosedBy | undefined;

  private constructor(
    private readonly socket: WebSocket,
    private readonly record: FuzzRecord,
    readonly connect: ConnectQuery,
  ) {
    this.welcomed = new Promise((resolve) => (this.onWelcome = resolve));
    socket.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    // The tracker cutting a socket off mid-frame shows up as an error; 'close' follows and says how.
    socket.on('error', () => {});
    this.closed = new Promise((resolve) => {
      socket.once('close', (code) => resolve({ code, by: this.closing ?? 'tracker' }));
    });
  }

  /** Opens a socket and waits for its welcome, trying again while the tracker says 'try again later'. */
  static async open(wsUrl: string, record: FuzzRecord, options: OpenOptions): Promise<HostileConnection> {
    for (let attempt = 1; ; attempt++) {
      try {
        const connection = await HostileConnection.openOnce(wsUrl, record, options);
        options.ledger.welcomed(options.connect, connection.peerId ?? '');
        return connection;
      } catch (error) {
        if (!(error instanceof TryAgainLater) || attempt >= RETRY_LIMIT) throw error;
        await sleep(RETRY_DELAY_MS);
      }
    }
  }

  /** Opens a socket and waits for its welcome; throws if neither comes in time. */
  private static async openOnce(
    wsUrl: string,
    record: FuzzRecord,
    { connect, autoPong = true }: OpenOptions,
  ): Promise<HostileConnection> {
    const socket = new WebSocket(wsUrl + connect.query, { autoPong });
    const connection = new HostileConnection(socket, record, connect);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const outcome = await Promise.race([
      connection.welcomed.then(() => 'welcomed' as const),
      connection.closed,
      new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), OPEN_LIMIT_MS))),
    ]);
    clearTimeout(timer);
    if (outcome === 'welcomed') return connection;
    connection.drop();
    if (outcome === 'late') throw new Error(`hostile socket not welcomed within ${OPEN_LIMIT_MS} ms`);
    if (outcome.code === CLOSE_TRY_AGAIN_LATER) throw new TryAgainLater();
    throw new Error(`hostile socket closed before its welcome (${outcome.code})`);
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  send(frame: Frame): void {
    if (frame.kind === 'text') this.socket.send(frame.text);
    else this.socket.send(frame.bytes, { binary: frame.kind === 'binary' });
  }

  /** Cuts the connection without a close frame, as a crashed tab or a lost network would. */
  drop(): void {
    this.closing ??= 'fuzzer-drop';
    this.socket.terminate();
  }

  /** A polite close; cut off if the tracker does not finish the handshake in time. */
  async close(): Promise<CloseOutcome> {
    this.closing ??= 'fuzzer-close';
    if (this.socket.readyState === WebSocket.OPEN) this.socket.close(1000, 'fuzz run over');
    const timer = setTimeout(() => this.socket.terminate(), OPEN_LIMIT_MS);
    const outcome = await this.closed;
    clearTimeout(timer);
    return outcome;
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    const text = isBinary ? undefined : data.toString();
    const parsed = text === undefined ? undefined : parseServerMessage(text);
    if (!parsed?.ok) {
      const why = parsed ? parsed.error : 'a binary frame';
      this.record.fail(
        `tracker sent a hostile socket a message pages refuse (${why}): ${text?.slice(0, 160)}`,
      );
      return;
    }
    const message = parsed.value;
    if (message.type === 'welcome') {
      this.peerId = message.peerId;
      this.onWelcome();
    }
    if (message.type === 'error') this.errors.add(message.code);
    this.record.hostileReplies.add(message.type === 'error' ? message.code : `(${message.type})`);
  }
}

class TryAgainLater extends Error {
  constructor() {
    super(`refused with ${CLOSE_TRY_AGAIN_LATER}: too many sockets from this address`);
  }
}
