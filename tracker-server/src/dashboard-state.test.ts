import { DEFAULT_SWARM_SETTINGS, MAX_DASHBOARD_SWARMS, swarmIdOf } from '@minibit/protocol';
import { describe, expect, it } from 'vitest';
import { answerDashboardRequest } from './dashboard-requests.ts';
import { dashboardState } from './dashboard-state.ts';
import { SwarmRegistry } from './swarm-registry.ts';
import { testManifest } from './test-fixtures.ts';

const newRegistry = () => new SwarmRegistry({ maxPeersPerJoin: 50, maxSwarmsPerPeer: 500, maxSwarms: 500 });

describe('dashboardState', () => {
  it('lists swarms by name and peers by id, with roles, progress and free riders', () => {
    const registry = newRegistry();
    const b = testManifest('b.txt');
    const a = testManifest('a.txt');
    registry.share('S', b);
    registry.share('S', a);
    registry.join('Q', swarmIdOf(a));
    registry.join('P', swarmIdOf(a));
    registry.updateProgress('P', swarmIdOf(a), 1, false, 'c0'); // pieces 0 and 1 of 3
    answerDashboardRequest(registry, {
      type: 'set-free-rider',
      swarmId: swarmIdOf(a),
      peerId: 'Q',
      freeRider: true,
    });
    const state = dashboardState(registry);
    expect(state.swarms.map((s) => s.name)).toEqual(['a.txt', 'b.txt']);
    expect(state.swarms[0]).toEqual({
      swarmId: swarmIdOf(a),
      name: 'a.txt',
      size: a.size,
      pieceCount: 3,
      settings: DEFAULT_SWARM_SETTINGS,
      peerCount: 3,
      peers: [
        { peerId: 'P', role: 'leecher', have: 2, complete: false, freeRider: false },
        { peerId: 'Q', role: 'leecher', have: 0, complete: false, freeRider: true },
        { peerId: 'S', role: 'seeder', have: 3, complete: true, freeRider: false },
      ],
      availability: [2, 2, 1],
      predistribution: null,
    });
  });

  it(`lists at most ${MAX_DASHBOARD_SWARMS} swarms, and says how many there are`, () => {
    const registry = newRegistry();
    for (let i = 0; i < MAX_DASHBOARD_SWARMS + 5; i++)
      registry.share('S', testManifest(`f${String(i).padStart(3, '0')}`));
    const state = dashboardState(registry);
    expect(state.swarmCount).toBe(MAX_DASHBOARD_SWARMS + 5);
    expect(state.swarms).toHaveLength(MAX_DASHBOARD_SWARMS);
    expect(state.swarms.at(-1)?.name).toBe(`f${String(MAX_DASHBOARD_SWARMS - 1).padStart(3, '0')}`);
  });
});

describe('answerDashboardRequest', () => {
  it('tells every member of the swarm its new settings, each with its own free-rider flag', () => {
    const registry = newRegistry();
    const m = testManifest('m');
    const swarmId = swarmIdOf(m);
    registry.share('S', m);
    registry.join('L', swarmId);
    registry.setFreeRider(swarmId, 'L', true);
    const settings = { ...DEFAULT_SWARM_SETTINGS, choking: 'unchoke-all' as const };
    const outcome = answerDashboardRequest(registry, { type: 'set-settings', id: 9, swarmId, settings });
    expect(outcome.reply).toEqual({ type: 'ok', id: 9, request: 'set-settings' });
    expect(outcome.changed).toBe(true);
    expect(outcome.deliveries).toEqual([
      { to: 'S', message: { type: 'settings', swarmId, settings, freeRider: false } },
      { to: 'L', message: { type: 'settings', swarmId, settings, freeRider: true } },
    ]);
  });

  it('sends nothing when a free-rider mark does not change', () => {
    const registry = newRegistry();
    const m = testManifest('m');
    registry.share('S', m);
    const request = { type: 'set-free-rider' as const, swarmId: swarmIdOf(m), peerId: 'S', freeRider: false };
    expect(answerDashboardRequest(registry, request)).toEqual({
      reply: { type: 'ok', request: 'set-free-rider' },
      deliveries: [],
      changed: false,
    });
  });
});
