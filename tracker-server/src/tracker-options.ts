import { fileURLToPath } from 'node:url';
import { MAX_JOINED_PEERS } from '@minibit/protocol';
import type { Logger } from 'pino';
import type { RandomSource } from './random-subset.ts';
import type { TlsCredentials } from './tls-certificate.ts';

/**
 * What startTracker accepts, with the defaults and the checks on them. Tracks nothing.
 * Every limit can be set by a caller, so tests can make them tiny and a deployment can raise them.
 */

export interface TrackerLimits {
  /** Most peers a newcomer is given to call (a random subset of the swarm). */
  maxPeersPerJoin: number;
  /** How often sockets are pinged; one that has not answered by the next ping is dropped. */
  pingIntervalMs: number;
  /** Most swarms one socket may be in at once ('too-many-swarms' beyond). */
  maxSwarmsPerSocket: number;
  /** Most swarms the tracker holds in all ('too-many-swarms' beyond). */
  maxSwarms: number;
  /** Sustained messages per second per socket; past it messages are refused with 'rate-limited'. */
  messagesPerSecond: number;
  /** Messages a socket may send at once; one that keeps sending past twice this is closed (1008). */
  messageBurst: number;
  /** Most open sockets from one remote address; more are closed with 1013 (try again later). */
  maxSocketsPerAddress: number;
  /** Catalog broadcasts are coalesced to at most one per this interval. */
  catalogIntervalMs: number;
  /**
   * Bytes a second that catalog broadcasts may send in all (every socket gets the whole catalog). With
   * many sockets or a long catalog the interval between broadcasts stretches to stay under it.
   */
  catalogBytesPerSecond: number;
  /** A socket with more than this queued unsent is too slow to keep up and is dropped. */
  maxBufferedBytes: number;
}

export const DEFAULT_LIMITS: Readonly<TrackerLimits> = {
  maxPeersPerJoin: 50,
  pingIntervalMs: 15_000,
  maxSwarmsPerSocket: 64,
  maxSwarms: 10_000,
  messagesPerSecond: 200,
  messageBurst: 400,
  maxSocketsPerAddress: 256,
  catalogIntervalMs: 250,
  // 16 MiB/s (~134 Mbit/s): a classroom never reaches it (40 pages × a 2 KiB catalog × 4/s is 320 KiB/s);
  // 20,000 pages × a 26 KiB catalog get one broadcast every ~31 s instead of 2 GB/s.
  catalogBytesPerSecond: 16 * 1024 * 1024,
  maxBufferedBytes: 8 * 1024 * 1024,
};

/** The built web client, relative to this file: <repo>/web-client/dist. */
export const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../../web-client/dist', import.meta.url));
export const DEFAULT_HOST = '0.0.0.0';
export const DEFAULT_PORT = 8080;

export interface TrackerOptions extends Partial<TrackerLimits> {
  /** Interface to listen on. Default '0.0.0.0' (every IPv4 interface, so LAN pages can connect). */
  host?: string;
  /** Port to listen on; 0 picks a free one. Default 8080. */
  port?: number;
  /** Directory of the built web client. Default <repo>/web-client/dist. */
  staticDir?: string;
  /** Where log lines go. Default: pino at 'info' on stdout. */
  logger?: Logger;
  /** Random source for choosing which peers a newcomer gets. Default Math.random. */
  random?: RandomSource;
  /** Millisecond clock for rate limits. Default performance.now. */
  now?: () => number;
  /** PEM key and certificate: serve https and wss instead of http and ws, on the same port. */
  tls?: TlsCredentials;
  /** The teacher's dashboard key (8–128 of A–Z a–z 0–9 _ -). Default: a random one, made at start. */
  dashboardKey?: string;
  /** The peer page URL shown on the dashboard (QR code). Default: the first LAN URL, else the local one. */
  joinUrl?: string;
}

/** Fills in defaults and refuses values that would break the tracker, naming the option at fault. */
export function resolveLimits(options: Partial<TrackerLimits>): TrackerLimits {
  const limits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof TrackerLimits)[]) {
    const value = options[key];
    if (value === undefined) continue;
    if (!Number.isFinite(value) || value <= 0)
      throw new RangeError(`${key} must be a positive number, got ${value}`);
    limits[key] = value;
  }
  if (limits.maxPeersPerJoin > MAX_JOINED_PEERS) {
    throw new RangeError(
      `maxPeersPerJoin must be at most ${MAX_JOINED_PEERS}, got ${limits.maxPeersPerJoin}`,
    );
  }
  return limits;
}
