import type { SwarmRateHistory } from '@minibit/protocol';
import { memo } from 'preact/compat';
import { useMemo } from 'preact/hooks';
import { formatRate } from '../format.ts';
import { useT } from '../i18n/i18n.ts';
import { ratePlot } from '../views/rate-scale.ts';

const WIDTH = 560;
const HEIGHT = 180;
/** Room for the rate labels (left) and the seconds and axis title (below). */
const LEFT = 78;
const RIGHT = 12;
const TOP = 10;
const BOTTOM = 38;
const PLOT_W = WIDTH - LEFT - RIGHT;
const PLOT_H = HEIGHT - TOP - BOTTOM;
const DOWNLOAD = '#2e9e5b';
const UPLOAD = '#3a7bd5';

/**
 * The whole swarm's download and upload rate, one sample per second (bytes per second, from the
 * detail's history: up to ten minutes), as two lines on an SVG chart with rate and time axes.
 */
export const RateChart = memo(function RateChart({ history }: { history: SwarmRateHistory }) {
  const t = useT();
  const plot = useMemo(() => ratePlot(history, PLOT_W, PLOT_H), [history]);
  return (
    <figure
      class="rate-chart"
      data-samples={history.download.length}
      data-download-peak={Math.round(plot.downloadPeak)}
      data-upload-peak={Math.round(plot.uploadPeak)}
    >
      <figcaption>
        <strong>{t('rateChart.title')}</strong> <span class="legend-line" style={{ borderColor: DOWNLOAD }} />{' '}
        {t('rateChart.download')} <span class="legend-line" style={{ borderColor: UPLOAD }} />{' '}
        {t('rateChart.upload')}
      </figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={t('rateChart.label', {
          down: formatRate(plot.downloadPeak),
          up: formatRate(plot.uploadPeak),
        })}
      >
        <g transform={`translate(${LEFT} ${TOP})`}>
          {plot.yTicks.map((tick) => (
            <g key={tick.value} class="tick">
              <line x1={0} x2={PLOT_W} y1={tick.y} y2={tick.y} class="grid" />
              <text x={-6} y={tick.y + 4} text-anchor="end">
                {tick.label}
              </text>
            </g>
          ))}
          {plot.xTicks.map((tick) => (
            <text key={tick.second} class="tick" x={tick.x} y={PLOT_H + 14} text-anchor="middle">
              {t('rateChart.second', { seconds: tick.second })}
            </text>
          ))}
          <line x1={0} x2={0} y1={0} y2={PLOT_H} class="axis" />
          <line x1={0} x2={PLOT_W} y1={PLOT_H} y2={PLOT_H} class="axis" />
          <path d={plot.uploadPath} class="series series-upload" stroke={UPLOAD} data-series="upload" />
          <path
            d={plot.downloadPath}
            class="series series-download"
            stroke={DOWNLOAD}
            data-series="download"
          />
          <text x={PLOT_W / 2} y={PLOT_H + 32} text-anchor="middle" class="axis-title">
            {t('rateChart.timeAxis')}
          </text>
        </g>
        <text
          x={12}
          y={TOP + PLOT_H / 2}
          text-anchor="middle"
          class="axis-title"
          transform={`rotate(-90 12 ${TOP + PLOT_H / 2})`}
        >
          {t('rateChart.rateAxis')}
        </text>
      </svg>
    </figure>
  );
});
