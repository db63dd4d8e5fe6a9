import { randomBytes } from 'node:crypto';
import { type ClientMessage, parseServerMessage, type ServerMessage } from '@minibit/protocol';
import { type ClientOptions, WebSocket } from 'ws';

/**
 * A page's socket as the tests see it. It tracks:
 *   1. every message the tracker sent, checked against the protocol's server schema;
 *   2. the ones no test has taken yet, so a message that arrives before the test asks is not lost;
 *   3. tests waiting for a message of a given kind, each with a timeout that only stops hangs.
 */

type ServerMessageOf<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;

interface Waiter {
  matches: (message: ServerMessage) => boolean;
  resolve: (message: ServerMessage) => void;
  reject: (error: Error) => void;
}

const WAIT_LIMIT_MS = 5000;

export class TrackerTestClient {
  readonly received: ServerMessage[] = [];
  private readonly unread: ServerMessage[] = [];
  private readonly waiters = new Set<Waiter>();
  private failure: Error | undefined;
  /** Resolves with the close code and reason once the socket is closed, by either side. */
  readonly closed: Promise<{ code: number; reason: string }>;
  peerId = '';

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data, isBinary) => this.onMessage(data.toString(), isBinary));
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => {
        this.fail(new Error(`socket closed (${code} ${reason.toString()})`));
        resolve({ code, reason: reason.toString() });
      });
    });
    // Errors (e.g. the server cutting the connection) are followed by 'close'.
    socket.on('error', () => {});
  }

  /** Opens a socket to `${trackerUrl}/ws${query}` without waiting for any message. */
  static open(trackerUrl: string, options: ClientOptions = {}, query = ''): Promise<TrackerTestClient> {
    const socket = new WebSocket(`${trackerUrl.replace(/^http/, 'ws')}/ws${query}`, options);
    const client = new TrackerTestClient(socket);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(client));
      socket.once('error', reject);
    });
  }

  /** Opens a socket and takes the welcome and the first catalog, as a page would. */
  static async connect(
    trackerUrl: string,
    options: ClientOptions = {},
    query = '',
  ): Promise<TrackerTestClient> {
    const client = await TrackerTestClient.open(trackerUrl, options, query);
    client.peerId = (await client.next('welcome')).peerId;
    await client.next('catalog');
    return client;
  }

  send(message: ClientMessage | Record<string, unknown>): void {
    this.socket.send(JSON.stringify(message));
  }

  sendRaw(data: string | Buffer): void {
    this.socket.send(data);
  }

  /** Takes the first untaken message of this type (and shape), waiting for it if none has come yet. */
  next<T extends ServerMessage['type']>(
    type: T,
    where: (message: ServerMessageOf<T>) => boolean = () => true,
  ): Promise<ServerMessageOf<T>> {
    const matches = (m: ServerMessage): boolean => m.type === type && where(m as ServerMessageOf<T>);
    const index = this.unread.findIndex(matches);
    if (index >= 0) return Promise.resolve(this.unread.splice(index, 1)[0] as ServerMessageOf<T>);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(
          new Error(
            `no '${type}' message within ${WAIT_LIMIT_MS} ms; unread: ${JSON.stringify(this.unread)}`,
          ),
        );
      }, WAIT_LIMIT_MS);
      const waiter: Waiter = {
        matches,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m as ServerMessageOf<T>);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.waiters.add(waiter);
    });
  }

  /** The next error with this code. */
  nextError(code: string): Promise<ServerMessageOf<'error'>> {
    return this.next('error', (m) => m.code === code);
  }

  /** Untaken messages of one type. */
  unreadOf<T extends ServerMessage['type']>(type: T): ServerMessageOf<T>[] {
    return this.unread.filter((m): m is ServerMessageOf<T> => m.type === type);
  }

  /**
   * Resolves once everything the tracker sent this socket before now has arrived: it asks to join a
   * swarm that cannot exist and waits for the refusal, which the tracker sends after all earlier
   * messages on the same socket. Lets a test say "nothing else came" without sleeping.
   */
  async sync(): Promise<void> {
    const swarmId = randomBytes(32).toString('hex');
    this.send({ type: 'join', swarmId });
    await this.next('error', (m) => m.code === 'unknown-swarm' && m.message.includes(swarmId.slice(0, 12)));
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) {
      this.socket.close();
    }
    await this.closed;
  }

  private onMessage(text: string, isBinary: boolean): void {
    const parsed = isBinary ? { ok: false as const, error: 'binary frame' } : parseServerMessage(text);
    if (!parsed.ok) {
      this.fail(new Error(`tracker sent an invalid message (${parsed.error}): ${text.slice(0, 200)}`));
      return;
    }
    const message = parsed.value;
    this.received.push(message);
    for (const waiter of this.waiters) {
      if (waiter.matches(message)) {
        this.waiters.delete(waiter);
        waiter.resolve(message);
        return;
      }
    }
    this.unread.push(message);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.waiters) waiter.reject(error);
    this.waiters.clear();
  }
}
