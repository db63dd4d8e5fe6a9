import type { SwarmDetail } from '@minibit/protocol';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import { useT } from '../i18n/i18n.ts';
import { STATE_COLORS } from '../views/piece-colors.ts';
import { heldCount, holdingBins, mixColor, sameBins } from '../views/holding-bins.ts';

const WIDTH = 120;
const HEIGHT = 10;

/**
 * One connected peer's stock as a thin strip: the pieces in order, squeezed into at most WIDTH
 * columns, each from grey (none held) to green (all held). Painted only when the bins change.
 */
export function PeerMiniMap({ detail, row, peer }: { detail: SwarmDetail; row: number; peer: string }) {
  const t = useT();
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawn = useRef<Float32Array | null>(null);
  const bins = useMemo(() => holdingBins(detail, row, WIDTH), [detail, row]);
  const have = useMemo(() => heldCount(detail, row), [detail, row]);
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx || sameBins(drawn.current, bins)) return;
    ctx.clearRect(0, 0, WIDTH, HEIGHT);
    for (let i = 0; i < bins.length; i++) {
      const x0 = Math.floor((i * WIDTH) / bins.length);
      const x1 = Math.floor(((i + 1) * WIDTH) / bins.length);
      ctx.fillStyle = mixColor(STATE_COLORS[0], STATE_COLORS[2], bins[i]!);
      ctx.fillRect(x0, 0, x1 - x0, HEIGHT);
    }
    drawn.current = bins;
  }, [bins]);
  return (
    <canvas
      ref={canvas}
      class="peer-mini-map"
      width={WIDTH}
      height={HEIGHT}
      role="img"
      aria-label={t('peers.miniLabel', { peer, have, count: detail.pieceCount })}
      data-have={have}
    />
  );
}
