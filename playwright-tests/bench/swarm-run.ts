import { join } from 'node:path';
import { sha256OfFile } from '../fixture-files.ts';
import type { Swarm, SwarmOptions } from '../swarm-harness.ts';

/**
 * One measured swarm: peer 0 shares `file`, every other peer downloads it through the real UI.
 * The clock starts when the leechers click Download (after the sharer has hashed and announced) and
 * stops when the last one has verified every piece. Saved copies are checked afterwards, untimed.
 */

export interface SwarmRunOptions {
  file: string;
  name: string;
  size: number;
  sha256: string;
  leechers: number;
  /** Upload cap in bytes per second applied in every page (the engine's own limiter); none if absent. */
  uploadCap?: number;
  /** Where downloads are saved for the check; skipped if absent. */
  saveDir?: string;
  timeoutMs: number;
  /** Keep pieces in the worker's memory instead of OPFS (the test-only `noOpfs` fault), to compare. */
  memoryStore?: boolean;
}

export interface SwarmRunResult {
  ms: number;
  /** Each leecher's time from its click to its last verified piece, by the page's clock. */
  leecherMs: number[];
  /** Bytes all leechers received from the sharer / from other leechers. */
  fromSharer: number;
  fromLeechers: number;
  /** How many copies of the file the sharer uploaded. */
  sharerCopies: number;
  verified: boolean;
}

/** Opens the swarm's pages: in one browser's contexts, or each in its own persistent browser. */
export type SwarmOpener = (opts: SwarmOptions) => Promise<Swarm>;

export async function runSwarm(
  open: SwarmOpener,
  baseURL: string,
  opts: SwarmRunOptions,
): Promise<SwarmRunResult> {
  const faults = opts.memoryStore
    ? Object.fromEntries(Array.from({ length: opts.leechers + 1 }, (_, i) => [i, { noOpfs: true }]))
    : undefined;
  const swarm = await open({ peers: opts.leechers + 1, baseURL, faults });
  try {
    if (opts.uploadCap !== undefined)
      await Promise.all(swarm.peers.map((p) => p.setUploadLimit(opts.uploadCap!)));
    const sharerId = await swarm.sharer.peerId();
    await swarm.sharer.share(opts.file);
    await Promise.all(swarm.leechers.map((p) => p.waitForCatalog(opts.name, opts.timeoutMs)));
    const started = Date.now();
    await Promise.all(swarm.leechers.map((p) => p.download(opts.name)));
    await Promise.all(swarm.leechers.map((p) => p.waitComplete(opts.name, opts.timeoutMs)));
    const ms = Date.now() - started;

    let fromSharer = 0;
    let fromLeechers = 0;
    const leecherMs: number[] = [];
    for (const p of swarm.leechers) {
      const stats = await p.stats(opts.name);
      leecherMs.push(stats.downloadMs);
      for (const [id, bytes] of Object.entries(stats.bytesFrom)) {
        if (id === sharerId) fromSharer += bytes;
        else fromLeechers += bytes;
      }
    }
    let verified = true;
    if (opts.saveDir) {
      for (const p of swarm.leechers) {
        const saved = await p.saveDownload(opts.name, join(opts.saveDir, `peer-${p.index}`));
        verified &&=
          saved.suggestedFilename === opts.name && (await sha256OfFile(saved.path)) === opts.sha256;
      }
    }
    return { ms, leecherMs, fromSharer, fromLeechers, sharerCopies: fromSharer / opts.size, verified };
  } finally {
    await swarm.close();
  }
}
