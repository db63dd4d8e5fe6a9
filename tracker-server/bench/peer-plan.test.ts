import { describe, expect, it } from 'vitest';
import { planPeers } from './peer-plan.ts';

describe('planPeers', () => {
  it('puts the first page of each swarm in as its sharer and keeps each swarm in one process', () => {
    const plan = planPeers({ peers: 10, swarms: 3, processes: 2, perAddress: 4 });
    const picture = plan.map((pages) =>
      pages.map((p) => `${p.index}:s${p.swarm}${p.role === 'share' ? '*' : ''}@${p.localAddress.slice(8)}`),
    );
    expect(picture).toEqual([
      ['0:s0*@2', '2:s2*@2', '3:s0@2', '5:s2@3', '6:s0@3', '8:s2@4', '9:s0@4'],
      ['1:s1*@2', '4:s1@3', '7:s1@3'],
    ]);
  });

  it('never puts more than perAddress pages on one source address', () => {
    const plan = planPeers({ peers: 20_000, swarms: 200, processes: 2, perAddress: 200 });
    const perAddress = new Map<string, number>();
    for (const page of plan.flat())
      perAddress.set(page.localAddress, (perAddress.get(page.localAddress) ?? 0) + 1);
    expect(Math.max(...perAddress.values())).toBe(200);
    expect(perAddress.size).toBe(100);
    expect(plan.flat()).toHaveLength(20_000);
    expect(plan.flat().filter((p) => p.role === 'share')).toHaveLength(200);
  });

  it.each([
    { peers: 5, swarms: 3, processes: 1, perAddress: 10, error: /2 pages per swarm/ },
    { peers: 10, swarms: 3, processes: 4, perAddress: 10, error: /client processes/ },
    { peers: 100_000, swarms: 3, processes: 1, perAddress: 100, error: /loopback addresses/ },
  ])('refuses $peers pages, $swarms swarms, $processes processes', ({ error, ...input }) => {
    expect(() => planPeers(input)).toThrow(error);
  });
});
