import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { type RunRecord, runMeanS, runSharerShare } from './experiment-results.ts';

/**
 * The experiment's chart: completion time and the sharer's share of the bytes, against the number of
 * downloading peers, one colour per strategy; a dot per run and a line through the medians.
 */
export function chartSpec(records: readonly RunRecord[], title: string): TopLevelSpec {
  const values = records.map((r) => ({
    peers: r.peers,
    strategy: r.strategy,
    run: r.run,
    meanS: runMeanS(r),
    sharerShare: runSharerShare(r),
  }));
  const panel = (field: 'meanS' | 'sharerShare', axisTitle: string, format?: string) => ({
    width: 320,
    height: 220,
    layer: [
      {
        mark: { type: 'point', filled: true, opacity: 0.6 },
        encoding: {
          x: { field: 'peers', type: 'quantitative', title: 'downloading peers', axis: { tickMinStep: 1 } },
          y: { field, type: 'quantitative', title: axisTitle, ...(format ? { axis: { format } } : {}) },
          color: { field: 'strategy', type: 'nominal', title: 'strategy' },
        },
      },
      {
        mark: { type: 'line', point: false },
        encoding: {
          x: { field: 'peers', type: 'quantitative' },
          y: { aggregate: 'median', field, type: 'quantitative' },
          color: { field: 'strategy', type: 'nominal' },
        },
      },
    ],
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    data: { values },
    hconcat: [
      panel('meanS', 'mean completion time (s)'),
      panel('sharerShare', 'share of bytes from the sharer', '.0%'),
    ],
  } as TopLevelSpec;
}

/** Renders a Vega-Lite spec to SVG text, headless (no canvas, no browser). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}
