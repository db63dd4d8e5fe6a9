import { Bitfield, DEFAULT_SWARM_SETTINGS, type ServerMessage, swarmIdOf } from '@minibit/protocol';
import { describe, expect, it } from 'vitest';
import { answerDashboardRequest } from './dashboard-requests.ts';
import { dashboardState } from './dashboard-state.ts';
import { Predistribution } from './predistribution.ts';
import { SwarmRegistry } from './swarm-registry.ts';
import { testManifest } from './test-fixtures.ts';
import { announceDeparture, answerRequest, type Delivery } from './tracker-requests.ts';

/** A deterministic source in [0, 1). */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const hexOf = (pieceCount: number, pieces: number[]) => {
  const b = new Bitfield(pieceCount);
  for (const i of pieces) b.set(i);
  return b.toHex();
};
const piecesOf = (hex: string, pieceCount: number) => [...Bitfield.fromHex(hex, pieceCount)!.indexes()];

describe('Predistribution', () => {
  it('gives each downloader its own random share of round(percent%) pieces', () => {
    const p = Predistribution.start(200, 25, ['a', 'b', 'c'], () => undefined, seeded(1));
    const shares = ['a', 'b', 'c'].map((peer) => piecesOf(p.shareOf(peer)!, 200));
    for (const s of shares) expect(s).toHaveLength(50);
    expect(new Set(shares.map((s) => s.join()))).toHaveProperty('size', 3);
    expect(p.shareOf('sharer')).toBeUndefined();
    expect(p.view()).toEqual({ percent: 25, peers: 3, ready: 0 });
    expect(p.done).toBe(false);
  });

  it('covers the pieces evenly over many draws (no piece favoured)', () => {
    const counts = new Array<number>(20).fill(0);
    const random = seeded(7);
    for (let n = 0; n < 2000; n++) {
      const p = Predistribution.start(20, 10, ['a'], () => undefined, random);
      for (const i of piecesOf(p.shareOf('a')!, 20)) counts[i]!++;
    }
    // 2,000 draws of 2 pieces of 20: 200 per piece expected.
    for (const c of counts) expect(c).toBeGreaterThan(150);
    for (const c of counts) expect(c).toBeLessThan(250);
  });

  it('hands out at least one piece, and nothing of an empty file', () => {
    expect(
      piecesOf(Predistribution.start(3, 1, ['a'], () => undefined, seeded(2)).shareOf('a')!, 3),
    ).toHaveLength(1);
    const empty = Predistribution.start(0, 50, ['a'], () => undefined, seeded(2));
    expect(empty.shareOf('a')).toBe('');
    expect(empty.done).toBe(true);
  });

  it('is done once every member has reported its whole share, or left', () => {
    const p = Predistribution.start(16, 50, ['a', 'b'], () => undefined, seeded(3));
    const a = piecesOf(p.shareOf('a')!, 16);
    p.onProgress('a', hexOf(16, a.slice(1))); // one piece short
    expect(p.view().ready).toBe(0);
    p.onProgress('a', hexOf(16, [...a, ...[0, 1, 2]])); // all of it and more
    expect(p.view()).toEqual({ percent: 50, peers: 2, ready: 1 });
    expect(p.done).toBe(false);
    p.onProgress('b', 'zz'); // malformed: ignored
    p.onPeerGone('b');
    expect(p.done).toBe(true);
  });

  it('counts a downloader that already holds its share as ready from the start', () => {
    const full = hexOf(8, [0, 1, 2, 3, 4, 5, 6, 7]);
    expect(Predistribution.start(8, 50, ['a'], () => full, seeded(4)).done).toBe(true);
  });

  it('gives a newcomer an empty share: it waits for the demo', () => {
    const p = Predistribution.start(8, 50, ['a'], () => undefined, seeded(5));
    p.onJoin('late');
    expect(p.shareOf('late')).toBe('00');
    expect(p.view()).toEqual({ percent: 50, peers: 2, ready: 1 });
  });
});

