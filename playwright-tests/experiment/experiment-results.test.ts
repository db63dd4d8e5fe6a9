import { describe, expect, it } from 'vitest';
import { chartSpec, renderSvg } from './experiment-chart.ts';
import { type RunRecord, stat, summarize, toCsv, toMarkdown } from './experiment-results.ts';

const record = (over: Partial<RunRecord>): RunRecord => ({
  peers: 4,
  strategy: 'rarest-first',
  run: 1,
  uploadCap: 1_000_000,
  freeRiders: 0,
  fileBytes: 1000,
  honestMs: [10_000, 12_000],
  freeRiderMs: [],
  fromSharer: 1500,
  received: 2000,
  verified: true,
  ...over,
});

describe('stat', () => {
  it('gives min, median and max, the median of an even count being the mean of the middle two', () => {
    expect(stat([3, 1, 2])).toEqual({ min: 1, median: 2, max: 3 });
    expect(stat([4, 1, 2, 3])).toEqual({ min: 1, median: 2.5, max: 4 });
    expect(() => stat([])).toThrow();
  });
});

describe('summarize', () => {
  it('groups runs by peers and strategy, ordered, with per-group statistics', () => {
    const rows = summarize([
      record({ peers: 8, run: 1, honestMs: [20_000] }),
      record({ run: 1 }),
      record({ run: 2, honestMs: [14_000, 16_000], fromSharer: 1000 }),
      record({ strategy: 'random', run: 1, verified: false }),
    ]);
    expect(rows.map((r) => `${r.peers}/${r.strategy}/${r.runs}`)).toEqual([
      '4/random/1',
      '4/rarest-first/2',
      '8/rarest-first/1',
    ]);
    const rarest4 = rows[1]!;
    expect(rarest4.meanS).toEqual({ min: 11, median: 13, max: 15 });
    expect(rarest4.maxS).toEqual({ min: 12, median: 14, max: 16 });
    expect(rarest4.sharerShare).toEqual({ min: 0.5, median: 0.625, max: 0.75 });
    expect(rarest4.freeRiderS).toBeNull();
    expect(rows[0]!.verified).toBe(false);
  });

  it('reports free riders apart from the honest downloaders', () => {
    const [row] = summarize([record({ freeRiders: 1, freeRiderMs: [30_000] })]);
    expect(row!.freeRiderS).toEqual({ min: 30, median: 30, max: 30 });
    expect(row!.meanS.median).toBe(11);
  });
});

describe('toCsv and toMarkdown', () => {
  it('writes one CSV line per run under a header', () => {
    const csv = toCsv([
      record({}),
      record({ run: 2, uploadCap: null, freeRiderMs: [20_000], freeRiders: 1 }),
    ]);
    const lines = csv.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(
      'peers,strategy,run,upload_cap_bytes_per_s,free_riders,file_bytes,mean_completion_s,max_completion_s,' +
        'free_rider_mean_s,sharer_share,sharer_copies,verified',
    );
    expect(lines[1]).toBe('4,rarest-first,1,1000000,0,1000,11.000,12.000,,0.7500,1.500,true');
    expect(lines[2]).toBe('4,rarest-first,2,,1,1000,11.000,12.000,20.000,0.7500,1.500,true');
  });

  it('writes a Markdown table with median (min–max)', () => {
    const md = toMarkdown(summarize([record({}), record({ run: 2, honestMs: [20_000] })]));
    expect(md).toContain('| 4 | rarest-first | 2 | 15.5 (11.0–20.0) | 16.0 (12.0–20.0) | 75 (75–75) % |');
  });
});

describe('the chart', () => {
  it('renders an SVG with both panels and every strategy in the legend', async () => {
    const svg = await renderSvg(
      chartSpec([record({}), record({ strategy: 'random' }), record({ peers: 8 })], 'test chart'),
    );
    expect(svg.startsWith('<svg')).toBe(true);
    for (const text of [
      'test chart',
      'rarest-first',
      'random',
      'mean completion time (s)',
      'share of bytes from the sharer',
    ])
      expect(svg).toContain(text);
  });
});
