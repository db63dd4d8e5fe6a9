import { useEffect, useRef } from 'preact/hooks';
import { useT } from '../i18n/i18n.ts';

/**
 * Per piece, how many peers of the swarm hold it, as cells on a canvas (cheap to redraw twice a
 * second with thousands of pieces): red for a piece nobody holds, then blues from light (one peer)
 * to dark (every peer). Rows of up to 100 pieces, so 2,000 pieces are 20 rows of small cells.
 */

const NOBODY = '#d64545';
const GAP = 1;

/** The colour of a piece held by `count` of `peers` peers. */
export function heatColor(count: number, peers: number): string {
  if (count <= 0) return NOBODY;
  const share = peers <= 1 ? 1 : Math.min(1, (count - 1) / (peers - 1));
  return `hsl(214 70% ${Math.round(86 - share * 58)}%)`;
}

export function AvailabilityHeatmap({ availability, peers }: { availability: number[]; peers: number }) {
  const td = useT('dashboard');
  const canvas = useRef<HTMLCanvasElement>(null);
  const n = availability.length;
  const columns = Math.max(1, Math.min(100, n));
  const rows = Math.ceil(n / columns);
  const cell = n <= 200 ? 12 : n <= 1000 ? 8 : 6;
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    for (let i = 0; i < n; i++) {
      ctx.fillStyle = heatColor(availability[i] ?? 0, peers);
      ctx.fillRect((i % columns) * (cell + GAP), Math.floor(i / columns) * (cell + GAP), cell, cell);
    }
  }, [availability, peers, columns, cell, n]);
  let min = Infinity;
  let max = 0;
  for (const c of availability) {
    if (c < min) min = c;
    if (c > max) max = c;
  }
  if (n === 0) min = 0;
  return (
    <figure class="heatmap">
      <figcaption>
        <strong>{td('heatmap.title')}</strong>{' '}
        <span class="hint">{td('heatmap.range', { min, max, count: peers })}</span>
      </figcaption>
      <canvas
        ref={canvas}
        width={columns * (cell + GAP)}
        height={rows * (cell + GAP)}
        role="img"
        aria-label={td('heatmap.label', { count: n })}
        // Per piece, how many peers hold it, comma-separated: for tests and tools that read the page.
        data-availability={availability.join(',')}
      />
      <p class="legend">
        <span class="swatch" style={{ background: NOBODY }} /> {td('heatmap.nobody')}{' '}
        <span class="swatch" style={{ background: heatColor(1, peers) }} /> {td('heatmap.one')}{' '}
        <span class="swatch" style={{ background: heatColor(peers, peers) }} />{' '}
        {td('heatmap.every', { count: peers })}
      </p>
    </figure>
  );
}
