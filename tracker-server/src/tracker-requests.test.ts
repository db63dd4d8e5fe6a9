import { DEFAULT_SWARM_SETTINGS, swarmIdOf } from '@minibit/protocol';
import { describe, expect, it } from 'vitest';
import { SwarmRegistry } from './swarm-registry.ts';
import { testManifest } from './test-fixtures.ts';
import { announceDeparture, answerRequest, type RequestOutcome } from './tracker-requests.ts';

const manifest = testManifest('x');
const swarmId = swarmIdOf(manifest);
const newRegistry = () =>
  new SwarmRegistry({ maxPeersPerJoin: 50, maxSwarmsPerPeer: 64, maxSwarms: 100 }, () => 0);

/** "to: type" for each delivery, e.g. "B: joined". */
const picture = (outcome: RequestOutcome) => outcome.deliveries.map((d) => `${d.to}: ${d.message.type}`);

describe('answerRequest', () => {
  it('answers a share with joined, and tells existing members about a new sharer', () => {
    const registry = newRegistry();
    const first = answerRequest(registry, 'A', { type: 'share', manifest });
    expect(first).toMatchObject({ catalogChanged: true, swarmId });
    expect(first.deliveries).toEqual([
      { to: 'A', message: { type: 'joined', swarmId, manifest, peers: [] } },
      {
        to: 'A',
        message: { type: 'settings', swarmId, settings: DEFAULT_SWARM_SETTINGS, freeRider: false },
      },
    ]);
    expect(picture(answerRequest(registry, 'B', { type: 'share', manifest }))).toEqual([
      'B: joined',
      'B: settings',
      'A: peer-joined',
    ]);
  });

  it('answers a join with the peers to call and tells every existing member', () => {
    const registry = newRegistry();
    answerRequest(registry, 'A', { type: 'share', manifest });
    answerRequest(registry, 'B', { type: 'join', swarmId });
    const outcome = answerRequest(registry, 'C', { type: 'join', swarmId });
    expect(picture(outcome)).toEqual(['C: joined', 'C: settings', 'A: peer-joined', 'B: peer-joined']);
    expect(outcome.deliveries[0]?.message).toEqual({ type: 'joined', swarmId, manifest, peers: ['A', 'B'] });
    expect(outcome.deliveries[2]?.message).toEqual({ type: 'peer-joined', swarmId, peerId: 'C' });
  });

  it('does not announce a repeated join again', () => {
    const registry = newRegistry();
    answerRequest(registry, 'A', { type: 'share', manifest });
    answerRequest(registry, 'B', { type: 'join', swarmId });
    const again = answerRequest(registry, 'B', { type: 'join', swarmId });
    expect(picture(again)).toEqual(['B: joined', 'B: settings']);
    expect(again.catalogChanged).toBe(false);
  });

  it('refuses with an error to the asker only', () => {
    const outcome = answerRequest(newRegistry(), 'A', { type: 'join', swarmId });
    expect(outcome.deliveries).toEqual([
      { to: 'A', message: { type: 'error', code: 'unknown-swarm', message: expect.any(String) } },
    ]);
    expect(outcome.refusal?.code).toBe('unknown-swarm');
  });

  it('announces a leave to the remaining members; a second leave does nothing', () => {
    const registry = newRegistry();
    answerRequest(registry, 'A', { type: 'share', manifest });
    answerRequest(registry, 'B', { type: 'join', swarmId });
    const outcome = answerRequest(registry, 'B', { type: 'leave', swarmId });
    expect(outcome.deliveries).toEqual([{ to: 'A', message: { type: 'peer-left', swarmId, peerId: 'B' } }]);
    expect(outcome.catalogChanged).toBe(true);
    expect(answerRequest(registry, 'B', { type: 'leave', swarmId })).toMatchObject({
      deliveries: [],
      catalogChanged: false,
    });
  });

  it('relays signals stamped with the sender and refuses strangers', () => {
    const registry = newRegistry();
    answerRequest(registry, 'A', { type: 'share', manifest });
    answerRequest(registry, 'B', { type: 'join', swarmId });
    const data = { candidate: 'x' };
    expect(answerRequest(registry, 'B', { type: 'signal', swarmId, to: 'A', data }).deliveries).toEqual([
      { to: 'A', message: { type: 'signal', swarmId, from: 'B', data } },
    ]);
    expect(picture(answerRequest(registry, 'Z', { type: 'signal', swarmId, to: 'A', data }))).toEqual([
      'Z: error',
    ]);
  });

  it('changes the catalog on progress only when completeness changes', () => {
    const registry = newRegistry();
    answerRequest(registry, 'A', { type: 'share', manifest });
    answerRequest(registry, 'B', { type: 'join', swarmId });
    const progress = (complete: boolean) =>
      answerRequest(registry, 'B', { type: 'progress', swarmId, have: 1, complete }).catalogChanged;
    expect([progress(false), progress(true), progress(true)]).toEqual([false, true, false]);
    expect(
      answerRequest(registry, 'Z', { type: 'progress', swarmId, have: 1, complete: true }).refusal?.code,
    ).toBe('not-in-swarm');
  });

  it("takes a sharer's settings only when its share creates the swarm", () => {
    const registry = newRegistry();
    const sequential = { ...DEFAULT_SWARM_SETTINGS, strategy: 'sequential' as const };
    const first = answerRequest(registry, 'A', { type: 'share', manifest, settings: sequential });
    expect(first.deliveries[1]?.message).toMatchObject({ type: 'settings', settings: sequential });
    const random = { ...DEFAULT_SWARM_SETTINGS, strategy: 'random' as const };
    const second = answerRequest(registry, 'B', { type: 'share', manifest, settings: random });
    expect(second.deliveries[1]?.message).toMatchObject({ type: 'settings', settings: sequential });
  });

  it('keeps the availability from progress bitfields, and refuses one that does not fit', () => {
    const registry = newRegistry();
    answerRequest(registry, 'A', { type: 'share', manifest }); // 3 pieces
    answerRequest(registry, 'B', { type: 'join', swarmId });
    const report = (bitfield: string) =>
      answerRequest(registry, 'B', { type: 'progress', swarmId, have: 9, complete: false, bitfield });
    expect(report('a0').refusal).toBeUndefined(); // pieces 0 and 2
    const view = () => [...registry.swarmViews()][0]!;
    expect(view().progress.availability()).toEqual([2, 1, 2]);
    expect(view().members.get('B')?.have).toBe(2); // the bitfield's count, not the reported 9
    expect(report('a000').refusal).toEqual({
      code: 'bad-message',
      message: expect.stringMatching(/bitfield/),
    });
    expect(report('f0').refusal?.code).toBe('bad-message'); // a spare bit set
    expect(view().progress.availability()).toEqual([2, 1, 2]);
    registry.assertInvariants();
  });
});

describe('announceDeparture', () => {
  it('tells every swarm-mate in every swarm', () => {
    const registry = newRegistry();
    const other = testManifest('y');
    answerRequest(registry, 'A', { type: 'share', manifest });
    answerRequest(registry, 'A', { type: 'share', manifest: other });
    answerRequest(registry, 'B', { type: 'join', swarmId });
    answerRequest(registry, 'C', { type: 'join', swarmId: swarmIdOf(other) });
    const outcome = announceDeparture(registry, 'A');
    expect(picture(outcome).sort()).toEqual(['B: peer-left', 'C: peer-left']);
    expect(outcome.catalogChanged).toBe(true);
    expect(announceDeparture(registry, 'A')).toEqual({ deliveries: [], catalogChanged: false });
  });
});
