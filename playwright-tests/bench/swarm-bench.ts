import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ENGINE_CONFIG } from '@minibit/protocol';
import { type BrowserContext, chromium } from '@playwright/test';
import { launchOptions } from '../chromium-flags.ts';
import { Swarm } from '../swarm-harness.ts';
import { TrackerProcess } from '../tracker-process.ts';
import { type BenchReport, figure } from './bench-report.ts';
import { MiB, writeRandomFile } from './random-file.ts';
import { measureRawFloor } from './raw-channel-floor.ts';
import { runSwarm } from './swarm-run.ts';

/**
 * Benchmark 1: an uncapped swarm (1 sharer + N leechers) against the raw DataChannel fan-out floor,
 * measured a moment before in the very same browser contexts, with the same flags and backpressure.
 *
 * Contexts: 'persistent' (default) gives each peer its own browser with an on-disk profile, as
 * separate machines would have and as OPFS is for a real user; 'incognito' puts every peer in one
 * browser's `newContext()`s, where OPFS lives in the browser process's memory.
 */

export interface SwarmBenchOptions {
  sizesMiB: number[];
  leechers: number;
  runs: number;
  contexts: 'persistent' | 'incognito';
  memoryStore: boolean;
  log: (line: string) => void;
}

export async function swarmBench(opts: SwarmBenchOptions): Promise<BenchReport> {
  const dir = await mkdtemp(join(tmpdir(), 'minibit-bench-'));
  const figures = [];
  const runs: unknown[] = [];
  const store = opts.memoryStore ? 'memory' : 'OPFS';
  try {
    for (const sizeMiB of opts.sizesMiB) {
      const size = sizeMiB * MiB;
      const name = `random-${sizeMiB}MiB.bin`;
      const { path, sha256 } = await writeRandomFile(dir, name, size);
      const times: number[] = [];
      const floors: number[] = [];
      const ratios: number[] = [];
      const nodeRatios: number[] = [];
      const goodputs: number[] = [];
      const sharerShares: number[] = [];
      for (let run = 1; run <= opts.runs; run++) {
        const tracker = await TrackerProcess.start(0, ['--host', '127.0.0.1']);
        const browser = opts.contexts === 'incognito' ? await chromium.launch(launchOptions) : null;
        const contexts: BrowserContext[] = [];
        try {
          for (let i = 0; i <= opts.leechers; i++) {
            contexts.push(
              browser
                ? await browser.newContext({ acceptDownloads: true })
                : await chromium.launchPersistentContext(join(dir, `profile-${run}-${i}`), {
                    ...launchOptions,
                    acceptDownloads: true,
                  }),
            );
          }
          const floor = await measureRawFloor(browser, {
            receivers: opts.leechers,
            bytes: size,
            messageBytes: DEFAULT_ENGINE_CONFIG.blockSize,
            contexts,
          });
          const r = await runSwarm((o) => Swarm.openIn(contexts, o), tracker.url, {
            file: path,
            name,
            size,
            sha256,
            leechers: opts.leechers,
            saveDir: join(dir, `run-${sizeMiB}-${run}`),
            timeoutMs: 900_000,
            memoryStore: opts.memoryStore,
          });
          if (!r.verified) throw new Error(`run ${run}: a leecher saved different bytes`);
          const total = size * opts.leechers;
          times.push(r.ms / 1000);
          floors.push(floor.ms / 1000);
          ratios.push(r.ms / floor.ms);
          nodeRatios.push(r.nodeMs / floor.nodeMs);
          goodputs.push(total / 1e6 / (r.ms / 1000));
          sharerShares.push((r.fromSharer / (r.fromSharer + r.fromLeechers)) * 100);
          runs.push({ sizeMiB, run, floorMs: floor.ms, floorNodeMs: floor.nodeMs, ...r });
          opts.log(
            `  ${sizeMiB} MiB run ${run}: MiniBit ${(r.ms / 1000).toFixed(2)} s, floor ${(floor.ms / 1000).toFixed(2)} s ` +
              `(×${(r.ms / floor.ms).toFixed(2)}; from Node ${(r.nodeMs / 1000).toFixed(2)} and ` +
              `${(floor.nodeMs / 1000).toFixed(2)} s), sharer sent ${r.sharerCopies.toFixed(2)} copies`,
          );
        } finally {
          await Promise.all(contexts.map((c) => c.close().catch(() => {})));
          await browser?.close();
          await tracker.stop();
          await rm(join(dir, `run-${sizeMiB}-${run}`), { recursive: true, force: true });
          for (let i = 0; i <= opts.leechers; i++)
            await rm(join(dir, `profile-${run}-${i}`), { recursive: true, force: true });
        }
      }
      const label = `${sizeMiB} MiB, 1+${opts.leechers}, ${opts.contexts}, ${store}`;
      figures.push(
        figure(`${label}: MiniBit time`, 's', times),
        figure(`${label}: raw channel floor`, 's', floors),
        figure(`${label}: time / floor`, '×', ratios, { text: '≤ 1.15', met: (m) => m <= 1.15 }),
        figure(`${label}: time / floor, both timed from Node`, '×', nodeRatios),
        figure(`${label}: aggregate goodput`, 'MB/s', goodputs),
        figure(`${label}: bytes from sharer`, '%', sharerShares),
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return {
    bench: 'uncapped-swarm',
    setup: {
      sizesMiB: opts.sizesMiB,
      leechers: opts.leechers,
      runs: opts.runs,
      contexts: opts.contexts,
      store,
      floorMessageBytes: DEFAULT_ENGINE_CONFIG.blockSize,
    },
    figures,
    runs,
  };
}
