import { createHash, timingSafeEqual } from 'node:crypto';
import {
  DASHBOARD_PROTOCOL_VERSION,
  DASHBOARD_STATE_INTERVAL_MS,
  type DashboardServerMessage,
  encodeDashboardMessage,
  parseDashboardRequest,
} from '@minibit/protocol';
import type { Logger } from 'pino';
import { type RawData, WebSocket } from 'ws';
import { answerDashboardRequest } from './dashboard-requests.ts';
import { dashboardState } from './dashboard-state.ts';
import { CLOSE_POLICY_VIOLATION } from './peer-session.ts';
import type { SwarmRegistry } from './swarm-registry.ts';
import { Throttle } from './throttle.ts';
import type { TokenBucket } from './token-bucket.ts';
import type { Delivery } from './tracker-requests.ts';

/**
 * The teacher's dashboards: sockets on the dashboard path (see protocol/src/dashboard-messages.ts).
 * It tracks:
 *   1. every open dashboard socket, and whether it has shown the key yet (a socket that has not
 *      within KEY_DEADLINE_MS, or shows a wrong one, is closed: students on the LAN cannot watch or
 *      change the class's settings);
 *   2. whether a 'state' broadcast is due (Throttle: at most one per DASHBOARD_STATE_INTERVAL_MS,
 *      built and encoded once for every dashboard, and only while one is connected).
 * Requests are answered by answerDashboardRequest; the 'settings' it produces for pages go out
 * through `deliver`. No frame, however malformed, can throw out of here.
 */

/** A dashboard socket must show the key this soon after it opens. */
const KEY_DEADLINE_MS = 10_000;

export interface DashboardHubOptions {
  /** The dashboard key; compared in constant time. */
  key: string;
  /** The peer page's URL for the class (no key in it), sent to dashboards for their QR code. */
  joinUrl: () => string;
  registry: SwarmRegistry;
  /** Sends a message to a connected page. */
  deliver: (delivery: Delivery) => void;
  /** A fresh rate limit for each dashboard socket. */
  rateLimit: () => TokenBucket;
  maxBufferedBytes: number;
  logger: Logger;
}

export class DashboardHub {
  private readonly sessions = new Set<DashboardSession>();
  private readonly broadcast: Throttle;
  private readonly keyDigest: Buffer;

  constructor(private readonly options: DashboardHubOptions) {
    this.keyDigest = digest(options.key);
    this.broadcast = new Throttle(DASHBOARD_STATE_INTERVAL_MS, () => this.sendState());
  }

  /** A socket opened on the dashboard path. */
  accept(socket: WebSocket, address: string): void {
    const session = new DashboardSession(socket, this, this.options, address);
    this.sessions.add(session);
    socket.on('close', () => {
      this.sessions.delete(session);
      session.closed();
    });
  }

  /** What dashboards show may have changed: a fresh 'state' goes out soon, if anyone is watching. */
  changed(): void {
    for (const session of this.sessions) {
      if (session.authorized) {
        this.broadcast.request();
        return;
      }
    }
  }

  /** Stops broadcasts (the tracker closes the sockets). */
  stop(): void {
    this.broadcast.cancel();
    for (const session of this.sessions) session.closed();
  }

  keyMatches(key: string): boolean {
    return timingSafeEqual(digest(key), this.keyDigest);
  }

  currentState(): DashboardServerMessage {
    return dashboardState(this.options.registry);
  }

  private sendState(): void {
    const frame = Buffer.from(encodeDashboardMessage(this.currentState()), 'utf8');
    for (const session of this.sessions) if (session.authorized) session.sendText(frame);
  }
}

