import { describe, expect, it } from 'vitest';
import { relaySignal, type SignalRequest, type SwarmMembership } from './signal-relay.ts';

const swarmX = 'a'.repeat(64);
const swarmY = 'b'.repeat(64);

/** Membership from "peer@swarm" strings: A and B are in x, C is in y. */
const membership = (...pairs: string[]): SwarmMembership => {
  const set = new Set(pairs);
  return { isMember: (peerId, swarmId) => set.has(`${peerId}@${swarmId}`) };
};
const swarms = membership(`A@${swarmX}`, `B@${swarmX}`, `C@${swarmY}`);

const signal = (to: string, swarmId = swarmX): SignalRequest => ({
  type: 'signal',
  swarmId,
  to,
  data: { type: 'offer', sdp: 'v=0' },
});

describe('relaySignal', () => {
  const refusals = [
    { why: 'the sender is not in the swarm', from: 'C', request: signal('A'), code: 'not-in-swarm' },
    { why: 'nobody is in the swarm', from: 'A', request: signal('B', 'c'.repeat(64)), code: 'not-in-swarm' },
    { why: 'the target does not exist', from: 'A', request: signal('nobody'), code: 'unknown-peer' },
    { why: 'the target is in another swarm', from: 'A', request: signal('C'), code: 'unknown-peer' },
    {
      why: 'the sender names its own swarm but not the target’s',
      from: 'C',
      request: signal('A', swarmY),
      code: 'unknown-peer',
    },
    { why: 'the target is the sender', from: 'A', request: signal('A'), code: 'unknown-peer' },
  ];
  it.each(refusals)('refuses when $why ($code)', ({ from, request, code }) => {
    expect(relaySignal(swarms, from, request)).toMatchObject({ ok: false, code });
  });

  it('relays between members of one swarm, naming the sender by its own id', () => {
    expect(relaySignal(swarms, 'B', signal('A'))).toEqual({
      ok: true,
      to: 'A',
      message: { type: 'signal', swarmId: swarmX, from: 'B', data: { type: 'offer', sdp: 'v=0' } },
    });
  });
});
