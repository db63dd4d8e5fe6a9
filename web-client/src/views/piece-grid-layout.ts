/**
 * Where the piece map puts each piece on its canvas, and the painting itself: rows of up to 100
 * cells, smaller cells for more pieces (2,000 pieces make 20 rows of 5-pixel cells), painted one
 * colour at a time so a redraw of thousands of pieces is a few hundred microseconds.
 */

export interface GridLayout {
  columns: number;
  rows: number;
  cell: number;
  gap: number;
  width: number;
  height: number;
}

export function gridLayout(pieceCount: number): GridLayout {
  const n = Math.max(0, pieceCount);
  const columns = Math.max(1, n <= 64 ? n : n <= 1024 ? 64 : 100);
  const cell = n <= 1024 ? 8 : n <= 4000 ? 5 : 3;
  const gap = 1;
  const rows = Math.ceil(n / columns);
  return { columns, rows, cell, gap, width: columns * (cell + gap), height: rows * (cell + gap) };
}

/** The few canvas calls painting needs (a CanvasRenderingContext2D, or a fake in tests). */
export interface CellPainter {
  fillStyle: string | CanvasGradient | CanvasPattern;
  fillRect(x: number, y: number, w: number, h: number): void;
  clearRect(x: number, y: number, w: number, h: number): void;
}

/** Paints one cell per fill, grouped by colour (one fillStyle change per colour, not per piece). */
export function paintCells(ctx: CellPainter, fills: readonly string[], layout: GridLayout): void {
  ctx.clearRect(0, 0, layout.width, layout.height);
  const byColor = new Map<string, number[]>();
  fills.forEach((fill, i) => {
    const list = byColor.get(fill);
    if (list) list.push(i);
    else byColor.set(fill, [i]);
  });
  const step = layout.cell + layout.gap;
  for (const [fill, indexes] of byColor) {
    ctx.fillStyle = fill;
    for (const i of indexes) {
      ctx.fillRect(
        (i % layout.columns) * step,
        Math.floor(i / layout.columns) * step,
        layout.cell,
        layout.cell,
      );
    }
  }
}

/** Whether two fill lists are the same (then the canvas already shows it: no redraw). */
export function sameFills(a: readonly string[] | null, b: readonly string[]): boolean {
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
