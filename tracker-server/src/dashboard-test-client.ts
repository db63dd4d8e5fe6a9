import {
  DASHBOARD_SOCKET_PATH,
  type DashboardRequest,
  type DashboardServerMessage,
  parseDashboardServerMessage,
} from '@minibit/protocol';
import { WebSocket } from 'ws';

/**
 * A dashboard's socket as the tests see it. It tracks:
 *   1. every message the tracker sent, checked against the protocol's dashboard schema;
 *   2. the ones no test has taken yet;
 *   3. tests waiting for a message of a given kind, each with a timeout that only stops hangs.
 */

type MessageOf<T extends DashboardServerMessage['type']> = Extract<DashboardServerMessage, { type: T }>;

interface Waiter {
  matches: (message: DashboardServerMessage) => boolean;
  resolve: (message: DashboardServerMessage) => void;
  reject: (error: Error) => void;
}

const WAIT_LIMIT_MS = 5000;

export class DashboardTestClient {
  readonly received: Array<DashboardServerMessage & { at: number }> = [];
  private readonly unread: DashboardServerMessage[] = [];
  private readonly waiters = new Set<Waiter>();
  private failure: Error | undefined;
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => this.onMessage(data.toString()));
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => {
        this.fail(new Error(`socket closed (${code} ${reason.toString()})`));
        resolve({ code, reason: reason.toString() });
      });
    });
    socket.on('error', () => {});
  }

  /** Opens a socket to the tracker's dashboard path without sending anything. */
  static open(trackerUrl: string, path = DASHBOARD_SOCKET_PATH): Promise<DashboardTestClient> {
    const socket = new WebSocket(`${trackerUrl.replace(/^http/, 'ws')}${path}`);
    const client = new DashboardTestClient(socket);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(client));
      socket.once('error', reject);
    });
  }

  /** Opens a socket, shows the key and takes the welcome. */
  static async connect(trackerUrl: string, key: string): Promise<DashboardTestClient> {
    const client = await DashboardTestClient.open(trackerUrl);
    client.send({ type: 'dashboard', key });
    await client.next('welcome');
    return client;
  }

  send(message: DashboardRequest | Record<string, unknown>): void {
    this.socket.send(JSON.stringify(message));
  }

  /** Takes the first untaken message of this type (and shape), waiting for it if none has come yet. */
  next<T extends DashboardServerMessage['type']>(
    type: T,
    where: (message: MessageOf<T>) => boolean = () => true,
  ): Promise<MessageOf<T>> {
    const matches = (m: DashboardServerMessage): boolean => m.type === type && where(m as MessageOf<T>);
    const index = this.unread.findIndex(matches);
    if (index >= 0) return Promise.resolve(this.unread.splice(index, 1)[0] as MessageOf<T>);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(
          new Error(
            `no matching '${type}' within ${WAIT_LIMIT_MS} ms; unread: ${JSON.stringify(this.unread)}`,
          ),
        );
      }, WAIT_LIMIT_MS);
      const waiter: Waiter = {
        matches,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m as MessageOf<T>);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.waiters.add(waiter);
    });
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) {
      this.socket.close();
    }
    await this.closed;
  }

  private onMessage(text: string): void {
    const parsed = parseDashboardServerMessage(text);
    if (!parsed.ok) {
      this.fail(
        new Error(`tracker sent an invalid dashboard message (${parsed.error}): ${text.slice(0, 200)}`),
      );
      return;
    }
    const message = parsed.value;
    this.received.push({ ...message, at: performance.now() });
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
