import type { PickStrategy } from '@minibit/protocol';

/**
 * What one experiment run measured, and the tables made from many. Pure: records in, rows and text out.
 */

export interface RunRecord {
  peers: number;
  strategy: PickStrategy;
  run: number;
  uploadCap: number | null;
  freeRiders: number;
  fileBytes: number;
  /** Each honest downloader's time from its click to its last verified piece, ms. */
  honestMs: number[];
  /** The same for each free rider. */
  freeRiderMs: number[];
  /** Bytes all downloaders received from the sharer, and in all. */
  fromSharer: number;
  received: number;
  /** Every saved download had the original bytes and name. */
  verified: boolean;
}

export interface SummaryRow {
  peers: number;
  strategy: PickStrategy;
  runs: number;
  /** Mean completion time of the honest downloaders, s: min / median / max over the runs. */
  meanS: Stat;
  /** Slowest honest downloader, s. */
  maxS: Stat;
  /** Mean completion time of the free riders, s (null when there are none). */
  freeRiderS: Stat | null;
  /** Share of all downloaded bytes that the sharer uploaded, 0..1. */
  sharerShare: Stat;
  verified: boolean;
}

export interface Stat {
  min: number;
  median: number;
  max: number;
}

export function stat(values: readonly number[]): Stat {
  if (values.length === 0) throw new Error('no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { min: sorted[0]!, median, max: sorted[sorted.length - 1]! };
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

export const runMeanS = (r: RunRecord) => mean(r.honestMs) / 1000;
export const runMaxS = (r: RunRecord) => Math.max(...r.honestMs) / 1000;
export const runSharerShare = (r: RunRecord) => (r.received > 0 ? r.fromSharer / r.received : 0);

export function summarize(records: readonly RunRecord[]): SummaryRow[] {
  const groups = new Map<string, RunRecord[]>();
  for (const r of records) {
    const key = `${r.peers}\u0000${r.strategy}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()]
    .map((rs) => ({
      peers: rs[0]!.peers,
      strategy: rs[0]!.strategy,
      runs: rs.length,
      meanS: stat(rs.map(runMeanS)),
      maxS: stat(rs.map(runMaxS)),
      freeRiderS: rs[0]!.freeRiderMs.length ? stat(rs.map((r) => mean(r.freeRiderMs) / 1000)) : null,
      sharerShare: stat(rs.map(runSharerShare)),
      verified: rs.every((r) => r.verified),
    }))
    .sort((a, b) => a.peers - b.peers || a.strategy.localeCompare(b.strategy));
}

const CSV_COLUMNS = [
  'peers',
  'strategy',
  'run',
  'upload_cap_bytes_per_s',
  'free_riders',
  'file_bytes',
  'mean_completion_s',
  'max_completion_s',
  'free_rider_mean_s',
  'sharer_share',
  'sharer_copies',
  'verified',
] as const;

/** One line per run (RFC 4180; no field here needs quoting). */
export function toCsv(records: readonly RunRecord[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of records) {
    lines.push(
      [
        r.peers,
        r.strategy,
        r.run,
        r.uploadCap ?? '',
        r.freeRiders,
        r.fileBytes,
        runMeanS(r).toFixed(3),
        runMaxS(r).toFixed(3),
        r.freeRiderMs.length ? (mean(r.freeRiderMs) / 1000).toFixed(3) : '',
        runSharerShare(r).toFixed(4),
        (r.fromSharer / r.fileBytes).toFixed(3),
        r.verified,
      ].join(','),
    );
  }
  return lines.join('\n') + '\n';
}

const fmt = (s: Stat, digits = 1) =>
  `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;

/** A Markdown table of the summary: median (min–max) over the runs. */
export function toMarkdown(rows: readonly SummaryRow[]): string {
  const riders = rows.some((r) => r.freeRiderS);
  const head = [
    'peers',
    'strategy',
    'runs',
    'mean completion, s',
    'slowest, s',
    ...(riders ? ['free riders, s'] : []),
    'sharer’s share of bytes',
  ];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of rows) {
    const share = {
      min: r.sharerShare.min * 100,
      median: r.sharerShare.median * 100,
      max: r.sharerShare.max * 100,
    };
    lines.push(
      `| ${[
        r.peers,
        r.strategy,
        r.runs,
        fmt(r.meanS),
        fmt(r.maxS),
        ...(riders ? [r.freeRiderS ? fmt(r.freeRiderS) : '–'] : []),
        `${fmt(share, 0)} %`,
      ].join(' | ')} |`,
    );
  }
  return lines.join('\n') + '\n';
}
