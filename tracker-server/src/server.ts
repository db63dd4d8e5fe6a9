import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import {
  DASHBOARD_SOCKET_PATH,
  isDashboardKey,
  MAX_DASHBOARD_REQUEST_BYTES,
  MAX_TRACKER_MESSAGE_BYTES,
} from '@minibit/protocol';
import { pino } from 'pino';
import { type WebSocket, WebSocketServer } from 'ws';
import { AddressCounter } from './address-counter.ts';
import { CatalogCache } from './catalog-cache.ts';
import { catalogPauseMs } from './catalog-pacing.ts';
import { DashboardHub } from './dashboard-hub.ts';
import { Heartbeat } from './heartbeat.ts';
import { createHttpApp } from './http-app.ts';
import { joinUrl as joinUrlFor, reachableUrl } from './listen-urls.ts';
import { peerIdForRequest } from './peer-id.ts';
import { PeerSession, type SessionHost } from './peer-session.ts';
import { type SlicedLoop, forEachInSlices } from './sliced-loop.ts';
import { SwarmRegistry } from './swarm-registry.ts';
import { Throttle } from './throttle.ts';
import { TokenBucket } from './token-bucket.ts';
import type { Delivery } from './tracker-requests.ts';
import {
  DEFAULT_HOST,
  DEFAULT_PORT,
  DEFAULT_STATIC_DIR,
  resolveLimits,
  type TrackerOptions,
} from './tracker-options.ts';

/**
 * The tracker process: one HTTP server (HTTPS with `tls`) carrying the web client, /health, the pages'
 * WebSocket endpoint (SOCKET_PATH) and the teacher's dashboard endpoint (DASHBOARD_SOCKET_PATH).
 * A thin shell over the swarm registry; it tracks:
 *   1. the open sessions, by peer id, to deliver messages to;
 *   2. open sockets per remote address, and each socket's liveness (Heartbeat);
 *   3. the encoded catalog (CatalogCache), whether a broadcast of it is due (Throttle), paced so that
 *      broadcasts to every socket stay under a byte budget (catalogPauseMs), and the broadcast under
 *      way, sent a slice of sockets at a time so relayed signals are not held up behind it;
 *   4. the dashboards (DashboardHub), told whenever a swarm may have changed.
 */

export const SOCKET_PATH = '/ws';

/** Close codes (RFC 6455 §7.4.1). */
const CLOSE_GOING_AWAY = 1001;
const CLOSE_TRY_AGAIN_LATER = 1013;

/** How long shutdown waits for pages to answer the close handshake before cutting them off. */
const CLOSE_GRACE_MS = 1000;
/** Bytes of catalog frames one slice of a broadcast hands to the kernel before letting other work run. */
const CATALOG_SLICE_BYTES = 2 * 1024 * 1024;
/** Close code for a socket whose peer reconnected on a new one (application-defined range). */
const CLOSE_REPLACED = 4000;

export interface RunningTracker {
  /**
   * Reachable from this machine, e.g. http://127.0.0.1:8080 (https://… with `tls`); the socket is at
   * `${url}/ws`.
   */
  url: string;
  port: number;
  /** The key a dashboard must show (the one given, or the random one made at start). */
  dashboardKey: string;
  /** The peer page URL the dashboard shows as a QR code. */
  joinUrl: string;
  close(): Promise<void>;
}

