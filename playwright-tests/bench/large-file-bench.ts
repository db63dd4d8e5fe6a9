import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { sha256OfFile } from '../fixture-files.ts';
import { Swarm } from '../swarm-harness.ts';
import { TrackerProcess } from '../tracker-process.ts';
import { type BenchReport, figure } from './bench-report.ts';
import { type PeakSampler, samplePeaks } from './peak-sampler.ts';
import { sampleRendererPeaks } from './process-memory.ts';
import { MiB, writeRandomFile } from './random-file.ts';

/**
 * Benchmarks 3 and 4 on one large swarm (1 sharer + 2 leechers, each its own browser with a
 * persistent profile, so OPFS is on disk as for a real user):
 *  - peak renderer memory per tab from the OS (VmHWM, sampled: see process-memory.ts), the private
 *    part of it (RssAnon: VmHWM also counts Chromium's code pages) and the page's peak JS heap, for
 *    several file sizes, to show it stays flat as the file grows;
 *  - the sharer's hashing throughput, next to raw crypto.subtle.digest in a worker of the same page;
 *  - each leecher's time from clicking Download to its first verified piece.
 */

export interface LargeFileBenchOptions {
  sizesMiB: number[];
  runs: number;
  log: (line: string) => void;
}

/** Raw WebCrypto SHA-256 throughput in a dedicated worker, hashing `totalMiB` in `chunkBytes` pieces. */
async function rawDigestMBps(page: Page, totalMiB: number, chunkBytes: number): Promise<number> {
  return page.evaluate(
    async ({ totalMiB, chunkBytes }) => {
      const source = `onmessage = async (e) => {
        const { total, chunk } = e.data;
        const buf = new Uint8Array(chunk);
        crypto.getRandomValues(buf.subarray(0, 65536));
        const t = performance.now();
        for (let done = 0; done < total; done += chunk) await crypto.subtle.digest('SHA-256', buf);
        postMessage(total / 1e6 / ((performance.now() - t) / 1000));
      };`;
      const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
      const result = await new Promise<number>((resolve) => {
        worker.onmessage = (e: MessageEvent<number>) => resolve(e.data);
        worker.postMessage({ total: totalMiB * 1024 * 1024, chunk: chunkBytes });
      });
      worker.terminate();
      return result;
    },
    { totalMiB, chunkBytes },
  );
}

