import { describe, expect, test } from 'vitest';
import { layoutUnchokeGraph, NODE_RADIUS } from './unchoke-layout.ts';

describe('layoutUnchokeGraph', () => {
  const relation = {
    self: 'me',
    unchoking: [
      { peer: 'a', slot: 'regular' as const },
      { peer: 'b', slot: 'optimistic' as const },
    ],
    unchokedBy: ['a'],
  };
  const { nodes, edges } = layoutUnchokeGraph(relation, ['a', 'b', 'c', 'd'], 200, 200);

  test('self in the middle, peers on a circle clockwise from the top', () => {
    expect(nodes.map((n) => n.id)).toEqual(['me', 'a', 'b', 'c', 'd']);
    expect(nodes[0]).toEqual({
      id: 'me',
      x: 100,
      y: 100,
      self: true,
      label: { x: 100, y: 100, anchor: 'middle' },
    });
    // radius = 100 - 16 - 22 = 62
    expect(nodes.slice(1).map((n) => [n.x, n.y])).toEqual([
      [100, 38],
      [162, 100],
      [100, 162],
      [38, 100],
    ]);
  });

  test('labels sit outside the circle, away from the middle', () => {
    expect(nodes.slice(1).map((n) => n.label)).toEqual([
      { x: 100, y: 16, anchor: 'middle' },
      { x: 184, y: 104, anchor: 'start' },
      { x: 100, y: 194, anchor: 'middle' },
      { x: 16, y: 104, anchor: 'end' },
    ]);
  });

  test('one edge per unchoke, kind by slot, and back edges from the peers that unchoke us', () => {
    expect(edges.map((e) => `${e.from}→${e.to} ${e.kind}`)).toEqual([
      'me→a regular',
      'me→b optimistic',
      'a→me unchoked-by',
    ]);
  });

  test('edges stop at the rims and the two directions of a pair run side by side', () => {
    const [out, , back] = edges;
    // me → a goes straight up: it starts one radius above self, shifted right of its direction (+x… here -x).
    expect(out).toMatchObject({ x1: 105, y1: 100 - NODE_RADIUS, x2: 105, y2: 38 + NODE_RADIUS });
    expect(back).toMatchObject({ x1: 95, y1: 38 + NODE_RADIUS, x2: 95, y2: 100 - NODE_RADIUS });
  });

  test('a peer only in the relation is placed too; self is never a peer', () => {
    const g = layoutUnchokeGraph({ self: 'me', unchoking: [], unchokedBy: ['z'] }, ['me'], 100, 100);
    expect(g.nodes.map((n) => n.id)).toEqual(['me', 'z']);
    expect(g.edges).toHaveLength(1);
  });

  test('no peers: only self', () => {
    const g = layoutUnchokeGraph({ self: 'me', unchoking: [], unchokedBy: [] }, [], 100, 100);
    expect(g.nodes.map((n) => [n.id, n.x, n.y])).toEqual([['me', 50, 50]]);
    expect(g.edges).toEqual([]);
  });
});
