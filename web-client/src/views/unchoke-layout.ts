import type { SlotKind, UnchokeRelation } from '@minibit/protocol';

/**
 * Where the who-unchokes-whom graph draws things: this peer in the middle, the connected peers on a
 * circle around it (in the order given, the first at the top, clockwise), and one straight arrow per
 * unchoke — `self → peer` for each peer we unchoke (with its slot), `peer → self` for each peer that
 * unchokes us. The two directions between the same pair run side by side, `EDGE_OFFSET` apart, and
 * stop at the nodes' rims.
 */

export const NODE_RADIUS = 16;
const EDGE_OFFSET = 5;
/** Space kept around the circle for the peers' labels. */
const LABEL_MARGIN = 22;

export interface GraphNode {
  id: string;
  x: number;
  y: number;
  self: boolean;
  /** Where its label goes: outside the circle, away from the middle (self: its centre). */
  label: { x: number; y: number; anchor: 'start' | 'middle' | 'end' };
}

export type EdgeKind = SlotKind | 'unchoked-by';

export interface GraphEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface GraphLayout {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

const round = (v: number) => Math.round(v * 10) / 10;

export function layoutUnchokeGraph(
  relation: UnchokeRelation,
  peers: readonly string[],
  width: number,
  height: number,
): GraphLayout {
  const ids = [
    ...new Set([...peers, ...relation.unchoking.map((u) => u.peer), ...relation.unchokedBy]),
  ].filter((id) => id !== relation.self);
  const cx = width / 2;
  const cy = height / 2;
  const radius = Math.max(NODE_RADIUS * 2, Math.min(width, height) / 2 - NODE_RADIUS - LABEL_MARGIN);
  const nodes: GraphNode[] = [
    { id: relation.self, x: cx, y: cy, self: true, label: { x: cx, y: cy, anchor: 'middle' } },
  ];
  const at = new Map<string, GraphNode>();
  ids.forEach((id, i) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / ids.length;
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    const x = round(cx + radius * cos);
    const y = round(cy + radius * sin);
    const away = NODE_RADIUS + 6;
    const node: GraphNode = {
      id,
      x,
      y,
      self: false,
      label: {
        x: round(x + away * cos),
        // Text sits on its baseline: below a node it needs its height more.
        y: round(y + away * sin + (sin > 0.3 ? 10 : sin < -0.3 ? 0 : 4)),
        anchor: cos > 0.3 ? 'start' : cos < -0.3 ? 'end' : 'middle',
      },
    };
    nodes.push(node);
    at.set(id, node);
  });
  const self = nodes[0]!;
  const edges: GraphEdge[] = [];
  const edge = (from: GraphNode, to: GraphNode, kind: EdgeKind) => {
    const dx = to.x - from.x;
    const dy = to.y - from.y;
    const len = Math.hypot(dx, dy) || 1;
    const ux = dx / len;
    const uy = dy / len;
    // To the right of the direction of travel: the two directions of a pair never overlap.
    const ox = -uy * EDGE_OFFSET;
    const oy = ux * EDGE_OFFSET;
    edges.push({
      from: from.id,
      to: to.id,
      kind,
      x1: round(from.x + ux * NODE_RADIUS + ox),
      y1: round(from.y + uy * NODE_RADIUS + oy),
      x2: round(to.x - ux * NODE_RADIUS + ox),
      y2: round(to.y - uy * NODE_RADIUS + oy),
    });
  };
  for (const u of relation.unchoking) edge(self, at.get(u.peer)!, u.slot);
  for (const id of relation.unchokedBy) edge(at.get(id)!, self, 'unchoked-by');
  return { nodes, edges };
}
