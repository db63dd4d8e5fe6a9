import { PIECE_VERIFIED, SOURCE_SELF, SOURCE_UNKNOWN } from '@minibit/protocol';

/**
 * The colours of the piece map, per mode (pure, so the canvas only paints what this returns):
 *  1. 'state' — missing / being downloaded / verified, as the map always showed;
 *  2. 'rarity' — how many connected peers hold each piece: red for none, then light to dark blue up
 *     to the most (the same scale as the teacher's dashboard heatmap);
 *  3. 'source' — which peer each verified piece came from: one colour per peer of `sourcePeers`,
 *     plus our own pieces (held from the start), verified with no sender known, and not yet here.
 */

export const PIECE_MAP_MODES = ['state', 'rarity', 'source'] as const;
export type PieceMapMode = (typeof PIECE_MAP_MODES)[number];

/** Missing, being downloaded, verified (indexed by PieceState). */
export const STATE_COLORS = ['#e3e6ea', '#f2b134', '#2e9e5b'] as const;

/** A piece no connected peer holds. */
export const RARITY_NONE = '#d64545';

/** The colour of a piece held by `count` peers, on a scale up to `max` (1 … max: light to dark blue). */
export function rarityColor(count: number, max: number): string {
  if (count <= 0) return RARITY_NONE;
  const share = max <= 1 ? 1 : Math.min(1, (count - 1) / (max - 1));
  return `hsl(214 70% ${Math.round(86 - share * 58)}%)`;
}

/**
 * The counts the rarity legend shows: every one from 0 to `max` when there are few, else 0, 1, max
 * and up to three evenly spaced between.
 *
 *   rarityLegendCounts(3) → [0, 1, 2, 3]     rarityLegendCounts(30) → [0, 1, 8, 16, 23, 30]
 */
export function rarityLegendCounts(max: number): number[] {
  const top = Math.max(0, Math.floor(max));
  if (top <= 6) return Array.from({ length: top + 1 }, (_, i) => i);
  const counts = new Set([0, 1]);
  for (let k = 1; k <= 3; k++) counts.add(Math.round(1 + ((top - 1) * k) / 4));
  counts.add(top);
  return [...counts].sort((a, b) => a - b);
}

/** Our own pieces (held from the start, e.g. the sharer's file). */
export const SOURCE_SELF_COLOR = '#1d2430';
/** Verified with no sender known. */
export const SOURCE_UNKNOWN_COLOR = '#9aa5b5';
/** Not verified yet: no source. */
export const SOURCE_NONE_COLOR = '#eef0f3';

/** Distinct colours for the first peers (Tableau 10, without its grey), then spread by the golden angle. */
const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
] as const;

/** The colour of the `index`-th peer of `sourcePeers`: stable, since that list only grows. */
export function sourceColor(index: number): string {
  return PALETTE[index] ?? `hsl(${Math.round((index * 137.508) % 360)} 55% 48%)`;
}

/** The colour of a piece in 'source' mode, from its state and its source index. */
export function sourceFill(state: number, source: number): string {
  if (source === SOURCE_SELF) return SOURCE_SELF_COLOR;
  if (state !== PIECE_VERIFIED) return SOURCE_NONE_COLOR;
  return source === SOURCE_UNKNOWN ? SOURCE_UNKNOWN_COLOR : sourceColor(source);
}

/** What the rarity and source modes read (fields of SwarmDetail). */
export interface PieceMapData {
  pieces: Uint8Array;
  availability: Uint16Array;
  sources: Uint16Array;
  peerCount: number;
}

/** The top of the rarity scale: the connected peers, or the highest count seen if more. */
export function rarityMax(availability: Uint16Array, peerCount: number): number {
  let max = peerCount;
  for (const c of availability) if (c > max) max = c;
  return max;
}

/** One fill per piece for a mode ('state' reads `pieces`; the others need `data`, else they show nothing). */
export function pieceFills(mode: PieceMapMode, pieces: Uint8Array, data: PieceMapData | null): string[] {
  const fills = new Array<string>(pieces.length);
  if (mode === 'state') {
    for (let i = 0; i < pieces.length; i++) fills[i] = STATE_COLORS[pieces[i] ?? 0] ?? STATE_COLORS[0];
    return fills;
  }
  if (!data) return fills.fill(SOURCE_NONE_COLOR);
  if (mode === 'rarity') {
    const max = rarityMax(data.availability, data.peerCount);
    for (let i = 0; i < fills.length; i++) fills[i] = rarityColor(data.availability[i] ?? 0, max);
    return fills;
  }
  for (let i = 0; i < fills.length; i++) {
    fills[i] = sourceFill(data.pieces[i] ?? 0, data.sources[i] ?? SOURCE_UNKNOWN);
  }
  return fills;
}

/** How many pieces each source holds: per index of `sourcePeers`, and our own / unknown / not yet. */
export function sourceCounts(
  pieces: Uint8Array,
  sources: Uint16Array,
  peers: number,
): { perPeer: number[]; self: number; unknown: number; none: number } {
  const perPeer = new Array<number>(peers).fill(0);
  let self = 0;
  let unknown = 0;
  let none = 0;
  for (let i = 0; i < sources.length; i++) {
    const s = sources[i]!;
    if (s === SOURCE_SELF) self++;
    else if (pieces[i] !== PIECE_VERIFIED) none++;
    else if (s === SOURCE_UNKNOWN || s >= peers) unknown++;
    else perPeer[s]!++;
  }
  return { perPeer, self, unknown, none };
}
