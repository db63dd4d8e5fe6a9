import { useEffect, useRef } from 'preact/hooks';
import { useT } from '../i18n/i18n.ts';

const COLORS = ['#e3e6ea', '#f2b134', '#2e9e5b'] as const; // missing, requested, verified
const CELL = 8;
const GAP = 1;

/** The file's pieces as a grid on a canvas (cheap to redraw with thousands of pieces). */
export function PieceGrid({ pieces }: { pieces: Uint8Array }) {
  const t = useT();
  const canvas = useRef<HTMLCanvasElement>(null);
  const columns = Math.max(1, Math.min(64, pieces.length));
  const rows = Math.ceil(pieces.length / columns);
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    for (let i = 0; i < pieces.length; i++) {
      ctx.fillStyle = COLORS[pieces[i] ?? 0] ?? COLORS[0];
      ctx.fillRect((i % columns) * (CELL + GAP), Math.floor(i / columns) * (CELL + GAP), CELL, CELL);
    }
  }, [pieces, columns]);
  let verified = 0;
  let requested = 0;
  for (const s of pieces) {
    if (s === 2) verified++;
    else if (s === 1) requested++;
  }
  return (
    <figure class="piece-grid">
      <canvas
        ref={canvas}
        width={columns * (CELL + GAP)}
        height={rows * (CELL + GAP)}
        role="img"
        aria-label={t('pieces.label', { verified, requested, missing: pieces.length - verified - requested })}
        // One digit per piece (0 missing, 1 requested, 2 verified), for tests and tools that read the page.
        data-pieces={pieces.join('')}
      />
      <figcaption>
        <span class="swatch" style={{ background: COLORS[0] }} /> {t('pieces.missing')}{' '}
        <span class="swatch" style={{ background: COLORS[1] }} /> {t('pieces.requested')}{' '}
        <span class="swatch" style={{ background: COLORS[2] }} /> {t('pieces.verified')}
      </figcaption>
    </figure>
  );
}
