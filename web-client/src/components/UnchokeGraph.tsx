import type { SwarmDetail } from '@minibit/protocol';
import { useId, useMemo } from 'preact/hooks';
import { shortId } from '../format.ts';
import { useT } from '../i18n/i18n.ts';
import { type EdgeKind, layoutUnchokeGraph, NODE_RADIUS } from '../views/unchoke-layout.ts';

const WIDTH = 360;
const HEIGHT = 240;
const EDGE_KINDS: readonly EdgeKind[] = ['regular', 'optimistic', 'unchoked-by'];
const EDGE_COLORS: Record<EdgeKind, string> = {
  regular: '#3a7bd5',
  optimistic: '#e07b00',
  'unchoked-by': '#2e9e5b',
};
const LEGEND_KEYS: Record<EdgeKind, string> = {
  regular: 'unchoke.regular',
  optimistic: 'unchoke.optimistic',
  'unchoked-by': 'unchoke.unchokedBy',
};

/**
 * Who unchokes whom, as this peer knows it: this peer in the middle, the connected peers around it,
 * an arrow to each peer we unchoke (blue: regular slot, orange dashed: optimistic slot) and an arrow
 * from each peer that unchokes us (green).
 */
export function UnchokeGraph({ detail }: { detail: SwarmDetail }) {
  const t = useT();
  const uid = useId();
  const { unchoke } = detail;
  const layout = useMemo(
    () =>
      layoutUnchokeGraph(
        detail.unchoke,
        detail.peers.map((p) => p.id),
        WIDTH,
        HEIGHT,
      ),
    [detail],
  );
  const marker = (kind: EdgeKind) => `${uid}-${kind}`;
  const label = t('unchoke.label', {
    out: t('unchoke.out', { count: unchoke.unchoking.length }),
    in: t('unchoke.in', { count: unchoke.unchokedBy.length }),
  });
  return (
    <figure class="unchoke-graph">
      <figcaption>{t('unchoke.title')}</figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width={WIDTH}
        height={HEIGHT}
        role="img"
        aria-label={label}
        data-unchoking={unchoke.unchoking.length}
        data-unchoked-by={unchoke.unchokedBy.length}
      >
        <defs>
          {EDGE_KINDS.map((kind) => (
            <marker
              key={kind}
              id={marker(kind)}
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto-start-reverse"
            >
              <path d="M0 0 L10 5 L0 10 z" fill={EDGE_COLORS[kind]} />
            </marker>
          ))}
        </defs>
        {layout.edges.map((e) => (
          <line
            key={`${e.from}>${e.to}`}
            class={`edge edge-${e.kind}`}
            data-edge={e.kind}
            data-from={e.from}
            data-to={e.to}
            x1={e.x1}
            y1={e.y1}
            x2={e.x2}
            y2={e.y2}
            stroke={EDGE_COLORS[e.kind]}
            stroke-width="2"
            stroke-dasharray={e.kind === 'optimistic' ? '5 3' : undefined}
            marker-end={`url(#${marker(e.kind)})`}
          />
        ))}
        {layout.nodes.map((n) => (
          <g key={n.id} class={n.self ? 'node node-self' : 'node'} data-node={n.id}>
            <circle cx={n.x} cy={n.y} r={NODE_RADIUS} />
            <text
              x={n.label.x}
              y={n.label.y}
              text-anchor={n.label.anchor}
              dominant-baseline={n.self ? 'central' : undefined}
            >
              {n.self ? t('unchoke.you') : shortId(n.id)}
            </text>
          </g>
        ))}
      </svg>
      <ul class="legend-items">
        {EDGE_KINDS.map((kind) => (
          <li key={kind}>
            <span class={`edge-swatch edge-swatch-${kind}`} style={{ borderColor: EDGE_COLORS[kind] }} />{' '}
            {t(LEGEND_KEYS[kind])}
          </li>
        ))}
      </ul>
    </figure>
  );
}
