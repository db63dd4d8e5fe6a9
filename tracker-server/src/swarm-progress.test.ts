import { Bitfield } from '@minibit/protocol';
import { describe, expect, it } from 'vitest';
import { SwarmProgress } from './swarm-progress.ts';

/** Reports as pictures: '*' held, '.' missing; availability as one digit per piece. */
const hex = (picture: string) => Bitfield.parse(picture).toHex();
const heat = (p: SwarmProgress) => p.availability().join('');

/** A swarm with these members' pictures reported, invariants checked after each step. */
function swarmOf(pieceCount: number, reports: Record<string, string>): SwarmProgress {
  const p = new SwarmProgress(pieceCount);
  for (const [peer, picture] of Object.entries(reports)) {
    p.onJoin(peer, false);
    expect(p.onBitfield(peer, hex(picture))).toBe(true);
    p.assertInvariants();
  }
  return p;
}

describe('SwarmProgress', () => {
  it('counts, per piece, the members that hold it', () => {
    const p = swarmOf(10, {
      A: '**********',
      B: '***.......',
      C: '*.*.*.....',
    });
    expect(heat(p)).toBe('3231211111');
    expect([p.haveOf('A'), p.haveOf('B'), p.haveOf('C')]).toEqual([10, 3, 3]);
  });

  it('applies a newer report from the same member as a change, not a second member', () => {
    const p = swarmOf(10, { A: '**........', B: '*.........' });
    expect(heat(p)).toBe('2100000000');
    p.onBitfield('B', hex('*****.....'));
    p.assertInvariants();
    expect(heat(p)).toBe('2211100000');
    expect(p.haveOf('B')).toBe(5);
  });

  it('counts a sharer as holding everything from the moment it joins', () => {
    const p = new SwarmProgress(5);
    p.onJoin('S', true);
    p.onJoin('L', false);
    p.assertInvariants();
    expect(heat(p)).toBe('11111');
    expect([p.haveOf('S'), p.haveOf('L')]).toEqual([5, 0]);
    p.onComplete('L');
    expect(heat(p)).toBe('22222');
  });

  it('forgets what a member held when it leaves', () => {
    const p = swarmOf(9, { A: '*********', B: '****.....', C: '..**.....' });
    expect(heat(p)).toBe('223311111');
    p.onPeerGone('B');
    p.assertInvariants();
    expect(heat(p)).toBe('112211111');
    expect(p.haveOf('B')).toBe(0);
    expect(p.memberCount).toBe(2);
    p.onPeerGone('B'); // twice: nothing more happens
    expect(heat(p)).toBe('112211111');
  });

  it.each([
    ['too short', '00'],
    ['too long', '000000'],
    ['upper-case', 'FF80'],
    ['not hex', 'zz00'],
    ['a spare bit set (piece 9 of 9)', 'ff40'],
  ])('refuses a bitfield that is %s, changing nothing', (_why, text) => {
    const p = swarmOf(9, { A: '***......' });
    expect(p.onBitfield('A', text)).toBe(false);
    p.assertInvariants();
    expect(heat(p)).toBe('111000000');
  });

  it('stays equal to the sum of the bitfields through random reports and departures', () => {
    const pieces = 2000;
    const p = new SwarmProgress(pieces);
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const held = new Map<string, Bitfield>();
    for (let step = 0; step < 300; step++) {
      const peer = `p${Math.floor(random() * 30)}`;
      if (random() < 0.1) {
        p.onPeerGone(peer);
        held.delete(peer);
      } else {
        const bits = held.get(peer) ?? new Bitfield(pieces);
        if (!held.has(peer)) p.onJoin(peer, false);
        for (let k = 0; k < 50; k++) bits.set(Math.floor(random() * pieces));
        held.set(peer, bits);
        expect(p.onBitfield(peer, bits.toHex())).toBe(true);
      }
      if (step % 50 === 0) p.assertInvariants();
    }
    p.assertInvariants();
    const expected = new Array<number>(pieces).fill(0);
    for (const bits of held.values()) for (const i of bits.indexes()) expected[i]!++;
    expect(p.availability()).toEqual(expected);
  });
});
