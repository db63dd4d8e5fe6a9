import { describe, expect, test } from 'vitest';
import { gridLayout, paintCells, sameFills } from './piece-grid-layout.ts';

describe('gridLayout', () => {
  test.each([
    [10, { columns: 10, rows: 1, cell: 8 }],
    [200, { columns: 64, rows: 4, cell: 8 }],
    [2000, { columns: 100, rows: 20, cell: 5 }],
    [8192, { columns: 100, rows: 82, cell: 3 }],
    [0, { columns: 1, rows: 0, cell: 8 }],
  ])('%i pieces', (n, expected) => {
    const layout = gridLayout(n);
    expect(layout).toMatchObject(expected);
    expect(layout.width).toBe(layout.columns * (layout.cell + layout.gap));
    expect(layout.height).toBe(layout.rows * (layout.cell + layout.gap));
  });
});

describe('paintCells', () => {
  test('one fillStyle per colour, one rect per piece, in grid positions', () => {
    const calls: string[] = [];
    const ctx = {
      set fillStyle(v: string) {
        calls.push(`style ${v}`);
      },
      get fillStyle() {
        return '';
      },
      fillRect: (x: number, y: number, w: number, h: number) => calls.push(`rect ${x},${y} ${w}x${h}`),
      clearRect: () => calls.push('clear'),
    };
    paintCells(ctx, ['a', 'b', 'a'], { columns: 2, rows: 2, cell: 8, gap: 1, width: 18, height: 18 });
    expect(calls).toEqual(['clear', 'style a', 'rect 0,0 8x8', 'rect 0,9 8x8', 'style b', 'rect 9,0 8x8']);
  });
});

test('sameFills', () => {
  expect(sameFills(null, [])).toBe(false);
  expect(sameFills(['a'], ['a'])).toBe(true);
  expect(sameFills(['a'], ['b'])).toBe(false);
  expect(sameFills(['a'], ['a', 'a'])).toBe(false);
});
