import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { launchOptions } from '../chromium-flags.ts';
import { Swarm } from '../swarm-harness.ts';
import { TrackerProcess } from '../tracker-process.ts';
import { type BenchReport, figure } from './bench-report.ts';
import { MiB, writeRandomFile } from './random-file.ts';
import { runSwarm } from './swarm-run.ts';

/**
 * Benchmark 2: every peer's upload capped at the same rate u by the engine's own limiter. The fluid
 * model's best time for N leechers and F bytes is T = max(F/u_sharer, N·F/(u_sharer + N·u)), which is
 * F/u when all uplinks are equal: the sharer must push every byte out once, an ideal swarm does the
 * rest. We report time / T and how many copies of the file the sharer uploaded.
 */

export interface CappedBenchOptions {
  sizeMiB: number;
  /** Upload cap per peer, bytes per second. */
  cap: number;
  leecherCounts: number[];
  runs: number;
  log: (line: string) => void;
}

export function fluidMinimumSeconds(
  fileBytes: number,
  leechers: number,
  sharerCap: number,
  cap: number,
): number {
  return Math.max(fileBytes / sharerCap, (leechers * fileBytes) / (sharerCap + leechers * cap));
}

export async function cappedBench(opts: CappedBenchOptions): Promise<BenchReport> {
  const dir = await mkdtemp(join(tmpdir(), 'minibit-capped-'));
  const figures = [];
  const runs: unknown[] = [];
  const size = opts.sizeMiB * MiB;
  const name = `random-${opts.sizeMiB}MiB.bin`;
  try {
    const { path, sha256 } = await writeRandomFile(dir, name, size);
    for (const leechers of opts.leecherCounts) {
      const T = fluidMinimumSeconds(size, leechers, opts.cap, opts.cap);
      const ratios: number[] = [];
      const nodeRatios: number[] = [];
      const copies: number[] = [];
      const times: number[] = [];
      for (let run = 1; run <= opts.runs; run++) {
        const tracker = await TrackerProcess.start(0, ['--host', '127.0.0.1']);
        const browser = await chromium.launch(launchOptions);
        try {
          const r = await runSwarm((o) => Swarm.open(browser, o), tracker.url, {
            file: path,
            name,
            size,
            sha256,
            leechers,
            uploadCap: opts.cap,
            saveDir: join(dir, `run-${leechers}-${run}`),
            timeoutMs: 900_000,
          });
          if (!r.verified) throw new Error(`run ${run}: a leecher saved different bytes`);
          times.push(r.ms / 1000);
          ratios.push(r.ms / 1000 / T);
          nodeRatios.push(r.nodeMs / 1000 / T);
          copies.push(r.sharerCopies);
          runs.push({ leechers, run, fluidMinimumS: T, ...r });
          opts.log(
            `  1+${leechers} at ${(opts.cap / 1e6).toFixed(2)} MB/s run ${run}: ${(r.ms / 1000).toFixed(1)} s ` +
              `(T = ${T.toFixed(1)} s, ×${(r.ms / 1000 / T).toFixed(2)}; from Node ${(r.nodeMs / 1000).toFixed(1)} s), ` +
              `sharer sent ${r.sharerCopies.toFixed(2)} copies`,
          );
        } finally {
          await browser.close();
          await tracker.stop();
          await rm(join(dir, `run-${leechers}-${run}`), { recursive: true, force: true });
        }
      }
      const label = `capped ${opts.sizeMiB} MiB, 1+${leechers}`;
      figures.push(
        figure(`${label}: time`, 's', times),
        figure(`${label}: time / fluid minimum`, '×', ratios, { text: '≤ 1.2', met: (m) => m <= 1.2 }),
        figure(`${label}: time / fluid minimum, timed from Node`, '×', nodeRatios),
        figure(`${label}: sharer uploads`, 'copies', copies, { text: '≤ 1.5', met: (m) => m <= 1.5 }),
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return {
    bench: 'capped-swarm',
    setup: {
      sizeMiB: opts.sizeMiB,
      capBytesPerSecond: opts.cap,
      leecherCounts: opts.leecherCounts,
      runs: opts.runs,
    },
    figures,
    runs,
  };
}