export async function startTracker(options: TrackerOptions = {}): Promise<RunningTracker> {
  const limits = resolveLimits(options);
  const host = options.host ?? DEFAULT_HOST;
  const logger = options.logger ?? pino();
  const now = options.now ?? (() => performance.now());
  const registry = new SwarmRegistry(
    {
      maxPeersPerJoin: limits.maxPeersPerJoin,
      maxSwarmsPerPeer: limits.maxSwarmsPerSocket,
      maxSwarms: limits.maxSwarms,
    },
    options.random,
  );
  const sessions = new Map<string, PeerSession>();
  const addresses = new AddressCounter(limits.maxSocketsPerAddress);
  const heartbeat = new Heartbeat(limits.pingIntervalMs);
  let closing = false;
  const dashboardKey = options.dashboardKey ?? randomBytes(16).toString('base64url');
  if (!isDashboardKey(dashboardKey)) {
    throw new RangeError('dashboardKey must be 8–128 characters of A–Z, a–z, 0–9, _ and -');
  }
  let joinUrl = options.joinUrl ?? '';
  const rateLimit = () =>
    new TokenBucket({ perSecond: limits.messagesPerSecond, burst: limits.messageBurst }, now);
  const deliver = ({ to, message }: Delivery) => sessions.get(to)?.send(message);
  const dashboards = new DashboardHub({
    key: dashboardKey,
    joinUrl: () => joinUrl,
    registry,
    deliver,
    rateLimit,
    maxBufferedBytes: limits.maxBufferedBytes,
    logger,
  });

  const catalog = new CatalogCache(() => registry.catalog());
  let broadcasting: SlicedLoop | undefined;
  const catalogBroadcast = new Throttle(
    () => catalogPauseMs(sessions.size, catalog.current().length, limits),
    () => {
      if (closing) return;
      // A broadcast still under way is superseded: its remaining sockets get this newer catalog.
      broadcasting?.cancel();
      const frame = catalog.current();
      broadcasting = forEachInSlices(
        [...sessions.values()],
        CATALOG_SLICE_BYTES / frame.length,
        (session) => session.sendText(frame),
        (error) => logger.error({ event: 'internal-error', err: error }, 'catalog broadcast failed'),
      );
    },
  );
  const sessionHost: SessionHost = {
    registry,
    deliver,
    catalogChanged: () => {
      catalog.invalidate();
      catalogBroadcast.request();
    },
    catalogFrame: () => catalog.current(),
    swarmsChanged: () => dashboards.changed(),
  };

  const app = createHttpApp({
    staticDir: options.staticDir ?? DEFAULT_STATIC_DIR,
    socketPath: SOCKET_PATH,
    health: () => ({ peers: sessions.size, swarms: registry.swarmCount }),
    logger,
  });
  const server = options.tls
    ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, app)
    : createServer(app);
  // A browser that has not accepted a self-signed certificate yet hangs up during the handshake.
  server.on('tlsClientError', (error) =>
    logger.debug({ event: 'tls-client-error', err: error }, 'TLS handshake failed'),
  );
  // Two endpoints on one server: ws aborts any upgrade whose path is not its own, so both are
  // `noServer` and each upgrade is routed here by path.
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_TRACKER_MESSAGE_BYTES });
  const dashboardSockets = new WebSocketServer({ noServer: true, maxPayload: MAX_DASHBOARD_REQUEST_BYTES });
  for (const wss of [sockets, dashboardSockets]) {
    wss.on('error', (error) =>
      logger.error({ event: 'socket-server-error', err: error }, 'WebSocket server error'),
    );
  }
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const target = { [SOCKET_PATH]: sockets, [DASHBOARD_SOCKET_PATH]: dashboardSockets }[pathOf(request.url)];
    if (!target) {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      return;
    }
    target.handleUpgrade(request, socket, head, (ws) => target.emit('connection', ws, request));
  });

  dashboardSockets.on('connection', (socket, request) => {
    socket.on('error', (error) =>
      logger.debug({ event: 'socket-error', err: error }, 'dashboard socket error'),
    );
    const address = request.socket.remoteAddress ?? 'unknown';
    if (closing) {
      socket.close(CLOSE_GOING_AWAY, 'tracker shutting down');
      return;
    }
    if (!addresses.tryOpen(address)) {
      socket.close(CLOSE_TRY_AGAIN_LATER, 'too many connections from your address');
      return;
    }
    heartbeat.watch(socket, request.socket);
    socket.on('close', () => {
      heartbeat.forget(socket);
      addresses.closed(address);
    });
    dashboards.accept(socket, address);
  });

  sockets.on('connection', (socket, request) => {
    // A socket's own errors (bad frames, oversized frames, resets) are followed by 'close', which cleans up.
    socket.on('error', (error) => logger.debug({ event: 'socket-error', err: error }, 'socket error'));
    const address = request.socket.remoteAddress ?? 'unknown';
    if (closing) {
      socket.close(CLOSE_GOING_AWAY, 'tracker shutting down');
      return;
    }
    if (!addresses.tryOpen(address)) {
      logger.warn({ event: 'refused-connection', address }, 'too many sockets from one address');
      socket.close(CLOSE_TRY_AGAIN_LATER, 'too many connections from your address');
      return;
    }
    const peerId = peerIdForRequest(request.url, (id) => sessions.has(id));
    // The same key again: the tab reconnected before its old socket was seen to drop. The new socket wins.
    const previous = sessions.get(peerId);
    if (previous) {
      sessions.delete(peerId);
      previous.depart(CLOSE_REPLACED);
      previous.close(CLOSE_REPLACED, 'replaced by a new connection with the same key');
    }
    const session = new PeerSession(
      peerId,
      socket,
      sessionHost,
      new TokenBucket({ perSecond: limits.messagesPerSecond, burst: limits.messageBurst }, now),
      limits.maxBufferedBytes,
      logger,
    );
    sessions.set(peerId, session);
    heartbeat.watch(socket, request.socket);
    socket.on('message', (data, isBinary) => session.receive(data, isBinary));
    socket.on('close', (code) => {
      heartbeat.forget(socket);
      addresses.closed(address);
      if (sessions.get(peerId) === session) sessions.delete(peerId);
      session.depart(code);
    });
    session.start();
  });

  try {
    await listen(server, host, options.port ?? DEFAULT_PORT);
  } catch (error) {
    // Port taken or host unknown: release what was set up so the caller can try again.
    heartbeat.stop();
    dashboards.stop();
    sockets.close();
    dashboardSockets.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  const scheme = options.tls ? 'https' : 'http';
  const url = reachableUrl(host, port, scheme);
  joinUrl ||= joinUrlFor(host, port, networkInterfaces(), scheme);

  const close = async () => {
    if (closing) return;
    closing = true;
    heartbeat.stop();
    catalogBroadcast.cancel();
    broadcasting?.cancel();
    dashboards.stop();
    await closeSockets([...sockets.clients, ...dashboardSockets.clients]);
    await new Promise<void>((resolve) => sockets.close(() => resolve()));
    await new Promise<void>((resolve) => dashboardSockets.close(() => resolve()));
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    logger.info({ event: 'stopped' }, 'tracker stopped');
  };
  return { url, port, dashboardKey, joinUrl, close };
}

/** The path of a request URL ('/ws?key=…' → '/ws'). */
function pathOf(url: string | undefined): string {
  return (url ?? '/').split('?', 1)[0]!;
}

function listen(server: ReturnType<typeof createServer>, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Says goodbye to every page, then cuts off any that have not finished the handshake in time. */
async function closeSockets(open: WebSocket[]): Promise<void> {
  const closed = open.map((socket) => new Promise<void>((resolve) => socket.once('close', () => resolve())));
  for (const socket of open) socket.close(CLOSE_GOING_AWAY, 'tracker shutting down');
  let grace: ReturnType<typeof setTimeout> | undefined;
  const timeUp = new Promise<void>((resolve) => {
    grace = setTimeout(resolve, CLOSE_GRACE_MS);
  });
  await Promise.race([Promise.all(closed), timeUp]);
  clearTimeout(grace);
  for (const socket of open) socket.terminate();
}
