/**
 * The rate chart's scales, from a whole-swarm rate history (one sample per second, bytes per second):
 * the y axis rounded up to a round rate in B, KiB or MiB per second with ticks at each step, the x
 * axis in seconds since the engine started with ticks at a round number of seconds, and each series
 * as an SVG path inside a `width` × `height` plot area (y grows downwards, 0 at the bottom).
 */

export interface RateSeries {
  firstSecond: number;
  download: ArrayLike<number>;
  upload: ArrayLike<number>;
}

export interface RatePlot {
  /** Top of the y axis (bytes per second). */
  top: number;
  /** Each tick's rate, height, and label in the step's unit ("1500 KiB/s", not "1.46 MiB/s"). */
  yTicks: { value: number; y: number; label: string }[];
  /** x ticks in seconds since the engine started. */
  xTicks: { second: number; x: number }[];
  downloadPath: string;
  uploadPath: string;
  downloadPeak: number;
  uploadPeak: number;
  /** Seconds covered: the first and last sample's second. */
  from: number;
  to: number;
}

const KIB = 1024;
const MIB = 1024 * 1024;
const MULTIPLES = [1, 2, 5, 10, 20, 50, 100, 200, 500] as const;
const SECOND_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600] as const;

/**
 * A tick's label in the unit of the axis' step, so every label is a whole number of one unit.
 *
 *   rateTickLabel(1536 * 1024, 512 * 1024) → '1536 KiB/s'     rateTickLabel(0, 1024) → '0 KiB/s'
 */
export function rateTickLabel(value: number, step: number): string {
  const [unit, size] =
    step >= MIB * 1024
      ? ['GiB', MIB * 1024]
      : step >= MIB
        ? ['MiB', MIB]
        : step >= KIB
          ? ['KiB', KIB]
          : ['B', 1];
  return `${Math.round((value / size) * 100) / 100} ${unit}/s`;
}

/** A round step at least `raw`: 1, 2 or 5 × a power of ten, counted in B, KiB or MiB. */
export function niceRateStep(raw: number): number {
  if (!(raw > 0)) return 1;
  const unit = raw >= MIB ? MIB : raw >= KIB ? KIB : 1;
  const m = raw / unit;
  for (const k of MULTIPLES) if (k >= m) return k * unit;
  return unit * 1024; // past 500 of a unit: one of the next
}

function peak(values: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) if (values[i]! > max) max = values[i]!;
  return max;
}

/** `M x y L x y …` for the samples (none: empty). */
function path(values: ArrayLike<number>, xOf: (i: number) => number, yOf: (v: number) => number): string {
  let d = '';
  for (let i = 0; i < values.length; i++) {
    d += `${i === 0 ? 'M' : ' L'}${round(xOf(i))} ${round(yOf(Math.max(0, values[i]!)))}`;
  }
  return d;
}

const round = (v: number) => Math.round(v * 10) / 10;

export function ratePlot(series: RateSeries, width: number, height: number, yTickCount = 4): RatePlot {
  const n = Math.max(series.download.length, series.upload.length);
  const downloadPeak = peak(series.download);
  const uploadPeak = peak(series.upload);
  // At least one KiB/s per tick, so an idle chart reads 0 … 4 KiB/s rather than bytes.
  const highest = Math.max(downloadPeak, uploadPeak, yTickCount * KIB);
  const step = niceRateStep(highest / yTickCount);
  const top = Math.ceil(highest / step) * step;
  const yOf = (v: number) => height - (v / top) * height;
  const span = Math.max(1, n - 1);
  const xOf = (i: number) => (i / span) * width;
  const yTicks: RatePlot['yTicks'] = [];
  for (let v = 0; v <= top + step / 2; v += step) {
    yTicks.push({ value: v, y: round(yOf(v)), label: rateTickLabel(v, step) });
  }
  const from = series.firstSecond;
  const to = series.firstSecond + Math.max(0, n - 1);
  const secondStep = SECOND_STEPS.find((s) => span / s <= 6) ?? 600;
  const xTicks: RatePlot['xTicks'] = [];
  for (let s = Math.ceil(from / secondStep) * secondStep; n > 0 && s <= to; s += secondStep) {
    xTicks.push({ second: s, x: round(xOf(s - from)) });
  }
  return {
    top,
    yTicks,
    xTicks,
    downloadPath: path(series.download, xOf, yOf),
    uploadPath: path(series.upload, xOf, yOf),
    downloadPeak,
    uploadPeak,
    from,
    to,
  };
}