describe('pre-distribution through the tracker', () => {
  const settings = {
    ...DEFAULT_SWARM_SETTINGS,
    uploadCapBytesPerSecond: 32_000,
    strategy: 'random' as const,
  };
  const manifest = testManifest('demo.bin', 16 * 16_384); // 16 pieces
  const swarmId = swarmIdOf(manifest);
  const settingsTo = (deliveries: Delivery[]) =>
    new Map(
      deliveries
        .filter((d) => d.message.type === 'settings')
        .map((d) => [d.to, d.message as Extract<ServerMessage, { type: 'settings' }>]),
    );

  function classroom() {
    const registry = new SwarmRegistry({ maxPeersPerJoin: 50, maxSwarmsPerPeer: 5, maxSwarms: 5 }, seeded(9));
    answerRequest(registry, 'S', { type: 'share', manifest, settings });
    answerRequest(registry, 'A', { type: 'join', swarmId });
    answerRequest(registry, 'B', { type: 'join', swarmId });
    return registry;
  }

  it('tells every member: downloaders their share; all of them unchoke everyone, uncapped', () => {
    const registry = classroom();
    const outcome = answerDashboardRequest(registry, { type: 'pre-distribute', id: 1, swarmId, percent: 25 });
    expect(outcome.reply).toEqual({ type: 'ok', id: 1, request: 'pre-distribute' });
    const told = settingsTo(outcome.deliveries);
    expect([...told.keys()].sort()).toEqual(['A', 'B', 'S']);
    for (const m of told.values()) {
      expect(m.settings).toEqual({ ...settings, choking: 'unchoke-all', uploadCapBytesPerSecond: null });
    }
    expect(told.get('S')!.assigned).toBeUndefined();
    expect(piecesOf(told.get('A')!.assigned!, 16)).toHaveLength(4);
    expect(dashboardState(registry).swarms[0]!.predistribution).toEqual({ percent: 25, peers: 2, ready: 0 });
  });

  it("restores the swarm's own settings for everyone once the last share is held", () => {
    const registry = classroom();
    const told = settingsTo(
      answerDashboardRequest(registry, { type: 'pre-distribute', swarmId, percent: 50 }).deliveries,
    );
    const report = (peer: string, hex: string) =>
      answerRequest(registry, peer, { type: 'progress', swarmId, have: 0, complete: false, bitfield: hex });
    expect(settingsTo(report('A', told.get('A')!.assigned!).deliveries).size).toBe(0);
    const last = settingsTo(report('B', told.get('B')!.assigned!).deliveries);
    expect([...last.keys()].sort()).toEqual(['A', 'B', 'S']);
    for (const m of last.values()) {
      expect(m.settings).toEqual(settings);
      expect(m).not.toHaveProperty('assigned');
    }
    expect(dashboardState(registry).swarms[0]!.predistribution).toBeNull();
  });

  it('ends when the last member it waits for leaves', () => {
    const registry = classroom();
    const told = settingsTo(
      answerDashboardRequest(registry, { type: 'pre-distribute', swarmId, percent: 50 }).deliveries,
    );
    answerRequest(registry, 'A', {
      type: 'progress',
      swarmId,
      have: 0,
      complete: false,
      bitfield: told.get('A')!.assigned!,
    });
    const after = settingsTo(announceDeparture(registry, 'B').deliveries);
    expect([...after.keys()].sort()).toEqual(['A', 'S']);
    expect(after.get('A')!.settings).toEqual(settings);
  });

  it('a newcomer during the set-up is told to wait (an empty share)', () => {
    const registry = classroom();
    answerDashboardRequest(registry, { type: 'pre-distribute', swarmId, percent: 50 });
    const joined = settingsTo(answerRequest(registry, 'C', { type: 'join', swarmId }).deliveries);
    expect(joined.get('C')!.assigned).toBe('0000');
    expect(joined.get('C')!.settings.uploadCapBytesPerSecond).toBeNull();
  });

  it('with nobody downloading, it ends at once and changes nobody', () => {
    const registry = new SwarmRegistry({ maxPeersPerJoin: 50, maxSwarmsPerPeer: 5, maxSwarms: 5 });
    answerRequest(registry, 'S', { type: 'share', manifest, settings });
    const outcome = answerDashboardRequest(registry, { type: 'pre-distribute', swarmId, percent: 50 });
    expect(outcome.reply.type).toBe('ok');
    expect(outcome.deliveries).toEqual([]);
    expect(dashboardState(registry).swarms[0]!.predistribution).toBeNull();
  });

  it('refuses an unknown swarm', () => {
    const outcome = answerDashboardRequest(classroom(), {
      type: 'pre-distribute',
      swarmId: 'cd'.repeat(32),
      percent: 10,
    });
    expect(outcome.reply).toMatchObject({ type: 'error', code: 'unknown-swarm' });
  });
});
