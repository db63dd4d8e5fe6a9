import { createHash } from 'node:crypto';
import { buildManifest, type Manifest, pieceCountFor } from '@minibit/protocol';
import { pino } from 'pino';
import { afterEach } from 'vitest';
import type { ClientOptions } from 'ws';
import { type RunningTracker, startTracker } from './server.ts';
import type { TrackerOptions } from './tracker-options.ts';
import { TrackerTestClient } from './tracker-test-client.ts';

/**
 * Shared setup for the tracker's tests: valid manifests, a silent logger, a tracker on 127.0.0.1 with
 * an ephemeral port, and a test bed that tracks one tracker and its sockets for cleanup.
 */

export const silentLogger = pino({ level: 'silent' });

/** A valid manifest whose piece hashes are derived from the name, so each name is its own swarm. */
export function testManifest(name: string, size = 40_000, pieceSize = 16_384): Manifest {
  const pieces = Array.from({ length: pieceCountFor(size, pieceSize) }, (_, i) =>
    createHash('sha256').update(`${name}#${i}`).digest('hex'),
  );
  return buildManifest(name, size, pieceSize, pieces);
}

export function startTestTracker(options: TrackerOptions = {}): Promise<RunningTracker> {
  return startTracker({
    host: '127.0.0.1',
    port: 0,
    logger: silentLogger,
    staticDir: '/nonexistent',
    ...options,
  });
}

/**
 * A tracker per test plus the sockets opened to it, all closed after each test.
 * Call inside a describe block; then `await bed.start(options)` in the test or a beforeEach.
 */
export function trackerTestBed() {
  let tracker: RunningTracker | undefined;
  const clients: TrackerTestClient[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
    await tracker?.close();
    tracker = undefined;
  });
  const running = (): RunningTracker => {
    if (!tracker) throw new Error('call bed.start() first');
    return tracker;
  };
  return {
    /** Starts a tracker, replacing (and closing) one a beforeEach may have started. */
    async start(options: TrackerOptions = {}): Promise<RunningTracker> {
      await tracker?.close();
      tracker = await startTestTracker(options);
      return tracker;
    },
    get url(): string {
      return running().url;
    },
    /** A socket that has taken its welcome and first catalog. */
    async connect(options: ClientOptions = {}, query = ''): Promise<TrackerTestClient> {
      const client = await TrackerTestClient.connect(running().url, options, query);
      clients.push(client);
      return client;
    },
    /** A socket that has read nothing yet. */
    async open(options: ClientOptions = {}): Promise<TrackerTestClient> {
      const client = await TrackerTestClient.open(running().url, options);
      clients.push(client);
      return client;
    },
  };
}
