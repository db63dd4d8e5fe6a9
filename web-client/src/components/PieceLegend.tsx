import type { SwarmDetail } from '@minibit/protocol';
import { useMemo } from 'preact/hooks';
import { useT } from '../i18n/i18n.ts';
import { translateNodes } from '../i18n/translate-nodes.ts';
import {
  type PieceMapMode,
  rarityColor,
  rarityLegendCounts,
  rarityMax,
  SOURCE_NONE_COLOR,
  SOURCE_SELF_COLOR,
  SOURCE_UNKNOWN_COLOR,
  sourceColor,
  sourceCounts,
  STATE_COLORS,
} from '../views/piece-colors.ts';

const Swatch = ({ color }: { color: string }) => <span class="swatch" style={{ background: color }} />;

/** The piece map's legend for its mode: the states, the rarity scale, or one colour per source. */
export function PieceLegend({ mode, detail }: { mode: PieceMapMode; detail: SwarmDetail | null }) {
  const t = useT();
  if (mode === 'state') {
    return (
      <figcaption>
        <Swatch color={STATE_COLORS[0]} /> {t('pieces.missing')} <Swatch color={STATE_COLORS[1]} />{' '}
        {t('pieces.requested')} <Swatch color={STATE_COLORS[2]} /> {t('pieces.verified')}
      </figcaption>
    );
  }
  if (!detail) return <figcaption class="hint">{t('pieces.waiting')}</figcaption>;
  return mode === 'rarity' ? <RarityLegend detail={detail} /> : <SourceLegend detail={detail} />;
}

function RarityLegend({ detail }: { detail: SwarmDetail }) {
  const t = useT();
  const max = rarityMax(detail.availability, detail.peers.length);
  return (
    <figcaption data-max={max}>
      {t('pieces.rarityHint')}{' '}
      <ul class="legend-items">
        {rarityLegendCounts(max).map((count) => (
          <li key={count} data-count={count}>
            <Swatch color={rarityColor(count, max)} />{' '}
            {count === 0 ? t('pieces.rarityNone') : t('pieces.rarityCount', { count })}
          </li>
        ))}
      </ul>
    </figcaption>
  );
}

function SourceLegend({ detail }: { detail: SwarmDetail }) {
  const t = useT();
  const counts = useMemo(
    () => sourceCounts(detail.pieces, detail.sources, detail.sourcePeers.length),
    [detail],
  );
  return (
    <figcaption>
      {t('pieces.sourceHint')}{' '}
      <ul class="legend-items">
        {detail.sourcePeers.map((peer, i) => (
          <li key={peer} data-source-peer={peer} data-count={counts.perPeer[i]}>
            <Swatch color={sourceColor(i)} />{' '}
            {translateNodes(t, 'pieces.sourcePeer', { peer: <code>{peer}</code> }, { n: counts.perPeer[i] })}
          </li>
        ))}
        <li data-source="self" data-count={counts.self}>
          <Swatch color={SOURCE_SELF_COLOR} /> {t('pieces.sourceSelf', { n: counts.self })}
        </li>
        <li data-source="unknown" data-count={counts.unknown}>
          <Swatch color={SOURCE_UNKNOWN_COLOR} /> {t('pieces.sourceUnknown', { n: counts.unknown })}
        </li>
        {counts.none > 0 && (
          <li data-source="none" data-count={counts.none}>
            <Swatch color={SOURCE_NONE_COLOR} /> {t('pieces.sourceNone', { n: counts.none })}
          </li>
        )}
      </ul>
    </figcaption>
  );
}
