import { swarmIdOf } from '@minibit/protocol';
import { describe, expect, it } from 'vitest';
import { SwarmRegistry } from './swarm-registry.ts';
import { testManifest } from './test-fixtures.ts';

/**
 * Registry tests are written as stories: each step is "<peer> <verb> <file>", and the expected catalog
 * is a map from file name to "seeders/leechers".
 */

const manifests = Object.fromEntries(['x', 'y', 'z'].map((name) => [name, testManifest(name)]));
const idOf = (file: string) => swarmIdOf(manifests[file]!);
const limits = { maxPeersPerJoin: 50, maxSwarmsPerPeer: 64, maxSwarms: 100 };

function play(registry: SwarmRegistry, steps: string[]): void {
  for (const step of steps) {
    const [peer = '', verb, file = ''] = step.split(' ');
    if (verb === 'shares') registry.share(peer, manifests[file]!);
    else if (verb === 'joins') registry.join(peer, idOf(file));
    else if (verb === 'rejoins') registry.join(peer, idOf(file), manifests[file]);
    else if (verb === 'leaves') registry.leave(peer, idOf(file));
    else if (verb === 'completes') registry.updateProgress(peer, idOf(file), 3, true);
    else if (verb === 'disconnects') registry.removePeer(peer);
    else throw new Error(`unknown step: ${step}`);
    registry.assertInvariants();
  }
}

function catalogPicture(registry: SwarmRegistry): Record<string, string> {
  return Object.fromEntries(registry.catalog().map((e) => [e.name, `${e.seeders}/${e.leechers}`]));
}

describe('SwarmRegistry catalog counts', () => {
  const cases: { story: string; steps: string[]; catalog: Record<string, string> }[] = [
    { story: 'a share creates a swarm with one seeder', steps: ['A shares x'], catalog: { x: '1/0' } },
    { story: 'a join adds a leecher', steps: ['A shares x', 'B joins x'], catalog: { x: '1/1' } },
    { story: 'joining an unknown swarm changes nothing', steps: ['B joins x'], catalog: {} },
    {
      story: 'a joiner that brings the manifest rebuilds a swarm the tracker forgot',
      steps: ['B rejoins x'],
      catalog: { x: '0/1' },
    },
    {
      story: 'a rebuilt swarm gains its seeder back when the sharer re-shares',
      steps: ['B rejoins x', 'A shares x'],
      catalog: { x: '1/1' },
    },
    {
      story: 'a leecher that completes counts as a seeder',
      steps: ['A shares x', 'B joins x', 'B completes x'],
      catalog: { x: '2/0' },
    },
    {
      story: 'a leecher that re-shares becomes a seeder',
      steps: ['A shares x', 'B joins x', 'B shares x'],
      catalog: { x: '2/0' },
    },
    { story: 'sharing twice counts once', steps: ['A shares x', 'A shares x'], catalog: { x: '1/0' } },
    {
      story: 'joining twice counts once',
      steps: ['A shares x', 'B joins x', 'B joins x'],
      catalog: { x: '1/1' },
    },
    {
      story: 'a seeder leaving keeps the swarm for its leecher',
      steps: ['A shares x', 'B joins x', 'A leaves x'],
      catalog: { x: '0/1' },
    },
    { story: 'the last member leaving drops the swarm', steps: ['A shares x', 'A leaves x'], catalog: {} },
    {
      story: 'leaving a swarm you are not in changes nothing',
      steps: ['A shares x', 'B leaves x'],
      catalog: { x: '1/0' },
    },
    {
      story: 'a disconnect leaves every swarm',
      steps: ['A shares x', 'A shares y', 'B joins x', 'A disconnects'],
      catalog: { x: '0/1' },
    },
    {
      story: 'swarms are listed by name',
      steps: ['A shares z', 'A shares x', 'B shares y'],
      catalog: { x: '1/0', y: '1/0', z: '1/0' },
    },
  ];
  it.each(cases)('$story', ({ steps, catalog }) => {
    const registry = new SwarmRegistry(limits);
    play(registry, steps);
    expect(catalogPicture(registry)).toEqual(catalog);
    expect(registry.catalog().map((e) => e.name)).toEqual(Object.keys(catalog).sort());
  });
});

