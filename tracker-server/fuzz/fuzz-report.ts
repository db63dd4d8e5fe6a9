import type { Tally } from './fuzz-record.ts';
import type { Health } from './health-watch.ts';
import { mebibytes, type MemorySnapshot } from './memory-snapshot.ts';
import type { FuzzReport } from './run-tracker-fuzz.ts';

/** The fuzz run as text for a terminal: what was tried, how the tracker answered, and the verdict. */

export function formatReport(report: FuzzReport): string {
  const { options, limits, record } = report;
  const seconds = (report.playedMs / 1000).toFixed(1);
  const lines = [
    `MiniBit tracker fuzz, seed ${options.seed}`,
    `  ${record.inputs.total} hostile inputs (${record.framesSent} frames) in ${seconds} s on ${options.hostileSockets} hostile sockets; limit ${options.count} inputs or ${options.seconds} s`,
    `  tracker limits: ${limits.messagesPerSecond} msg/s per socket, burst ${limits.messageBurst}, ` +
      `${limits.maxSwarmsPerSocket} swarms per socket, ${limits.maxSwarms} swarms in all, ping every ${limits.pingIntervalMs} ms`,
    '',
    'inputs tried, by category:',
    ...table(record.inputs),
    '',
    'replies to hostile sockets, by error code:',
    ...table(record.hostileReplies, (key) => !key.startsWith('(')),
    `  other replies: ${inline(record.hostileReplies, (key) => key.startsWith('('))}`,
    '',
    'hostile sockets closed, by code:',
    ...table(record.closes),
    `  unexpected closes by the tracker: ${record.unexpectedCloses.total === 0 ? 'none' : inline(record.unexpectedCloses)}`,
    `  frames not sent because their socket was already closing: ${record.framesToClosingSocket}`,
    '',
    `honest flow: ${record.honestRoundsOk} rounds OK on ${options.honestPairs} pairs; ${record.honestMessages} messages received, ${record.honestRefusable === 0 ? 'all valid' : `${record.honestRefusable} a page would refuse`}`,
    `  messages honest peers got unasked (from hostile sockets' doing): ${inline(record.honestUnasked)}`,
    `GET /health: ${report.health.checks} answered, ${report.health.failures} failed, slowest ${report.health.slowestMs.toFixed(0)} ms`,
    `tracker state after hostile sockets closed: ${state(report.afterHostile)} (honest peers alone: ${state(report.honestOnly)})`,
    `tracker state after honest peers closed: ${state(report.afterAll)}`,
    `peer keys: ${report.keys.keyedConnections} keyed connections on ${report.keys.distinctKeys} keys; ` +
      (report.keys.mismatches === 0
        ? 'each key always got its one id'
        : `${report.keys.mismatches} id mismatches`),
    `sockets one address could then open: ${report.addressLimitAfter.welcomed} of ${limits.maxSocketsPerAddress} (one more: ${report.addressLimitAfter.refused === 1 ? 'refused, 1013' : 'not refused'})`,
    `memory (rss / heapUsed${report.memoryBefore.afterGc ? ', after gc' : ', no gc: run node with --expose-gc'}): ` +
      `before ${memory(report.memoryBefore)}, after ${memory(report.memoryAfter)}`,
    `tracker error log: ${report.trackerErrors.count} line(s)`,
    ...report.trackerErrors.lines.map((line) => `  ${line}`),
    ...report.crashes.map((crash) => `crash: ${crash}`),
    `server stayed up: ${report.serverStayedUp ? 'yes' : 'no'}`,
    `failures: ${record.failureCount === 0 ? 'none' : record.failureCount}`,
    ...record.failures.map((failure) => `  - ${failure}`),
    `result: ${report.passed ? 'PASS' : 'FAIL'}`,
  ];
  return lines.join('\n');
}

function table(tally: Tally, keep: (key: string) => boolean = () => true): string[] {
  const rows = tally.entries().filter(([key]) => keep(key));
  if (rows.length === 0) return ['  (none)'];
  const width = Math.max(...rows.map(([key]) => key.length));
  return rows.map(([key, count]) => `  ${key.padEnd(width)}  ${String(count).padStart(7)}`);
}

function inline(tally: Tally, keep: (key: string) => boolean = () => true): string {
  const rows = tally.entries().filter(([key]) => keep(key));
  return rows.length === 0 ? 'none' : rows.map(([key, count]) => `${key} ${count}`).join(', ');
}

const state = (health: Health | undefined) =>
  health ? `${health.peers} peers, ${health.swarms} swarms` : 'unknown (GET /health did not answer)';

const memory = (snapshot: MemorySnapshot) =>
  `${mebibytes(snapshot.rssBytes)} / ${mebibytes(snapshot.heapUsedBytes)}`;
