import { setTimeout as sleep } from 'node:timers/promises';
import { SOCKET_PATH, startTracker } from '../src/server.ts';
import { DEFAULT_LIMITS, type TrackerLimits } from '../src/tracker-options.ts';
import { checkAddressLimitRestored, type OpenedAtOnce, socketFlood } from './address-limit.ts';
import { errorRecordingLogger } from './error-recording-logger.ts';
import type { PeerDirectory } from './fuzz-frames.ts';
import { honestManifest } from './fuzz-manifests.ts';
import { FuzzRecord } from './fuzz-record.ts';
import { fetchHealth, type Health, HealthWatch } from './health-watch.ts';
import { HostileInputs } from './hostile-inputs.ts';
import { HostileSlot } from './hostile-slot.ts';
import { HonestPair, playHonestRounds } from './honest-flow.ts';
import { HonestPeer } from './honest-peer.ts';
import { type MemorySnapshot, memorySnapshot } from './memory-snapshot.ts';
import { KeyLedger, keyed, validKey } from './peer-keys.ts';
import { SeededRandom } from './seeded-random.ts';
import { SendPacer } from './send-pacer.ts';
import { SilentSockets } from './silent-sockets.ts';

/**
 * One fuzz run against a real tracker in this process, listening on 127.0.0.1 only:
 *   1. honest pairs connect and seed their swarms; memory is measured;
 *   2. hostile sockets play their seeded input streams (until `count` inputs or `seconds` pass) while
 *      the honest pairs play rounds and GET /health is polled;
 *   3. every hostile socket is closed, the tracker must be back to the honest peers and swarms only,
 *      memory is measured again, and a last honest round must still pass;
 *   4. the honest peers close, the tracker must hold nothing, and one address must again be able to open
 *      exactly maxSocketsPerAddress sockets.
 * Returns what happened; it never throws for a tracker fault, it records it.
 */

export interface FuzzOptions {
  /** Most hostile inputs to play, across all hostile sockets. */
  count: number;
  /** Most seconds to play them for. */
  seconds: number;
  seed: number;
  hostileSockets?: number;
  honestPairs?: number;
  /** Tracker limits over FUZZ_LIMITS. */
  limits?: Partial<TrackerLimits>;
}

/**
 * Limits for the tracker under fuzz: the default rate, and swarm and socket caps small enough that
 * hostile sockets reach them within a run. Pings every 2.5 s, so silent sockets are evicted during the run.
 */
export const FUZZ_LIMITS: Readonly<TrackerLimits> = {
  ...DEFAULT_LIMITS,
  messagesPerSecond: 400,
  messageBurst: 400,
  maxSwarmsPerSocket: 16,
  maxSwarms: 100,
  pingIntervalMs: 2500,
  maxSocketsPerAddress: 64,
};

/** Hostile sockets send at this share of the tracker's rate; honest ones at far less. */
const HOSTILE_PACE = 0.8;
const HONEST_PACE = 0.25;
const HEALTH_INTERVAL_MS = 250;
/** How long the tracker has to forget closed sockets before leftovers count as a leak. */
const SETTLE_LIMIT_MS = 10_000;

export interface FuzzReport {
  options: Required<Omit<FuzzOptions, 'limits'>>;
  limits: TrackerLimits;
  record: FuzzRecord;
  playedMs: number;
  health: { checks: number; failures: number; slowestMs: number };
  /** Tracker state once every hostile socket was closed, and what the honest peers alone account for. */
  afterHostile: Health | undefined;
  honestOnly: Health;
  /** Tracker state once the honest peers closed too. */
  afterAll: Health | undefined;
  /** Sockets one address could open once everything else had closed. */
  addressLimitAfter: OpenedAtOnce;
  /** Sockets that connected with a valid key, and how many keys: each key always got its one id. */
  keys: { keyedConnections: number; distinctKeys: number; mismatches: number };
  memoryBefore: MemorySnapshot;
  memoryAfter: MemorySnapshot;
  /** Error-level lines the tracker logged. */
  trackerErrors: { count: number; lines: readonly string[] };
  /** Uncaught exceptions and unhandled rejections in this process during the run. */
  crashes: string[];
  serverStayedUp: boolean;
  passed: boolean;
}