describe('SwarmRegistry events', () => {
  it('describes the file in catalog entries', () => {
    const registry = new SwarmRegistry(limits);
    play(registry, ['A shares x']);
    expect(registry.catalog()).toEqual([
      { swarmId: idOf('x'), name: 'x', size: manifests.x!.size, seeders: 1, leechers: 0 },
    ]);
  });

  it('answers a join with the manifest, the other members, and whether the peer is new', () => {
    const registry = new SwarmRegistry(limits);
    play(registry, ['A shares x', 'B joins x']);
    const admission = registry.join('C', idOf('x'));
    expect(admission).toMatchObject({ ok: true, swarmId: idOf('x'), manifest: manifests.x, newcomer: true });
    if (!admission.ok) throw new Error('refused');
    expect(admission.others.sort()).toEqual(['A', 'B']);
    expect(admission.peers.sort()).toEqual(['A', 'B']);
    expect(registry.join('C', idOf('x'))).toMatchObject({ ok: true, newcomer: false, catalogChanged: false });
  });

  it('refuses a join to an unknown swarm', () => {
    expect(new SwarmRegistry(limits).join('A', idOf('x'))).toMatchObject({
      ok: false,
      code: 'unknown-swarm',
    });
  });

  it('tells the remaining members who left, and reports a disconnect per swarm', () => {
    const registry = new SwarmRegistry(limits);
    play(registry, ['A shares x', 'B joins x', 'C joins x', 'B shares y']);
    expect(registry.leave('C', idOf('x'))).toEqual({ swarmId: idOf('x'), remaining: ['A', 'B'] });
    expect(registry.removePeer('B')).toEqual([
      { swarmId: idOf('x'), remaining: ['A'] },
      { swarmId: idOf('y'), remaining: [] },
    ]);
    expect(registry.removePeer('B')).toEqual([]);
    expect(registry.swarmCount).toBe(1);
    expect(registry.peerCount).toBe(1);
  });

  it('reports whether progress changed the catalog', () => {
    const registry = new SwarmRegistry(limits);
    play(registry, ['A shares x', 'B joins x']);
    expect(registry.updateProgress('B', idOf('x'), 1, false)).toBe('unchanged');
    expect(registry.updateProgress('B', idOf('x'), 3, true)).toBe('catalog-changed');
    expect(registry.updateProgress('C', idOf('x'), 1, false)).toBe('not-in-swarm');
    expect(registry.updateProgress('A', idOf('y'), 1, false)).toBe('not-in-swarm');
  });

  it('clamps a reported piece count to the manifest', () => {
    const registry = new SwarmRegistry(limits);
    play(registry, ['A shares x', 'B joins x']);
    registry.updateProgress('B', idOf('x'), 1_000_000, false);
    expect(registry.membersOf(idOf('x'))).toEqual([
      { peerId: 'A', role: 'seeder', have: 3, complete: true },
      { peerId: 'B', role: 'leecher', have: 3, complete: false },
    ]);
  });

  it('refuses a peer past its swarm limit, but not a repeat of a swarm it is in', () => {
    const registry = new SwarmRegistry({ ...limits, maxSwarmsPerPeer: 2 });
    play(registry, ['A shares x', 'A shares y', 'B shares z']);
    expect(registry.share('A', manifests.z!)).toMatchObject({ ok: false, code: 'too-many-swarms' });
    expect(registry.join('A', idOf('z'))).toMatchObject({ ok: false, code: 'too-many-swarms' });
    expect(registry.share('A', manifests.x!)).toMatchObject({ ok: true });
    registry.assertInvariants();
  });

  it('refuses a new swarm past the tracker-wide limit', () => {
    const registry = new SwarmRegistry({ ...limits, maxSwarms: 2 });
    play(registry, ['A shares x', 'B shares y']);
    expect(registry.share('C', manifests.z!)).toMatchObject({ ok: false, code: 'too-many-swarms' });
    expect(registry.share('C', manifests.x!)).toMatchObject({ ok: true });
    play(registry, ['A leaves x', 'C leaves x']);
    expect(registry.share('C', manifests.z!)).toMatchObject({ ok: true });
  });
});

describe('SwarmRegistry peers for a newcomer', () => {
  const seeders = ['A', 'B', 'C', 'D', 'E'];
  const cases = [
    { random: () => 0, expected: ['A', 'B'] },
    { random: () => 0.999, expected: ['E', 'A'] },
    // 1 is outside Math.random's range; the pick must still stay in bounds.
    { random: () => 1, expected: ['E', 'A'] },
  ];
  it.each(cases)(
    'lists at most maxPeersPerJoin others, chosen by the injected random source ($expected)',
    ({ random, expected }) => {
      const registry = new SwarmRegistry({ ...limits, maxPeersPerJoin: 2 }, random);
      for (const peer of seeders) registry.share(peer, manifests.x!);
      const admission = registry.join('N', idOf('x'));
      if (!admission.ok) throw new Error('refused');
      expect(admission.peers).toEqual(expected);
      expect(admission.others).toEqual(seeders);
    },
  );

  it('never lists the newcomer itself or the same peer twice', () => {
    let state = 7;
    const lcg = () => {
      state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
      return state / 2 ** 31;
    };
    const registry = new SwarmRegistry({ ...limits, maxPeersPerJoin: 4 }, lcg);
    for (let i = 0; i < 20; i++) {
      const admission = registry.share(`P${i}`, manifests.x!);
      if (!admission.ok) throw new Error('refused');
      expect(admission.peers).not.toContain(`P${i}`);
      expect(new Set(admission.peers).size).toBe(admission.peers.length);
      expect(admission.peers.length).toBe(Math.min(i, 4));
    }
  });
});

describe('SwarmRegistry rebuilding a swarm from a joiner', () => {
  it('refuses a manifest that does not hash to the swarm id', () => {
    const registry = new SwarmRegistry(limits);
    expect(registry.join('B', idOf('x'), manifests.y)).toMatchObject({ ok: false, code: 'unknown-swarm' });
    expect(registry.catalog()).toEqual([]);
  });
});
