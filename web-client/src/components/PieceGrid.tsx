import type { SwarmDetail } from '@minibit/protocol';
import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import { useT } from '../i18n/i18n.ts';
import { type PieceMapMode, PIECE_MAP_MODES, pieceFills, rarityMax } from '../views/piece-colors.ts';
import { type GridLayout, gridLayout, paintCells, sameFills } from '../views/piece-grid-layout.ts';
import { PieceLegend } from './PieceLegend.tsx';

/**
 * The file's pieces as a grid on a canvas (cheap to redraw with thousands of pieces), coloured by
 * state, by rarity (how many connected peers hold each) or by source (the peer each came from). The
 * canvas is painted only when the colours change: a snapshot 4×/s with the same pieces paints nothing.
 */
export function PieceGrid({ pieces, detail }: { pieces: Uint8Array; detail: SwarmDetail | null }) {
  const t = useT();
  const name = useId();
  const [mode, setMode] = useState<PieceMapMode>('state');
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawn = useRef<{ fills: string[]; layout: GridLayout } | null>(null);
  const layout = useMemo(() => gridLayout(pieces.length), [pieces.length]);
  // State mode follows the snapshots (4×/s), the others the detail (1/s): only that one matters.
  const input = mode === 'state' ? pieces : detail;
  const fills = useMemo(
    () => pieceFills(mode, pieces, detail && { ...detail, peerCount: detail.peers.length }),
    [mode, input],
  );
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    const last = drawn.current;
    if (last && last.layout === layout && sameFills(last.fills, fills)) return;
    paintCells(ctx, fills, layout);
    drawn.current = { fills, layout };
  }, [fills, layout]);

  let verified = 0;
  let requested = 0;
  for (const s of pieces) {
    if (s === 2) verified++;
    else if (s === 1) requested++;
  }
  const label =
    mode === 'rarity' && detail
      ? t('pieces.rarityLabel', { max: rarityMax(detail.availability, detail.peers.length) })
      : mode === 'source' && detail
        ? t('pieces.sourceLabel')
        : t('pieces.label', { verified, requested, missing: pieces.length - verified - requested });
  return (
    <figure class="piece-grid" data-mode={mode}>
      <fieldset class="piece-mode">
        <legend>{t('pieces.modeLabel')}</legend>
        {PIECE_MAP_MODES.map((m) => (
          <label key={m}>
            <input type="radio" name={name} value={m} checked={mode === m} onChange={() => setMode(m)} />{' '}
            {t(`pieces.mode.${m}`)}
          </label>
        ))}
      </fieldset>
      <canvas
        ref={canvas}
        width={layout.width}
        height={layout.height}
        role="img"
        aria-label={label}
        // One digit per piece (0 missing, 1 requested, 2 verified), for tests and tools that read the page.
        data-pieces={pieces.join('')}
      />
      <PieceLegend mode={mode} detail={detail} />
    </figure>
  );
}
