import { describe, expect, it } from 'vitest';
import { bitfieldHex, ProgressReporter } from './progress-report.ts';

/** Piece states from a picture: '.' missing, 'r' requested, '*' verified. */
const states = (picture: string) => Uint8Array.from(picture, (c) => (c === '*' ? 2 : c === 'r' ? 1 : 0));
const snap = (picture: string) => ({
  haveCount: [...picture].filter((c) => c === '*').length,
  complete: !picture.includes('.') && !picture.includes('r'),
});

describe('ProgressReporter', () => {
  it('reports at once, then at most once a second, and only a change', () => {
    const reporter = new ProgressReporter(1000);
    const at = (picture: string, now: number) => reporter.report('S', snap(picture), states(picture), now);
    const cases: Array<[string, number, string | null]> = [
      ['..........', 0, '0000'], // the first snapshot is reported
      ['*.........', 250, null], // changed, but within the second
      ['**r.......', 750, null],
      ['***r......', 1000, 'e000'], // a second after the last report: the latest state
      ['***r......', 2500, null], // nothing changed: nothing sent, however long
      ['****......', 2750, 'f000'], // a change after a quiet spell goes at once
      ['**********', 3000, null], // complete, but within the second
      ['**********', 3750, 'ffc0'],
    ];
    for (const [picture, now, bitfield] of cases) {
      const report = at(picture, now);
      expect({ now, bitfield: report?.bitfield ?? null }).toEqual({ now, bitfield });
      if (report)
        expect(report).toMatchObject({
          type: 'progress',
          swarmId: 'S',
          ...{ have: snap(picture).haveCount },
        });
    }
  });

  it('paces each swarm on its own, and reports afresh after forget', () => {
    const reporter = new ProgressReporter(1000);
    expect(reporter.report('A', snap('..'), states('..'), 0)).not.toBeNull();
    expect(reporter.report('B', snap('..'), states('..'), 10)).not.toBeNull();
    expect(reporter.report('A', snap('..'), states('..'), 20)).toBeNull();
    reporter.forget();
    expect(reporter.report('A', snap('..'), states('..'), 30)).toMatchObject({ have: 0, complete: false });
    reporter.forget('A');
    expect(reporter.report('A', snap('*.'), states('*.'), 40)).toMatchObject({ have: 1, bitfield: '80' });
  });

  it('encodes 2,000 verified pieces in 500 hex digits, piece 0 first', () => {
    const pieces = new Uint8Array(2000).fill(2);
    pieces[0] = 0;
    pieces[1999] = 1;
    const hex = bitfieldHex(pieces);
    expect(hex).toHaveLength(500);
    expect(hex.slice(0, 2)).toBe('7f');
    expect(hex.slice(-2)).toBe('fe');
  });
});
