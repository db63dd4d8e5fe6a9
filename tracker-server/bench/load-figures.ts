import { type Figure, figure } from '../../playwright-tests/bench/bench-report.ts';
import type { RunRecord } from './load-run.ts';

/** The figures of the tracker load report, each with one value per run. Tracks nothing. */

/** The bound on relay latency. */
const RELAY_P99_TARGET_MS = 50;
const KIB = 1024;
const MIB = 1024 * 1024;

export function loadFigures(runs: RunRecord[], requestedPeers: number): Figure[] {
  const each = (value: (run: RunRecord) => number) => runs.map(value);
  return [
    figure(
      'peers held',
      'pages',
      each((r) => r.heldAtEnd),
      {
        text: `${requestedPeers} held`,
        met: (median) => median >= requestedPeers,
      },
    ),
    figure(
      'pages that did not get in',
      'pages',
      each((r) => r.failedJoins),
    ),
    figure(
      'closes nobody asked for',
      'sockets',
      each((r) => sumCounts(r.earlyCloses)),
    ),
    figure(
      'memory per connection',
      'KiB',
      each((r) => r.bytesPerConnection / KIB),
    ),
    figure(
      'tracker RSS, all pages in',
      'MiB',
      each((r) => r.memory.afterJoin.rssBytes / MIB),
    ),
    figure(
      'tracker RSS, after signalling',
      'MiB',
      each((r) => r.memory.afterSignals.rssBytes / MIB),
    ),
    figure(
      'tracker peak RSS (VmHWM)',
      'MiB',
      each((r) => r.memory.afterSignals.peakRssBytes / MIB),
    ),
    figure(
      'connect latency p50',
      'ms',
      each((r) => r.connectMs.p50),
    ),
    figure(
      'connect latency p99',
      'ms',
      each((r) => r.connectMs.p99),
    ),
    figure(
      'join latency p50',
      'ms',
      each((r) => r.joinMs.p50),
    ),
    figure(
      'join latency p99',
      'ms',
      each((r) => r.joinMs.p99),
    ),
    figure(
      'arrival of all pages',
      's',
      each((r) => r.arrivalSeconds),
    ),
    figure(
      'tracker CPU while pages arrive',
      '%',
      each((r) => r.trackerCpuPercent.arriving),
    ),
    figure(
      'relay latency p50',
      'ms',
      each((r) => r.signals.latencyMs.p50),
    ),
    figure(
      'relay latency p99',
      'ms',
      each((r) => r.signals.latencyMs.p99),
      {
        text: `< ${RELAY_P99_TARGET_MS} ms`,
        met: (median) => median < RELAY_P99_TARGET_MS,
      },
    ),
    figure(
      'relay latency max',
      'ms',
      each((r) => r.signals.latencyMs.max),
    ),
    figure(
      'signals delivered',
      '/s',
      each((r) => r.signals.deliveredPerSecond),
    ),
    figure(
      'signals lost',
      'signals',
      each((r) => r.signals.lost),
    ),
    figure(
      'signals misrouted',
      'signals',
      each((r) => r.signals.misrouted),
    ),
    figure(
      'tracker CPU while signalling',
      '%',
      each((r) => r.trackerCpuPercent.signalling),
    ),
    figure(
      'client event-loop delay p99',
      'ms',
      each((r) => r.signals.clientLoopDelayP99Ms),
    ),
  ];
}

function sumCounts(counts: Record<string, number>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}
