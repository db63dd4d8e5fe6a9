/**
 * npm run bench [-- --only swarm,capped,large,tracker] [--runs 3] [--out .tmp/bench]
 *
 * MiniBit's benchmarks: real browsers and a real tracker on loopback; each section prints a table of
 * min / median / max over the runs and writes JSON. Never part of `npm test`: they measure, they do
 * not pass or fail (the exit code is non-zero only when a run itself broke, e.g. a download came out
 * wrong). Sections:
 *   swarm    1 sharer + 4 leechers, uncapped, 64 and 256 MiB, against the raw DataChannel floor
 *   capped   every uplink capped at the same rate, 4 and 8 leechers, against the fluid-model minimum
 *   large    1 GiB (and 256 MiB) with OPFS: renderer memory, hashing speed, time to first piece
 *   tracker  20,000 WebSocket peers in 200 swarms: memory per connection, join and relay latency
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type BenchReport, figureTable, writeReport } from './bench-report.ts';
import { cappedBench } from './capped-bench.ts';
import { largeFileBench } from './large-file-bench.ts';
import { MiB } from './random-file.ts';
import { swarmBench } from './swarm-bench.ts';

const { values } = parseArgs({
  options: {
    only: { type: 'string', default: 'swarm,capped,large,tracker' },
    runs: { type: 'string', default: '3' },
    out: { type: 'string', default: '.tmp/bench' },
    sizes: { type: 'string', default: '64,256' },
    leechers: { type: 'string', default: '4' },
    contexts: { type: 'string', default: 'persistent' },
    store: { type: 'string', default: 'opfs' },
    'cap-mb': { type: 'string', default: '1' },
    'capped-size': { type: 'string', default: '16' },
    'capped-leechers': { type: 'string', default: '4,8' },
    'large-sizes': { type: 'string', default: '256,1024' },
    'tracker-peers': { type: 'string', default: '20000' },
  },
});
const only = new Set(values.only.split(','));
const runs = Number(values.runs);
const out = resolve(values.out);
const log = (line: string) => console.log(line);
const list = (text: string) => text.split(',').map(Number);

const reports: BenchReport[] = [];
let broken = 0;
async function section(name: string, run: () => Promise<BenchReport>): Promise<void> {
  if (!only.has(name)) return;
  log(`\n== ${name} ==`);
  try {
    const report = await run();
    reports.push(report);
    await writeReport(join(out, `${report.bench}.json`), report);
    log(figureTable(report.figures));
  } catch (err) {
    broken++;
    console.error(`${name} failed:`, err);
  }
}

await section('swarm', () =>
  swarmBench({
    sizesMiB: list(values.sizes),
    leechers: Number(values.leechers),
    runs,
    contexts: values.contexts === 'incognito' ? 'incognito' : 'persistent',
    memoryStore: values.store === 'memory',
    log,
  }),
);
await section('capped', () =>
  cappedBench({
    sizeMiB: Number(values['capped-size']),
    cap: Number(values['cap-mb']) * MiB,
    leecherCounts: list(values['capped-leechers']),
    runs,
    log,
  }),
);
await section('large', () => largeFileBench({ sizesMiB: list(values['large-sizes']), runs, log }));
await section('tracker', async () => {
  // A Node process of its own: it raises its file-descriptor limit and spawns its client processes.
  const json = join(out, 'tracker-load.json');
  const code = await new Promise<number | null>((done) =>
    spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'tracker-server/bench/tracker-load.ts',
        '--runs',
        String(runs),
        '--peers',
        values['tracker-peers'],
        '--json',
        json,
      ],
      { stdio: 'inherit' },
    ).on('exit', done),
  );
  if (code !== 0) throw new Error(`tracker-load exited with ${code}`);
  return JSON.parse(await readFile(json, 'utf8')) as BenchReport;
});

await writeReport(join(out, 'results.json'), {
  bench: 'all',
  setup: { runs, argv: process.argv.slice(2) },
  figures: reports.flatMap((r) => r.figures),
  runs: reports,
});
log('\n== all figures ==');
log(figureTable(reports.flatMap((r) => r.figures)));
log(`\nJSON written to ${out}`);
process.exit(broken === 0 ? 0 : 1);