export async function runTrackerFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const settings = { hostileSockets: 8, honestPairs: 2, ...options };
  const limits: TrackerLimits = { ...FUZZ_LIMITS, ...options.limits };
  const record = new FuzzRecord();
  const ledger = new KeyLedger(record);
  const crashes: string[] = [];
  const onCrash = (error: unknown) =>
    crashes.push(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);

  const logged = errorRecordingLogger();
  const tracker = await startTracker({ host: '127.0.0.1', port: 0, logger: logged.logger, ...limits });
  const wsUrl = `${tracker.url.replace(/^http/, 'ws')}${SOCKET_PATH}`;
  const health = new HealthWatch(tracker.url, record, HEALTH_INTERVAL_MS);
  health.start();
  try {
    // 1. Honest pairs seed their swarms. Each page has its own secret key, as the web client does.
    const root = new SeededRandom(settings.seed);
    const keyStream = root.fork(1_000_000);
    const honest: HonestPeer[] = [];
    for (let i = 0; i < 2 * settings.honestPairs; i++) {
      const pacer = new SendPacer(limits.messagesPerSecond * HONEST_PACE, 10);
      const connect = keyed(validKey(keyStream));
      honest.push(await HonestPeer.connect(wsUrl, `peer ${i}`, connect, { pacer, record, ledger }));
    }
    const sharedKeys = Array.from({ length: 4 }, () => validKey(keyStream));
    const pairs = Array.from(
      { length: settings.honestPairs },
      (_, i) => new HonestPair(honest[2 * i]!, honest[2 * i + 1]!, honestManifest(i)),
    );
    const honestSwarms = pairs.map((pair) => pair.swarmId);
    await seedHonestSwarms(honest, pairs, honestSwarms);
    const honestOnly: Health = { peers: honest.length, swarms: pairs.length };
    const memoryBefore = memorySnapshot();

    // 2. Hostile inputs, with honest rounds alongside.
    const slots = Array.from(
      { length: settings.hostileSockets },
      () =>
        new HostileSlot(wsUrl, record, new SendPacer(limits.messagesPerSecond * HOSTILE_PACE, 40), ledger),
    );
    const silent = new SilentSockets(wsUrl, record, limits.pingIntervalMs, ledger);
    const directoryFor = (self: number): PeerDirectory => ({
      idOf: (role, index) =>
        role === 'honest' ? honest[index]?.peerId : slots[role === 'self' ? self : index]?.peerId,
    });
    const started = performance.now();
    const deadline = started + settings.seconds * 1000;
    let honestStop = false;
    const honestRounds = playHonestRounds(pairs, record, () => honestStop);
    await Promise.all(
      slots.map(async (slot, s) => {
        const stream = root.fork(s);
        const keys = { shared: sharedKeys, own: validKey(stream) };
        const inputs = new HostileInputs(stream, limits, honestSwarms, honest.length, slots.length, keys);
        const quota = Math.floor(settings.count / slots.length) + (s < settings.count % slots.length ? 1 : 0);
        const directory = directoryFor(s);
        try {
          for (let played = 0; played < quota && performance.now() < deadline; played++) {
            const input = inputs.next();
            record.inputs.add(input.category);
            if (input.effect === 'silent') await silent.start(input, directory);
            else if (input.effect === 'socket-flood')
              await socketFlood(wsUrl, limits.maxSocketsPerAddress, record);
            else await slot.play(input, directory);
          }
        } catch (error) {
          record.fail(
            `hostile socket ${s} gave up: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }),
    );
    const playedMs = performance.now() - started;
    honestStop = true;
    await honestRounds;

    // 3. Hostile sockets gone: only the honest peers and their swarms may remain.
    await Promise.all(slots.map((slot) => slot.close()));
    await silent.settle();
    const afterHostile = await settledHealth(tracker.url, honestOnly);
    if (!sameHealth(afterHostile, honestOnly)) {
      record.fail(
        `tracker holds leftover state: ${JSON.stringify(afterHostile)}, expected ${JSON.stringify(honestOnly)}`,
      );
    }
    const memoryAfter = memorySnapshot();
    await playHonestRounds(pairs, record, () => false, 1);

    // 4. Honest peers gone: nothing may remain.
    await Promise.all(honest.map((peer) => peer.close()));
    const empty: Health = { peers: 0, swarms: 0 };
    const afterAll = await settledHealth(tracker.url, empty);
    if (!sameHealth(afterAll, empty)) {
      record.fail(`tracker holds state after every socket closed: ${JSON.stringify(afterAll)}`);
    }
    const addressLimitAfter = await checkAddressLimitRestored(wsUrl, limits.maxSocketsPerAddress, record);

    await health.stop();
    if (logged.count > 0) record.fail(`the tracker logged ${logged.count} error(s)`);
    const internal = record.hostileReplies.get('internal-error');
    if (internal > 0) record.fail(`the tracker answered ${internal} message(s) with internal-error`);
    const serverStayedUp = health.failures === 0 && crashes.length === 0;
    return {
      options: {
        count: settings.count,
        seconds: settings.seconds,
        seed: settings.seed,
        hostileSockets: slots.length,
        honestPairs: pairs.length,
      },
      limits,
      record,
      playedMs,
      health: { checks: health.checks, failures: health.failures, slowestMs: health.slowestMs },
      afterHostile,
      honestOnly,
      afterAll,
      addressLimitAfter,
      keys: {
        keyedConnections: ledger.keyedConnections,
        distinctKeys: ledger.distinctKeys,
        mismatches: ledger.mismatches,
      },
      memoryBefore,
      memoryAfter,
      trackerErrors: { count: logged.count, lines: logged.lines },
      crashes,
      serverStayedUp,
      passed: serverStayedUp && record.failureCount === 0,
    };
  } finally {
    await health.stop();
    await tracker.close();
    // Late rejections from sockets torn down with the tracker are still this run's.
    await sleep(10);
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
  }
}

/** Seeds every pair's swarm, then waits until each honest peer has a catalog listing all of them. */
async function seedHonestSwarms(
  honest: HonestPeer[],
  pairs: HonestPair[],
  swarmIds: string[],
): Promise<void> {
  const listsAll = (files: { swarmId: string }[]) =>
    swarmIds.every((id) => files.some((f) => f.swarmId === id));
  const catalogs = honest.map((peer) => peer.expect('catalog', (m) => listsAll(m.files)));
  for (const pair of pairs) await pair.seed();
  await Promise.all(catalogs);
  // Every catalog from here on was made after the seeds, so it must list them.
  for (const peer of honest) peer.requireInCatalog(swarmIds);
}

const sameHealth = (a: Health | undefined, b: Health) => a?.peers === b.peers && a.swarms === b.swarms;

/** Polls /health until it shows `expected` or the settle limit passes; the last answer either way. */
async function settledHealth(trackerUrl: string, expected: Health): Promise<Health | undefined> {
  const deadline = performance.now() + SETTLE_LIMIT_MS;
  let last: Health | undefined;
  for (;;) {
    try {
      last = await fetchHealth(trackerUrl);
    } catch {
      last = undefined;
    }
    if (sameHealth(last, expected) || performance.now() > deadline) return last;
    await sleep(50);
  }
}