/** One dashboard socket. */
class DashboardSession {
  authorized = false;
  private readonly rate: TokenBucket;
  private readonly log: Logger;
  private deadline: ReturnType<typeof setTimeout> | undefined;
  private refusing = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly hub: DashboardHub,
    private readonly options: DashboardHubOptions,
    address: string,
  ) {
    this.rate = options.rateLimit();
    this.log = options.logger.child({ dashboard: address });
    this.deadline = setTimeout(() => this.close('no dashboard key within 10 s'), KEY_DEADLINE_MS);
    this.deadline.unref?.();
    socket.on('message', (data, isBinary) => this.receive(data, isBinary));
  }

  closed(): void {
    clearTimeout(this.deadline);
    this.authorized = false;
  }

  sendText(text: string | Buffer): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    if (this.socket.bufferedAmount > this.options.maxBufferedBytes) {
      this.log.warn(
        { event: 'slow-consumer', buffered: this.socket.bufferedAmount },
        'dropping slow dashboard',
      );
      this.socket.terminate();
      return;
    }
    this.socket.send(text, { binary: false });
  }

  private send(message: DashboardServerMessage): void {
    this.sendText(encodeDashboardMessage(message));
  }

  private receive(data: RawData, isBinary: boolean): void {
    try {
      this.handleFrame(data, isBinary);
    } catch (error) {
      this.log.error({ event: 'internal-error', err: error }, 'dashboard request failed');
      this.send({ type: 'error', code: 'internal-error', message: 'the tracker failed to handle that' });
    }
  }

  private handleFrame(data: RawData, isBinary: boolean): void {
    if (this.socket.readyState !== WebSocket.OPEN || !this.admitByRate()) return;
    const parsed = parseDashboardRequest(isBinary ? data : textOf(data));
    if (!parsed.ok) {
      const id = parsed.id === undefined ? {} : { id: parsed.id };
      this.log.info({ event: 'dashboard-bad-message', code: parsed.code, reason: parsed.error }, 'refused');
      this.send({ type: 'error', ...id, code: parsed.code, message: parsed.error });
      return;
    }
    const request = parsed.value;
    if (request.type === 'dashboard') return this.authorize(request.key);
    if (!this.authorized) {
      this.send({
        type: 'error',
        ...(request.id === undefined ? {} : { id: request.id }),
        code: 'not-authorized',
        message: "send { type: 'dashboard', key } first",
      });
      return;
    }
    const outcome = answerDashboardRequest(this.options.registry, request);
    for (const delivery of outcome.deliveries) this.options.deliver(delivery);
    this.send(outcome.reply);
    if (outcome.changed) this.hub.changed();
    const swarm = request.swarmId.slice(0, 12);
    if (outcome.reply.type === 'error')
      this.log.info({ event: request.type, swarm, code: outcome.reply.code }, 'refused');
    else this.log.info({ event: request.type, swarm, request }, 'dashboard changed a swarm');
  }

  private authorize(key: string): void {
    if (this.authorized) return;
    if (!this.hub.keyMatches(key)) {
      this.log.warn({ event: 'dashboard-bad-key' }, 'refused a dashboard with a wrong key');
      this.send({ type: 'error', code: 'bad-key', message: 'wrong dashboard key' });
      this.close('wrong dashboard key');
      return;
    }
    clearTimeout(this.deadline);
    this.authorized = true;
    this.log.info({ event: 'dashboard-connect' }, 'dashboard connected');
    this.send({ type: 'welcome', version: DASHBOARD_PROTOCOL_VERSION, joinUrl: this.options.joinUrl() });
    this.send(this.hub.currentState());
  }

  private admitByRate(): boolean {
    const verdict = this.rate.take();
    if (verdict === 'allow') {
      this.refusing = false;
      return true;
    }
    if (verdict === 'disconnect') {
      this.close('rate limit exceeded');
      return false;
    }
    if (!this.refusing)
      this.send({ type: 'error', code: 'rate-limited', message: 'too many messages; slow down' });
    this.refusing = true;
    return false;
  }

  private close(reason: string): void {
    clearTimeout(this.deadline);
    this.socket.close(CLOSE_POLICY_VIOLATION, reason);
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

function textOf(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
