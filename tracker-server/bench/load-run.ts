import { availableParallelism, loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { ClientFleet } from './client-fleet.ts';
import type { AdmissionReport, Counts, DriverStatus, SignalReport } from './driver-messages.ts';
import { type LatencySummary, summarize } from './latency-stats.ts';
import type { LoadOptions } from './load-options.ts';
import { planPeers } from './peer-plan.ts';
import type { ProcMemory } from './proc-stats.ts';
import { readTrackerLog, type TrackerLog, TrackerChild } from './tracker-child.ts';

/**
 * One run of the tracker load bench, on a fresh tracker process and fresh client drivers:
 *   1. start the tracker, see how many sockets its open-file limit allows, measure its memory;
 *   2. the first page of every swarm connects and shares the swarm's file;
 *   3. every other page arrives at --joins-per-second: connects, then joins its swarm;
 *   4. after the catalog broadcasts have settled, measure the tracker's memory again;
 *   5. --signals-per-second signals for --seconds, each between two pages of one swarm;
 *   6. count what is still connected, on both sides, and stop everything.
 * Returns what it measured; throws if the run itself broke (a process died, a phase never ended).
 */

/** Node, with tsx, and the guard that stops a child whose bench went away. */
const NODE_ARGS = ['--import', 'tsx', '--import', './tracker-server/bench/parent-watch.ts'];
/** Pages per loopback source address: under the tracker's default --max-sockets-per-address (256). */
const PAGES_PER_ADDRESS = 200;
/** Descriptors left free in the tracker beyond those it holds at start (a /health request, say). */
const TRACKER_SPARE_FILES = 16;
/** Time for the last catalog broadcasts and garbage of the arrival phase to settle before measuring. */
const SETTLE_MS = 3000;
const DRAIN_MS = 3000;
const SHARE_TIMEOUT_MS = 30_000;
/** On top of a phase's own timeout, for the driver to answer. */
const REPLY_SLACK_MS = 15_000;

export interface RunRecord {
  requestedPeers: number;
  /** Pages planned: --peers, or fewer if the tracker's open-file limit cannot hold that many. */
  peers: number;
  trackerFileLimit: number;
  trackerFilesAtStart: number;
  connectMs: LatencySummary;
  joinMs: LatencySummary;
  /** Pages that never got in. */
  failedJoins: number;
  arrivalSeconds: number;
  /** Sockets the tracker holds (GET /health) once every page arrived, and after the signalling. */
  heldAfterJoin: number;
  heldAtEnd: number;
  /** The machine's 1-minute load average when the run began: above the core count, others were busy. */
  loadAtStart: number;
  clientsOpenAtEnd: number;
  earlyCloses: Counts;
  memory: { baseline: ProcMemory; afterJoin: ProcMemory; afterSignals: ProcMemory };
  bytesPerConnection: number;
  signals: Omit<SignalReport, 'latencyMs' | 'elapsedMs' | 'loopDelayP99Ms' | 'loopDelayMaxMs'> & {
    latencyMs: LatencySummary;
    deliveredPerSecond: number;
    /** The worst client driver's event-loop delay p99 while signalling. */
    clientLoopDelayP99Ms: number;
  };
  trackerCpuPercent: { arriving: number; signalling: number };
  received: Counts;
  receivedMiB: number;
  errors: Counts;
  socketErrors: Counts;
  trackerLog: TrackerLog;
}

/** `logPath`: where the tracker's log goes (it is read back at the end for warnings). */
export async function runTrackerLoad(
  options: LoadOptions,
  logPath: string,
  log: (line: string) => void,
): Promise<RunRecord> {
  const loadAtStart = loadavg()[0]!;
  if (loadAtStart > availableParallelism()) {
    log(
      `  WARNING: load average ${loadAtStart.toFixed(1)} on ${availableParallelism()} cores: other processes ` +
        'are busy, so latencies will include waiting for a CPU',
    );
  }
  const tracker = await TrackerChild.start({
    nodeArgs: [...NODE_ARGS, ...options.trackerNodeFlags],
    // Room for every page plus the tracker's own files; whether it got that is read back below.
    fileLimit: options.peers + 1024,
    logLevel: options.logLevel,
    logPath,
  });
  let fleet: ClientFleet | undefined;
  try {
    const trackerFileLimit = tracker.openFileLimit();
    const trackerFilesAtStart = tracker.openFileCount();
    const capacity = trackerFileLimit - trackerFilesAtStart - TRACKER_SPARE_FILES;
    const peers = Math.min(options.peers, capacity);
    log(
      `tracker pid ${tracker.pid} at ${tracker.url}: open-file limit ${trackerFileLimit}, ${trackerFilesAtStart} open at start`,
    );
    if (peers < options.peers) {
      log(
        `  WARNING: the tracker's open-file limit (${trackerFileLimit}) cannot be raised here, so it can hold ` +
          `at most ${peers} sockets; running ${peers} pages instead of ${options.peers}`,
      );
    }
    const plan = planPeers({
      peers,
      swarms: options.swarms,
      processes: options.clientProcesses,
      perAddress: PAGES_PER_ADDRESS,
    });
    const baseline = tracker.memory();
    fleet = await ClientFleet.start(plan, {
      wsUrl: tracker.wsUrl,
      swarms: options.swarms,
      piecesPerFile: options.pieces,
      nodeArgs: NODE_ARGS,
    });
    const share = (i: number) => plan[i]!.length / peers;

    // 2–3. Sharers, then everyone else.
    const cpuBefore = tracker.cpuSeconds();
    const arrivalStart = performance.now();
    const sharers = await fleet.all(
      () => ({ command: 'share', timeoutMs: SHARE_TIMEOUT_MS }),
      'admitted',
      SHARE_TIMEOUT_MS + REPLY_SLACK_MS,
    );
    log(`  ${options.swarms} sharers in: ${describeAdmission(sharers)}`);
    // Twice the planned arrival time, and then some: a run on a starved machine still ends.
    const joinTimeoutMs = ((2 * (peers - options.swarms)) / options.joinsPerSecond) * 1000 + 30_000;
    const joiners = await fleet.all(
      (i) => ({ command: 'join', perSecond: options.joinsPerSecond * share(i), timeoutMs: joinTimeoutMs }),
      'admitted',
      joinTimeoutMs + REPLY_SLACK_MS,
    );
    const arrivalSeconds = (performance.now() - arrivalStart) / 1000;
    const cpuArriving = tracker.cpuSeconds() - cpuBefore;
    log(`  ${peers - options.swarms} joiners in: ${describeAdmission(joiners)}`);

    // 4. Memory once the arrival has settled.
    await sleep(SETTLE_MS);
    const afterJoin = tracker.memory();
    const heldAfterJoin = (await tracker.peersHeld()) ?? 0;

    // 5. Steady signalling.
    const cpuBeforeSignals = tracker.cpuSeconds();
    const signalled = await fleet.all(
      (i) => ({
        command: 'signal',
        perSecond: options.signalsPerSecond * share(i),
        seconds: options.seconds,
        drainMs: DRAIN_MS,
      }),
      'signalled',
      options.seconds * 1000 + DRAIN_MS + REPLY_SLACK_MS,
    );
    const cpuSignalling = tracker.cpuSeconds() - cpuBeforeSignals;
    const afterSignals = tracker.memory();

    // 6. Who is still there.
    const heldAtEnd = (await tracker.peersHeld()) ?? 0;
    const statuses = await fleet.all(() => ({ command: 'status' }), 'status', REPLY_SLACK_MS);
    const status = mergeStatuses(statuses);
    const admissions = [...sharers, ...joiners];
    const signalSeconds = Math.max(...signalled.map((s) => s.elapsedMs)) / 1000;
    const delivered = sum(signalled.map((s) => s.delivered));
    const record: RunRecord = {
      requestedPeers: options.peers,
      peers,
      trackerFileLimit,
      trackerFilesAtStart,
      connectMs: summarize(admissions.flatMap((a) => a.connectMs)),
      joinMs: summarize(admissions.flatMap((a) => a.joinMs)),
      failedJoins: sum(admissions.map((a) => a.failed)),
      arrivalSeconds,
      heldAfterJoin,
      heldAtEnd,
      loadAtStart,
      clientsOpenAtEnd: status.open,
      earlyCloses: status.earlyCloses,
      memory: { baseline, afterJoin, afterSignals },
      bytesPerConnection: heldAfterJoin > 0 ? (afterJoin.rssBytes - baseline.rssBytes) / heldAfterJoin : NaN,
      signals: {
        sent: sum(signalled.map((s) => s.sent)),
        delivered,
        lost: sum(signalled.map((s) => s.lost)),
        misrouted: sum(signalled.map((s) => s.misrouted)),
        latencyMs: summarize(signalled.flatMap((s) => s.latencyMs)),
        deliveredPerSecond: delivered / signalSeconds,
        clientLoopDelayP99Ms: Math.max(...signalled.map((s) => s.loopDelayP99Ms)),
      },
      trackerCpuPercent: {
        arriving: (100 * cpuArriving) / arrivalSeconds,
        signalling: (100 * cpuSignalling) / signalSeconds,
      },
      received: status.received,
      receivedMiB: status.receivedBytes / 2 ** 20,
      errors: status.errors,
      socketErrors: status.socketErrors,
      trackerLog: { lines: 0, warnings: {} }, // read once the tracker has stopped, below
    };
    log(
      `  signals: ${record.signals.delivered}/${record.signals.sent} delivered, p50 ${record.signals.latencyMs.p50.toFixed(2)} ms, ` +
        `p99 ${record.signals.latencyMs.p99.toFixed(2)} ms; held ${heldAtEnd}; early closes ${JSON.stringify(status.earlyCloses)}`,
    );
    await fleet.stop();
    await tracker.stop();
    record.trackerLog = await readTrackerLog(logPath);
    return record;
  } finally {
    await fleet?.stop();
    await tracker.stop();
  }
}

function describeAdmission(reports: AdmissionReport[]): string {
  const joins = summarize(reports.flatMap((r) => r.joinMs));
  const seconds = Math.max(...reports.map((r) => r.elapsedMs)) / 1000;
  const failed = sum(reports.map((r) => r.failed));
  return `${joins.count} in ${seconds.toFixed(1)} s, join p50 ${joins.p50.toFixed(1)} ms p99 ${joins.p99.toFixed(1)} ms, ${failed} failed`;
}

function mergeStatuses(statuses: DriverStatus[]): DriverStatus {
  const merged: DriverStatus = {
    open: 0,
    earlyCloses: {},
    received: {},
    receivedBytes: 0,
    errors: {},
    socketErrors: {},
  };
  for (const s of statuses) {
    merged.open += s.open;
    merged.receivedBytes += s.receivedBytes;
    addCounts(merged.earlyCloses, s.earlyCloses);
    addCounts(merged.received, s.received);
    addCounts(merged.errors, s.errors);
    addCounts(merged.socketErrors, s.socketErrors);
  }
  return merged;
}

function addCounts(into: Counts, from: Counts): void {
  for (const [key, n] of Object.entries(from)) into[key] = (into[key] ?? 0) + n;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
