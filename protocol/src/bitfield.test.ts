import { describe, expect, it } from 'vitest';
import { Bitfield } from './bitfield.ts';

/** Checks that `count`, `has`, `indexes` and `toString` all tell the same story. */
function expectConsistent(b: Bitfield): void {
  const picture = b.toString();
  expect(picture).toHaveLength(b.length);
  const set = [...picture].flatMap((c, i) => (c === '*' ? [i] : []));
  expect([...b.indexes()]).toEqual(set);
  expect(b.count).toBe(set.length);
  for (let i = 0; i < b.length; i++) expect(b.has(i)).toBe(picture[i] === '*');
  expect(b.isComplete).toBe(set.length === b.length);
}

describe('Bitfield pictures', () => {
  it.each([
    { picture: '', count: 0, complete: true },
    { picture: '.', count: 0, complete: false },
    { picture: '*', count: 1, complete: true },
    { picture: '**..*', count: 3, complete: false },
    { picture: '********', count: 8, complete: true },
    { picture: '*.......*', count: 2, complete: false },
    { picture: '.*.*.*.*.*.*.*.*.*', count: 9, complete: false },
  ])('parse("$picture") counts $count', ({ picture, count, complete }) => {
    const b = Bitfield.parse(picture);
    expect(b.length).toBe(picture.length);
    expect(b.toString()).toBe(picture);
    expect(b.count).toBe(count);
    expect(b.isComplete).toBe(complete);
    expectConsistent(b);
  });

  it('reads a space as missing, like a libtorrent have-map ("* * *  ")', () => {
    const b = Bitfield.parse('* * *  ');
    expect(b.toString()).toBe('*.*.*..');
    expect([...b.indexes()]).toEqual([0, 2, 4]);
  });

  it('full(n) holds every piece', () => {
    for (const n of [0, 1, 7, 8, 9, 100]) {
      const b = Bitfield.full(n);
      expect(b.count).toBe(n);
      expect(b.isComplete).toBe(true);
      expect(b.toString()).toBe('*'.repeat(n));
      expectConsistent(b);
    }
  });
});

describe('Bitfield set / has / count', () => {
  it('sets bits one by one until complete, counting each once', () => {
    const steps: Array<{ set: number; picture: string; count: number; complete: boolean }> = [
      { set: 3, picture: '...*.', count: 1, complete: false },
      { set: 3, picture: '...*.', count: 1, complete: false }, // setting twice is a no-op
      { set: 0, picture: '*..*.', count: 2, complete: false },
      { set: 4, picture: '*..**', count: 3, complete: false },
      { set: 1, picture: '**.**', count: 4, complete: false },
      { set: 2, picture: '*****', count: 5, complete: true },
    ];
    const b = new Bitfield(5);
    expect(b.count).toBe(0);
    expect(b.isComplete).toBe(false);
    for (const step of steps) {
      b.set(step.set);
      expect(b.toString()).toBe(step.picture);
      expect(b.count).toBe(step.count);
      expect(b.isComplete).toBe(step.complete);
      expectConsistent(b);
    }
  });

  it.each([
    { index: -1, what: 'negative' },
    { index: 5, what: 'equal to length' },
    { index: 8, what: 'inside the spare bits of the last byte' },
    { index: 1000, what: 'far past the end' },
  ])('ignores an out-of-range index ($what: $index)', ({ index }) => {
    const b = Bitfield.parse('*.*..');
    expect(b.has(index)).toBe(false);
    b.set(index);
    expect(b.has(index)).toBe(false);
    expect(b.toString()).toBe('*.*..');
    expect(b.count).toBe(2);
    expect(b.toHex()).toBe('a0');
  });

  it('uses BEP 3 bit order: piece 0 is the high bit of byte 0', () => {
    expect(Bitfield.parse('*').toHex()).toBe('80');
    expect(Bitfield.parse('.......*').toHex()).toBe('01');
    expect(Bitfield.parse('........*').toHex()).toBe('0080');
  });

  it('clone is independent of the original', () => {
    const a = Bitfield.parse('*..*');
    const c = a.clone();
    c.set(1);
    expect(a.toString()).toBe('*..*');
    expect(c.toString()).toBe('**.*');
    expect(c.count).toBe(3);
    expect(a.count).toBe(2);
  });

  it('counts only the first `length` bits of constructor bytes', () => {
    const b = new Bitfield(12, Uint8Array.of(0xff, 0xf0));
    expect(b.count).toBe(12);
    expect(b.isComplete).toBe(true);
    expectConsistent(b);
  });

  it('keeps spare bits zero even when constructor bytes set them (class invariant)', () => {
    // The class promises "Spare bits past `length` are always zero"; toHex must therefore give
    // text that fromHex accepts again.
    const b = new Bitfield(4, Uint8Array.of(0xff));
    expect(b.count).toBe(4);
    expect(b.toHex()).toBe('f0');
    expect(Bitfield.fromHex(b.toHex(), 4)?.toString()).toBe('****');
  });
});

describe('Bitfield hex (wire form)', () => {
  it.each([
    { picture: '', hex: '' },
    { picture: '*', hex: '80' },
    { picture: '**..*', hex: 'c8' },
    { picture: '********', hex: 'ff' },
    { picture: '*.......*', hex: '8080' },
    { picture: '.*.*.*.*.*.*.*.*.*', hex: '555540' },
  ])('"$picture" ⇄ "$hex"', ({ picture, hex }) => {
    const b = Bitfield.parse(picture);
    expect(b.toHex()).toBe(hex);
    const back = Bitfield.fromHex(hex, picture.length);
    expect(back).not.toBeNull();
    expect(back!.toString()).toBe(picture);
    expect(back!.count).toBe(b.count);
    expectConsistent(back!);
  });

  it('round-trips every 10-bit pattern', () => {
    for (let pattern = 0; pattern < 1024; pattern++) {
      const picture = [...Array(10).keys()].map((i) => ((pattern >> i) & 1 ? '*' : '.')).join('');
      const b = Bitfield.parse(picture);
      const back = Bitfield.fromHex(b.toHex(), 10);
      expect(back?.toString()).toBe(picture);
    }
  });

  it.each([
    { hex: 'c', length: 5, why: 'too short (half a byte)' },
    { hex: '', length: 5, why: 'empty for 5 pieces' },
    { hex: 'c800', length: 5, why: 'one byte too long' },
    { hex: 'c8', length: 9, why: 'one byte too short' },
    { hex: 'zz', length: 5, why: 'not hex' },
    { hex: 'c ', length: 5, why: 'contains a space' },
    { hex: '0x', length: 5, why: 'hex prefix' },
    { hex: 'C8', length: 5, why: 'upper-case hex' },
    { hex: 'cF', length: 8, why: 'mixed case' },
    { hex: 'c9', length: 5, why: 'sets a spare bit (the lowest)' },
    { hex: 'cc', length: 5, why: 'sets a spare bit (the highest spare)' },
    { hex: 'ff', length: 1, why: 'sets all seven spare bits' },
    { hex: '0001', length: 9, why: 'sets a spare bit in a later byte' },
    { hex: '00', length: 0, why: 'a byte for zero pieces' },
  ])('fromHex refuses "$hex" for $length pieces: $why', ({ hex, length }) => {
    expect(Bitfield.fromHex(hex, length)).toBeNull();
  });

  it('accepts a full last byte when length is a multiple of 8', () => {
    expect(Bitfield.fromHex('ffff', 16)?.isComplete).toBe(true);
    expect(Bitfield.fromHex('ff80', 9)?.isComplete).toBe(true);
  });
});
