import {
  encodeTrackerMessage,
  parseClientMessage,
  type ServerMessage,
  TRACKER_PROTOCOL_VERSION,
} from '@minibit/protocol';
import type { Logger } from 'pino';
import { type RawData, WebSocket } from 'ws';
import type { PeerId, SwarmRegistry } from './swarm-registry.ts';
import type { TokenBucket } from './token-bucket.ts';
import {
  announceDeparture,
  answerRequest,
  type Delivery,
  type RequestOutcome,
  refused,
} from './tracker-requests.ts';

/**
 * One page's socket, bound to the peer id the tracker gave it. It tracks:
 *   1. the peer id, fixed for the socket's life and stamped on everything relayed for it;
 *   2. the socket's rate limit, and whether it is being refused right now (to log that once);
 *   3. whether its departure has been announced (so it is announced once).
 * It parses every frame, hands requests to answerRequest and delivers the outcome; no frame, however
 * malformed, can throw out of here.
 */

/** What a session needs from the tracker around it. */
export interface SessionHost {
  readonly registry: SwarmRegistry;
  /** Sends a message to a connected peer (this one included); does nothing if it is gone. */
  deliver(delivery: Delivery): void;
  /** The catalog counts changed; everyone gets a fresh catalog soon. */
  catalogChanged(): void;
  /** The current 'catalog' message, encoded once for every socket that gets it. */
  catalogFrame(): Buffer;
  /** Swarms, members or progress may have changed: the teacher's dashboards get a fresh state soon. */
  swarmsChanged(): void;
}

/** Codes outside the protocol's TrackerErrorCode, for failures that are the tracker's own fault. */
const INTERNAL_ERROR = 'internal-error';

/** Close code for a policy violation (RFC 6455 §7.4.1). */
export const CLOSE_POLICY_VIOLATION = 1008;

export class PeerSession {
  private readonly log: Logger;
  private refusing = false;
  private departed = false;

  constructor(
    readonly peerId: PeerId,
    private readonly socket: WebSocket,
    private readonly host: SessionHost,
    private readonly rate: TokenBucket,
    private readonly maxBufferedBytes: number,
    logger: Logger,
  ) {
    this.log = logger.child({ peer: peerId });
  }

  /** { type: 'welcome', peerId, version } then the catalog: the first two messages on every socket. */
  start(): void {
    this.log.info({ event: 'connect' }, 'peer connected');
    this.send({ type: 'welcome', peerId: this.peerId, version: TRACKER_PROTOCOL_VERSION });
    this.sendText(this.host.catalogFrame());
  }

  receive(data: RawData, isBinary: boolean): void {
    try {
      this.handleFrame(data, isBinary);
    } catch (error) {
      this.log.error({ event: 'internal-error', err: error }, 'request handler failed');
      this.send({
        type: 'error',
        code: INTERNAL_ERROR,
        message: 'the tracker failed to handle that message',
      });
    }
  }

  send(message: ServerMessage): void {
    this.sendText(encodeTrackerMessage(message));
  }

  /** Sends one text frame; `text` may be UTF-8 bytes already, to share one encoding among many sockets. */
  sendText(text: string | Buffer): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    if (this.socket.bufferedAmount > this.maxBufferedBytes) {
      // The page is not reading; queueing more would only grow our memory.
      this.log.warn({ event: 'slow-consumer', buffered: this.socket.bufferedAmount }, 'dropping slow socket');
      this.socket.terminate();
      return;
    }
    this.socket.send(text, { binary: false });
  }

  /** Closes the socket (its 'close' event then calls depart, which does nothing the second time). */
  close(code: number, reason: string): void {
    this.socket.close(code, reason);
  }

  /** The socket closed (or was evicted): leave every swarm and tell the swarm-mates. */
  depart(closeCode: number): void {
    if (this.departed) return;
    this.departed = true;
    try {
      const swarms = this.host.registry.swarmsOf(this.peerId).length;
      this.apply(announceDeparture(this.host.registry, this.peerId));
      if (swarms > 0) this.host.swarmsChanged();
      this.log.info({ event: 'disconnect', code: closeCode, swarms }, 'peer left');
    } catch (error) {
      this.log.error({ event: 'internal-error', err: error }, 'departure failed');
    }
  }

  private handleFrame(data: RawData, isBinary: boolean): void {
    // Frames that arrive after we started closing the socket are not answered.
    if (this.departed || this.socket.readyState !== WebSocket.OPEN) return;
    if (!this.admitByRate()) return;
    const parsed = parseClientMessage(isBinary ? data : textOf(data));
    if (!parsed.ok) {
      this.log.info({ event: 'bad-message', reason: parsed.error }, 'refused');
      this.apply(refused(this.peerId, 'bad-message', parsed.error));
      return;
    }
    const request = parsed.value;
    const outcome = answerRequest(this.host.registry, this.peerId, request);
    this.apply(outcome);
    if (!outcome.refusal && request.type !== 'signal') this.host.swarmsChanged();
    const fields = { event: request.type, swarm: outcome.swarmId?.slice(0, 12) };
    if (outcome.refusal) this.log.info({ ...fields, code: outcome.refusal.code }, 'refused');
    // Signals and progress reports are frequent; one line each at info would drown the log.
    else if (request.type === 'signal' || request.type === 'progress') this.log.debug(fields, request.type);
    else this.log.info(fields, request.type);
  }

  /** Takes a token for this frame; false when the frame must be dropped. */
  private admitByRate(): boolean {
    const verdict = this.rate.take();
    if (verdict === 'allow') {
      this.refusing = false;
      return true;
    }
    if (verdict === 'disconnect') {
      this.log.warn({ event: 'rate-limit-close' }, 'closing a socket that kept flooding');
      this.socket.close(CLOSE_POLICY_VIOLATION, 'rate limit exceeded');
      return false;
    }
    if (!this.refusing) this.log.warn({ event: 'rate-limited' }, 'refusing messages over the rate limit');
    this.refusing = true;
    this.apply(refused(this.peerId, 'rate-limited', 'too many messages; slow down'));
    return false;
  }

  private apply(outcome: RequestOutcome): void {
    for (const delivery of outcome.deliveries) this.host.deliver(delivery);
    if (outcome.catalogChanged) this.host.catalogChanged();
  }
}

function textOf(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
