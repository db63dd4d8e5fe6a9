import { join } from 'node:path';
import { sha256OfFile } from '../fixture-files.ts';
import type { Swarm, SwarmOptions } from '../swarm-harness.ts';

/**
 * One measured swarm: peer 0 shares `file`, every other peer downloads it through the real UI.
 * The clock starts when the first leecher's page sees its click on Download (after the sharer has
 * hashed and announced) and stops when the last page shows its Save link, both read from the pages'
 * own clocks (epoch-based, so they compare across tabs). Timed from Node instead, the figure would
 * also count Playwright's work: each click first resolves a role query and checks the button is
 * actionable, one page after another on two busy cores, and each completion is reported back over
 * the DevTools protocol; `nodeMs` keeps that wider figure. Saved copies are checked afterwards,
 * untimed.
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
  /** First click to last Save link, by the pages' clocks. */
  ms: number;
  /** The same span as Node saw it: from before the first click was dispatched to the last report. */
  nodeMs: number;
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
    await Promise.all(swarm.leechers.map((p) => p.watchFirstClick()));
    const started = Date.now();
    await Promise.all(swarm.leechers.map((p) => p.download(opts.name)));
    const doneAt = await Promise.all(swarm.leechers.map((p) => p.waitComplete(opts.name, opts.timeoutMs)));
    const nodeMs = Date.now() - started;
    const clickedAt = await Promise.all(swarm.leechers.map((p) => p.clickedAt()));
    const ms = pageSpan(clickedAt, doneAt);

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
    return {
      ms,
      nodeMs,
      leecherMs,
      fromSharer,
      fromLeechers,
      sharerCopies: fromSharer / opts.size,
      verified,
    };
  } finally {
    await swarm.close();
  }
}

/** Earliest click to latest completion, by the pages' clocks; throws if a page did not say. */
function pageSpan(clickedAt: (number | null)[], doneAt: (number | null)[]): number {
  if (clickedAt.some((t) => t === null) || doneAt.some((t) => t === null))
    throw new Error('a page did not report its click or its Save link (did it navigate?)');
  return Math.max(...(doneAt as number[])) - Math.min(...(clickedAt as number[]));
}