/** Samples the main thread's JS heap of each page until stopped; returns the peaks. */
function sampleHeaps(pages: Page[]): PeakSampler {
  return samplePeaks(pages.length, () =>
    Promise.all(
      pages.map((page) =>
        page
          .evaluate(
            () =>
              (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0,
          )
          .catch(() => 0),
      ),
    ),
  );
}

export async function largeFileBench(opts: LargeFileBenchOptions): Promise<BenchReport> {
  const dir = await mkdtemp(join(tmpdir(), 'minibit-large-'));
  const figures = [];
  const runs: unknown[] = [];
  try {
    for (const sizeMiB of opts.sizesMiB) {
      const size = sizeMiB * MiB;
      const name = `random-${sizeMiB}MiB.bin`;
      const { path, sha256 } = await writeRandomFile(dir, name, size);
      const rendererPeaks: number[] = [];
      const rendererAnonPeaks: number[] = [];
      const heapPeaks: number[] = [];
      const hashMBps: number[] = [];
      const rawMBps: number[] = [];
      const firstPiece: number[] = [];
      const times: number[] = [];
      for (let run = 1; run <= opts.runs; run++) {
        const profiles = join(dir, `profiles-${sizeMiB}-${run}`);
        const tracker = await TrackerProcess.start(0, ['--host', '127.0.0.1']);
        const swarm = await Swarm.openPersistent(profiles, { peers: 3, baseURL: tracker.url });
        try {
          // From before the share, so the sharer's hashing counts too.
          const rendererSampler = sampleRendererPeaks(
            swarm.peers.map((p) => join(profiles, `peer-${p.index}`)),
          );
          const heaps = sampleHeaps(swarm.peers.map((p) => p.page));
          await swarm.sharer.share(path);
          const hashMs = await swarm.sharer.hashedMs(name, 600_000);
          await Promise.all(swarm.leechers.map((p) => p.waitForCatalog(name)));
          const started = Date.now();
          await Promise.all(swarm.leechers.map((p) => p.download(name)));
          await Promise.all(swarm.leechers.map((p) => p.waitComplete(name, 1_800_000)));
          const ms = Date.now() - started;
          const heapPeak = await heaps.stop();
          const { peak: rendererPeak, anon: rendererAnon } = await rendererSampler.stop();
          const stats = await Promise.all(swarm.leechers.map((p) => p.stats(name)));
          for (const p of swarm.leechers) {
            const saved = await p.saveDownload(name, join(dir, `saved-${run}`, `peer-${p.index}`));
            if ((await sha256OfFile(saved.path)) !== sha256)
              throw new Error(`peer ${p.index} saved different bytes`);
          }
          // After the swarm, so it does not compete with it for the cores.
          const raw = await rawDigestMBps(swarm.sharer.page, Math.min(sizeMiB, 1024), 1024 * 1024);
          await rm(join(dir, `saved-${run}`), { recursive: true, force: true });

          rendererPeaks.push(...rendererPeak.map((b) => b / MiB));
          rendererAnonPeaks.push(...rendererAnon.map((b) => b / MiB));
          heapPeaks.push(...heapPeak.map((b) => b / MiB));
          hashMBps.push(size / 1e6 / (hashMs / 1000));
          rawMBps.push(raw);
          firstPiece.push(...stats.map((s) => s.firstPieceMs));
          times.push(ms / 1000);
          runs.push({
            sizeMiB,
            run,
            ms,
            hashMs,
            rawDigestMBps: raw,
            rendererPeakBytes: rendererPeak,
            rendererAnonPeakBytes: rendererAnon,
            heapPeakBytes: heapPeak,
            firstPieceMs: stats.map((s) => s.firstPieceMs),
          });
          opts.log(
            `  ${sizeMiB} MiB run ${run}: ${(ms / 1000).toFixed(1)} s; renderer peaks ${rendererPeak.map((b) => (b / MiB).toFixed(0)).join('/')} MiB ` +
              `(private ${rendererAnon.map((b) => (b / MiB).toFixed(0)).join('/')} MiB); ` +
              `hashing ${(size / 1e6 / (hashMs / 1000)).toFixed(0)} MB/s (raw digest ${raw.toFixed(0)} MB/s); first piece ${stats.map((s) => s.firstPieceMs).join('/')} ms`,
          );
        } finally {
          await swarm.close();
          await tracker.stop();
          await rm(profiles, { recursive: true, force: true });
        }
      }
      const label = `${sizeMiB} MiB, 1+2 (persistent, OPFS)`;
      figures.push(
        figure(`${label}: peak renderer memory per tab`, 'MiB', rendererPeaks, {
          text: '≤ 250',
          met: (m) => m <= 250,
        }),
        figure(`${label}: peak private renderer memory per tab (RssAnon)`, 'MiB', rendererAnonPeaks),
        figure(`${label}: peak main-thread JS heap per tab`, 'MiB', heapPeaks),
        figure(`${label}: time`, 's', times),
        figure(`${label}: sharer hashing`, 'MB/s', hashMBps),
        figure(`${label}: raw crypto.subtle.digest in a worker`, 'MB/s', rawMBps),
        figure(`${label}: click to first verified piece`, 'ms', firstPiece),
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return {
    bench: 'large-file',
    setup: { sizesMiB: opts.sizesMiB, runs: opts.runs, peers: '1 sharer + 2 leechers' },
    figures,
    runs,
  };
}
