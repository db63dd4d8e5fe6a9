import { type ClientMessage, parseServerMessage, type ServerMessage } from '@minibit/protocol';
import { type RawData, WebSocket } from 'ws';
import type { FuzzRecord } from './fuzz-record.ts';
import type { ConnectQuery, KeyLedger } from './peer-keys.ts';
import type { SendPacer } from './send-pacer.ts';

/**
 * A well-behaved page's socket during the fuzz run. It tracks:
 *   1. the messages the flow is waiting for, each registered before the request that causes it (so
 *      nothing else needs keeping: every other message is checked, counted and dropped);
 *   2. the swarms every catalog must list (the honest seeders never leave them).
 * Any message a page would refuse, any error reply, and any close it did not ask for fail the run.
 */

type MessageOf<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;

interface Expectation {
  matches(message: ServerMessage): boolean;
  resolve(message: ServerMessage): void;
  reject(error: Error): void;
}

/** How long an honest peer waits for any one reply; generous, since the tracker is under load. */
const REPLY_LIMIT_MS = 5000;

export class HonestPeer {
  peerId = '';
  private readonly expectations = new Set<Expectation>();
  private catalogMustList: readonly string[] = [];
  private closingByUs = false;
  private readonly closed: Promise<void>;

  private constructor(
    readonly name: string,
    private readonly socket: WebSocket,
    private readonly pacer: SendPacer,
    private readonly record: FuzzRecord,
  ) {
    socket.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    socket.on('error', () => {});
    this.closed = new Promise((resolve) => {
      socket.once('close', (code) => {
        if (!this.closingByUs) record.fail(`honest ${name} was closed (${code})`);
        for (const expectation of this.expectations)
          expectation.reject(new Error(`${name} closed (${code})`));
        this.expectations.clear();
        resolve();
      });
    });
  }

  /** Connects with the page's secret key, as the web client does, and takes the welcome and first catalog. */
  static async connect(
    wsUrl: string,
    name: string,
    connect: ConnectQuery,
    services: { pacer: SendPacer; record: FuzzRecord; ledger: KeyLedger },
  ): Promise<HonestPeer> {
    const peer = new HonestPeer(name, new WebSocket(wsUrl + connect.query), services.pacer, services.record);
    const welcome = peer.expect('welcome');
    const catalog = peer.expect('catalog');
    peer.peerId = (await welcome).peerId;
    services.ledger.welcomed(connect, peer.peerId);
    await catalog;
    return peer;
  }

  /** From now on every catalog must list these swarms with at least one seeder. */
  requireInCatalog(swarmIds: readonly string[]): void {
    this.catalogMustList = swarmIds;
  }

  /** Registers interest in the first message of `type` that passes `where`; call before the request. */
  expect<T extends ServerMessage['type']>(
    type: T,
    where: (message: MessageOf<T>) => boolean = () => true,
    what: string = type,
  ): Promise<MessageOf<T>> {
    const expected = new Promise<MessageOf<T>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.expectations.delete(expectation);
        reject(new Error(`${this.name}: no ${what} within ${REPLY_LIMIT_MS} ms`));
      }, REPLY_LIMIT_MS);
      const expectation: Expectation = {
        matches: (m) => m.type === type && where(m as MessageOf<T>),
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m as MessageOf<T>);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.expectations.add(expectation);
    });
    // A round that fails early abandons its other expectations; their timeouts must not go unhandled.
    expected.catch(() => {});
    return expected;
  }

  /** Sends at a pace well under the rate limit: an honest page is never refused for speed. */
  async send(message: ClientMessage): Promise<void> {
    await this.pacer.admit(1);
    if (this.socket.readyState !== WebSocket.OPEN) throw new Error(`${this.name} is not open`);
    this.socket.send(JSON.stringify(message));
  }

  async close(): Promise<void> {
    this.closingByUs = true;
    if (this.socket.readyState === WebSocket.OPEN) this.socket.close(1000, 'fuzz run over');
    await this.closed;
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    this.record.honestMessages++;
    const parsed = isBinary ? undefined : parseServerMessage(data.toString());
    if (!parsed?.ok) {
      const why = parsed ? parsed.error : 'a binary frame';
      this.record.honestRefusable++;
      this.record.fail(
        `honest ${this.name} got a message it must refuse (${why}): ${data.toString().slice(0, 160)}`,
      );
      return;
    }
    const message = parsed.value;
    if (message.type === 'error')
      this.record.fail(`honest ${this.name} was refused: ${message.code} ${message.message}`);
    if (message.type === 'catalog') this.checkCatalog(message);
    for (const expectation of this.expectations) {
      if (expectation.matches(message)) {
        this.expectations.delete(expectation);
        expectation.resolve(message);
        return;
      }
    }
    this.record.honestUnasked.add(message.type);
  }

  private checkCatalog(catalog: MessageOf<'catalog'>): void {
    for (const swarmId of this.catalogMustList) {
      const entry = catalog.files.find((file) => file.swarmId === swarmId);
      if (!entry || entry.seeders < 1) {
        this.record.fail(
          `honest ${this.name}: catalog lists ${swarmId.slice(0, 12)}… ${entry ? 'with no seeder' : 'not at all'}`,
        );
      }
    }
  }
}
