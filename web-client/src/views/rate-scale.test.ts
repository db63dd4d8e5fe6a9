import { describe, expect, test } from 'vitest';
import { niceRateStep, ratePlot, rateTickLabel } from './rate-scale.ts';

const KIB = 1024;
const MIB = 1024 * 1024;

test.each([
  [0, 1],
  [3, 5],
  [700, KIB],
  [1000, KIB],
  [1500, 2 * KIB],
  [300 * KIB, 500 * KIB],
  [600 * KIB, MIB],
  [3 * MIB, 5 * MIB],
])('niceRateStep(%i) = %i', (raw, step) => {
  expect(niceRateStep(raw)).toBe(step);
});

test.each([
  [0, KIB, '0 KiB/s'],
  [1536 * KIB, 512 * KIB, '1536 KiB/s'],
  [300, 100, '300 B/s'],
  [2 * MIB, MIB, '2 MiB/s'],
])('rateTickLabel(%i, step %i) = %s', (value, step, label) => {
  expect(rateTickLabel(value, step)).toBe(label);
});

describe('ratePlot', () => {
  const series = {
    firstSecond: 10,
    download: Float64Array.from([0, 2 * MIB, 4 * MIB, 0]),
    upload: Float64Array.from([0, KIB, 0, 0]),
  };
  const plot = ratePlot(series, 300, 100);

  test('the y axis tops at a round rate above the peak, ticks every step', () => {
    expect(plot.top).toBe(4 * MIB);
    expect(plot.yTicks).toEqual([
      { value: 0, y: 100, label: '0 MiB/s' },
      { value: MIB, y: 75, label: '1 MiB/s' },
      { value: 2 * MIB, y: 50, label: '2 MiB/s' },
      { value: 3 * MIB, y: 25, label: '3 MiB/s' },
      { value: 4 * MIB, y: 0, label: '4 MiB/s' },
    ]);
    expect(plot.downloadPeak).toBe(4 * MIB);
    expect(plot.uploadPeak).toBe(KIB);
  });

  test('each series is a path through its samples, spread over the width', () => {
    expect(plot.downloadPath).toBe('M0 100 L100 50 L200 0 L300 100');
    expect(plot.uploadPath).toBe('M0 100 L100 100 L200 100 L300 100');
  });

  test('x ticks at whole seconds since the start', () => {
    expect([plot.from, plot.to]).toEqual([10, 13]);
    expect(plot.xTicks).toEqual([
      { second: 10, x: 0 },
      { second: 11, x: 100 },
      { second: 12, x: 200 },
      { second: 13, x: 300 },
    ]);
  });

  test('ten minutes: ticks every two minutes', () => {
    const long = ratePlot(
      { firstSecond: 0, download: new Float64Array(601), upload: new Float64Array(601) },
      600,
      100,
    );
    expect(long.xTicks.map((t) => t.second)).toEqual([0, 120, 240, 360, 480, 600]);
    // Nothing moved: the axis still spans a few KiB/s, one per tick.
    expect(long.top).toBe(4 * KIB);
    expect(long.yTicks.map((t) => t.value)).toEqual([0, KIB, 2 * KIB, 3 * KIB, 4 * KIB]);
  });

  test('no samples yet: empty paths', () => {
    const empty = ratePlot(
      { firstSecond: 0, download: new Float64Array(0), upload: new Float64Array(0) },
      100,
      50,
    );
    expect(empty.downloadPath).toBe('');
    expect(empty.xTicks).toEqual([]);
  });
});
