import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * The shape every benchmark writes and `npm run bench` collects: one entry per measured figure, with
 * min / median / max over the runs, so a reader sees the spread and not one lucky number.
 */

export interface Figure {
  /** What was measured, e.g. "64 MiB swarm time". */
  name: string;
  unit: string;
  /** One value per run, in run order. */
  values: number[];
  min: number;
  median: number;
  max: number;
  /** The target from the issue, as text (e.g. "≤ 1.15× floor"), and whether the median meets it. */
  target?: string;
  met?: boolean;
}

export interface BenchReport {
  bench: string;
  /** Free-form facts about the run (sizes, peers, flags, machine). */
  setup: Record<string, unknown>;
  figures: Figure[];
  /** Raw per-run records, for anyone who wants to re-analyse. */
  runs: unknown[];
}

export function figure(
  name: string,
  unit: string,
  values: number[],
  target?: { text: string; met: (median: number) => boolean },
): Figure {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median =
    sorted.length === 0 ? NaN : sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return {
    name,
    unit,
    values,
    min: sorted[0] ?? NaN,
    median,
    max: sorted.at(-1) ?? NaN,
    ...(target ? { target: target.text, met: target.met(median) } : {}),
  };
}

const fmt = (n: number) =>
  Number.isNaN(n) ? '—' : Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2);

/** The figures as an aligned text table. */
export function figureTable(figures: Figure[]): string {
  const rows = [
    ['figure', 'unit', 'min', 'median', 'max', 'target', 'met'],
    ...figures.map((f) => [
      f.name,
      f.unit,
      fmt(f.min),
      fmt(f.median),
      fmt(f.max),
      f.target ?? '',
      f.met === undefined ? '' : f.met ? 'yes' : 'NO',
    ]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => (c >= 2 && c <= 4 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export async function writeReport(path: string, report: BenchReport): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(report, null, 2)}\n`);
}
