import { availableParallelism, cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { figureTable, writeReport } from '../../playwright-tests/bench/bench-report.ts';
import { killAllChildren } from './child-processes.ts';
import { loadFigures } from './load-figures.ts';
import { LOAD_USAGE, type LoadOptions, readLoadOptions } from './load-options.ts';
import { type RunRecord, runTrackerLoad } from './load-run.ts';

/**
 * `npm run bench:tracker -- [--peers 20000] [--swarms 200] [--signals-per-second 1000] [--seconds 20]
 * [--runs 3] [--json <path>]`: loads a real tracker process on loopback with thousands of WebSocket
 * pages (driven from --client-processes child processes) joining swarms and relaying signals, and
 * reports its memory per connection, join latency and relay latency as min / median / max over the
 * runs. Everything binds and connects to 127.0.0.x only. Every child process is stopped on the way out,
 * however the bench ends. Exits non-zero only when a run broke, not when a target is missed.
 */

let options: LoadOptions;
try {
  options = readLoadOptions(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  console.error(LOAD_USAGE);
  process.exit(2);
}
if (options.help) {
  console.log(LOAD_USAGE);
  process.exit(0);
}

// Children are stopped gracefully at the end of each run; these catch every other way out.
process.on('exit', killAllChildren);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    console.error(`\n${signal}: stopping every child process`);
    killAllChildren();
    process.exit(130);
  });
}

const log = (line: string) => console.log(line);
const jsonPath = resolve(options.json);
const runs: RunRecord[] = [];
let broken = 0;
for (let run = 1; run <= options.runs; run++) {
  log(`run ${run}/${options.runs}`);
  try {
    runs.push(await runTrackerLoad(options, join(dirname(jsonPath), `tracker-load.run${run}.log`), log));
  } catch (error) {
    broken++;
    console.error(`run ${run} broke:`, error);
  }
}

const figures = loadFigures(runs, options.peers);
log('');
log(figureTable(figures));
await writeReport(jsonPath, {
  bench: 'tracker-load',
  setup: {
    ...options,
    brokenRuns: broken,
    trackerFileLimit: runs[0]?.trackerFileLimit,
    peersPlanned: runs[0]?.peers,
    node: process.version,
    cpus: `${availableParallelism()} × ${cpus()[0]?.model ?? 'unknown'}`,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
  },
  figures,
  runs,
});
log(`\nJSON written to ${jsonPath}; the tracker's logs beside it (tracker-load.run<N>.log)`);
process.exit(broken === 0 ? 0 : 1);
