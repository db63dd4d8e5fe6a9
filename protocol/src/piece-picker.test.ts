import { describe, expect, it } from 'vitest';
import { Bitfield } from './bitfield.ts';
import {
  type BlockRef,
  PICK_STRATEGIES,
  type PickStrategy,
  PiecePicker,
  type PiecePickerOptions,
} from './piece-picker.ts';
import { countOutcomes, mulberry32, randomInt, randomItem } from './test-support/seeded-random.ts';

/** Tiny blocks keep fixtures readable: by default a piece is 2 blocks of 4 bytes. */
const BLOCK = 4;
const PIECE = 2 * BLOCK;

type PickerSetup = Partial<Omit<PiecePickerOptions, 'random'>> & { seed?: number };

/**
 * Builds a picker from pictures, as libtorrent's test_piece_picker.cpp does:
 *   availability "2223333" — how many peers hold each piece (one digit per piece);
 *   have-map     "* * *  " — '*' for a piece we already hold, anything else for missing.
 */
function setupPicker(availability: string, haveMap = '', setup: PickerSetup = {}): PiecePicker {
  const { seed = 1, ...opts } = setup;
  const picker = new PiecePicker({
    pieceCount: availability.length,
    pieceLength: () => PIECE,
    blockSize: BLOCK,
    random: mulberry32(seed),
    ...opts,
  });
  for (let i = 0; i < availability.length; i++) {
    const n = Number(availability[i]);
    if (!Number.isInteger(n)) throw new Error(`bad availability picture ${availability}`);
    for (let k = 0; k < n; k++) picker.onHave(i);
  }
  for (let i = 0; i < haveMap.length; i++) if (haveMap[i] === '*') picker.markHave(i);
  picker.assertInvariants();
  return picker;
}

/** The picker's availability as a picture ("3121323"). */
function availabilityOf(picker: PiecePicker, pieceCount: number): string {
  return Array.from({ length: pieceCount }, (_, i) => String(picker.availability(i))).join('');
}

/** The picker's piece states as a picture: '*' verified, 'r' requested (downloading), '.' missing. */
function statesOf(picker: PiecePicker, pieceCount: number): string {
  const symbol = { verified: '*', requested: 'r', missing: '.' } as const;
  return Array.from({ length: pieceCount }, (_, i) => symbol[picker.pieceState(i)]).join('');
}

/** Requests as compact text: "piece:offset+length". */
const refs = (requests: readonly BlockRef[]) => requests.map((r) => `${r.piece}:${r.offset}+${r.length}`);

/** A cheap assertion for hot loops (expect() per step would make the randomized run slow). */
function check(condition: boolean, message: () => string): void {
  if (!condition) throw new Error(message());
}

/** Calls pick and checks the picker's bookkeeping afterwards. */
function pick(picker: PiecePicker, peer: string, peerHas: Bitfield | string, max: number) {
  const result = picker.pick(peer, typeof peerHas === 'string' ? Bitfield.parse(peerHas) : peerHas, max);
  picker.assertInvariants();
  return result;
}

/** The first new piece picked in a fresh picker built with `seed` (requests one block). */
function firstPiece(
  availability: string,
  haveMap: string,
  peerHas: string,
  setup: PickerSetup,
  seed: number,
) {
  const picker = setupPicker(availability, haveMap, { ...setup, seed });
  const result = pick(picker, 'peer', peerHas, 1);
  expect(result.started).toHaveLength(1);
  return result.started[0]!;
}

describe('PiecePicker availability', () => {
  it('counts bitfields and haves, and forgets a peer that leaves', () => {
    const stocks = [Bitfield.parse('*******'), Bitfield.parse('*.*.***'), Bitfield.parse('*...*.*')];
    const picker = setupPicker('0000000');
    for (const s of stocks) picker.onBitfield(s);
    expect(availabilityOf(picker, 7)).toBe('3121323');
    picker.onHave(1);
    stocks[2]!.set(1);
    expect(availabilityOf(picker, 7)).toBe('3221323');
    picker.onPeerGone('c', stocks[2]!);
    expect(availabilityOf(picker, 7)).toBe('2121222');
    picker.onPeerGone('a', stocks[0]!);
    expect(availabilityOf(picker, 7)).toBe('1010111'); // b's stock, *.*.***
    picker.assertInvariants();
  });

  it('reads the have-map picture', () => {
    const picker = setupPicker('2223333', '* * *  ');
    expect(statesOf(picker, 7)).toBe('*.*.*..');
    expect(picker.haveCount).toBe(3);
    expect(picker.isComplete).toBe(false);
    expect(setupPicker('11', '**').isComplete).toBe(true);
  });
});

describe('PiecePicker rarest-first', () => {
  const SEEDS = 300;
  // randomFirstPieces: 0 so that rarest-first applies from the first pick.
  it.each([
    { availability: '2223333', have: '', peer: '*******', rarest: [0, 1, 2] },
    { availability: '3121323', have: '', peer: '*******', rarest: [1, 3] },
    { availability: '3121323', have: '', peer: '*.*.***', rarest: [2, 5] }, // only what the peer has
    { availability: '3121323', have: '.*.*...', peer: '*******', rarest: [2, 5] }, // never what we hold
    { availability: '1123', have: '**', peer: '****', rarest: [2] },
    { availability: '5555', have: '', peer: '****', rarest: [0, 1, 2, 3] },
    { availability: '0912', have: '', peer: '.***', rarest: [2] },
    { availability: '9999999991', have: '', peer: '**********', rarest: [9] },
  ])(
    'availability $availability, have "$have", peer $peer → one of $rarest',
    ({ availability, have, peer, rarest }) => {
      const chosen = countOutcomes(SEEDS, (seed) => {
        const started = firstPiece(availability, have, peer, { randomFirstPieces: 0 }, seed);
        expect(started.reason).toBe('rarest');
        expect(started.availability).toBe(Number(availability[started.piece]));
        return started.piece;
      });
      // Every tied piece gets chosen, and nothing else ever does.
      expect([...chosen.keys()].sort((a, b) => a - b)).toEqual(rarest);
      // The tie-break is fair: each tied piece gets a fair share.
      for (const n of chosen.values()) expect(n).toBeGreaterThan((SEEDS / rarest.length) * 0.6);
    },
  );

  it('builds the same choice from bitfield pictures (onBitfield of several peers)', () => {
    const chosen = countOutcomes(SEEDS, (seed) => {
      const picker = setupPicker('000000', '', { randomFirstPieces: 0, seed });
      for (const p of ['******', '**.***', '*..*.*', '*....*']) picker.onBitfield(Bitfield.parse(p));
      expect(availabilityOf(picker, 6)).toBe('421324');
      return pick(picker, 'x', '******', 1).started[0]!.piece;
    });
    expect([...chosen.keys()].sort()).toEqual([2]);
  });

  it('starts the next-rarest pieces as more blocks are wanted', () => {
    const picker = setupPicker('4132', '', { randomFirstPieces: 0 });
    const result = pick(picker, 'peer', '****', 8);
    expect(result.started.map((s) => s.piece)).toEqual([1, 3, 2, 0]);
    expect(result.started.map((s) => s.availability)).toEqual([1, 2, 3, 4]);
    expect(refs(result.requests)).toEqual([
      '1:0+4',
      '1:4+4',
      '3:0+4',
      '3:4+4',
      '2:0+4',
      '2:4+4',
      '0:0+4',
      '0:4+4',
    ]);
  });
});

describe('PiecePicker random first pieces', () => {
  const SEEDS = 400;

  it('picks at random, not rarest, while we hold fewer than randomFirstPieces', () => {
    // Piece 0 is by far the rarest; rarest-first would always start it.
    const chosen = countOutcomes(SEEDS, (seed) => {
      const started = firstPiece('1999999', '', '*******', {}, seed);
      expect(started.reason).toBe('random-first');
      return started.piece;
    });
    expect([...chosen.keys()].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    for (const n of chosen.values()) expect(n).toBeGreaterThan((SEEDS / 7) * 0.6);
  });

  it.each([
    { randomFirstPieces: 2, have: '', reason: 'random-first' },
    { randomFirstPieces: 2, have: '.......*', reason: 'random-first' },
    { randomFirstPieces: 2, have: '......**', reason: 'rarest' },
    { randomFirstPieces: 4, have: '.....***', reason: 'random-first' },
    { randomFirstPieces: 4, have: '....****', reason: 'rarest' },
    { randomFirstPieces: 0, have: '', reason: 'rarest' },
  ])(
    'randomFirstPieces $randomFirstPieces, have "$have" → $reason',
    ({ randomFirstPieces, have, reason }) => {
      const chosen = countOutcomes(SEEDS, (seed) => {
        const started = firstPiece('19999999', have, '********', { randomFirstPieces }, seed);
        expect(started.reason).toBe(reason);
        return started.piece;
      });
      if (reason === 'rarest') expect([...chosen.keys()]).toEqual([0]);
      else expect(chosen.size).toBeGreaterThan(1);
    },
  );

  it('defaults to 4 random pieces', () => {
    expect(firstPiece('19999', '...*', '*****', {}, 1).reason).toBe('random-first');
    expect(firstPiece('19999', '.****', '*****', {}, 1).reason).toBe('rarest');
  });
});

describe('PiecePicker strategies', () => {
  it('sequential goes in index order, skipping held pieces and pieces the peer lacks', () => {
    const picker = setupPicker('911111', '.*....', { strategy: 'sequential' });
    const result = pick(picker, 'peer', '****.*', 20);
    expect(result.started.map((s) => [s.piece, s.reason])).toEqual([
      [0, 'sequential'],
      [2, 'sequential'],
      [3, 'sequential'],
      [5, 'sequential'],
    ]);
    expect(refs(result.requests)).toEqual([
      '0:0+4',
      '0:4+4',
      '2:0+4',
      '2:4+4',
      '3:0+4',
      '3:4+4',
      '5:0+4',
      '5:4+4',
    ]);
  });

  it("'random' ignores availability, even after the random-first pieces", () => {
    const chosen = countOutcomes(400, (seed) => {
      const started = firstPiece('1999', '', '****', { strategy: 'random', randomFirstPieces: 0 }, seed);
      expect(started.reason).toBe('random');
      return started.piece;
    });
    expect([...chosen.keys()].sort()).toEqual([0, 1, 2, 3]);
    for (const n of chosen.values()) expect(n).toBeGreaterThan(60);
  });

  it('strategy can be switched between picks', () => {
    const picker = setupPicker('3211', '', { randomFirstPieces: 0, strategy: 'sequential' });
    expect(pick(picker, 'a', '****', 1).started[0]).toEqual({
      piece: 0,
      availability: 3,
      reason: 'sequential',
    });
    picker.strategy = 'rarest-first';
    const next = pick(picker, 'b', '****', 5).started; // piece 0's last block, then two new pieces
    expect(next.map((s) => s.reason)).toEqual(['rarest', 'rarest']);
    expect(next.map((s) => s.piece).sort()).toEqual([2, 3]);
  });

  it.each(PICK_STRATEGIES)('%s never requests a held piece or one the peer lacks', (strategy) => {
    for (let seed = 0; seed < 50; seed++) {
      const picker = setupPicker('12345678', '*..*..*.', { strategy, seed, randomFirstPieces: 2 });
      const peerHas = Bitfield.parse('**.****.');
      const result = pick(picker, 'peer', peerHas, 100);
      const pieces = new Set(result.requests.map((r) => r.piece));
      expect([...pieces].sort()).toEqual([1, 4, 5]);
      for (const p of pieces) expect(peerHas.has(p) && !picker.has(p)).toBe(true);
    }
  });
});

describe('PiecePicker partial pieces', () => {
  const fourBlocks: PickerSetup = { pieceLength: () => 4 * BLOCK, strategy: 'sequential' };

  it('finishes a partially downloaded piece before starting a new one', () => {
    const picker = setupPicker('1111', '', fourBlocks);
    expect(refs(pick(picker, 'a', '****', 2).requests)).toEqual(['0:0+4', '0:4+4']);
    // b can have piece 0's last two blocks, and only then a new piece.
    const b = pick(picker, 'b', '****', 3);
    expect(refs(b.requests)).toEqual(['0:8+4', '0:12+4', '1:0+4']);
    expect(b.started.map((s) => s.piece)).toEqual([1]);
  });

  it('continues the most advanced partial piece first', () => {
    const picker = setupPicker('1111', '', { ...fourBlocks, strategy: 'random', seed: 7 });
    const a = pick(picker, 'a', '****', 8); // two whole pieces, at random
    const [p, q] = a.started.map((s) => s.piece) as [number, number];
    // Receive 3 blocks of q and 1 of p, then drop the remaining requests.
    for (const r of a.requests) {
      const receive = r.piece === q ? r.offset < 12 : r.offset < 4;
      if (receive) picker.onBlockReceived('a', r.piece, r.offset);
      else picker.onRequestDropped('a', r.piece, r.offset);
      picker.assertInvariants();
    }
    const b = pick(picker, 'b', '****', 2);
    expect(refs(b.requests)).toEqual([`${q}:12+4`, `${p}:4+4`]);
    expect(b.started).toEqual([]);
  });

  it('does not continue a partial piece the peer lacks', () => {
    const picker = setupPicker('1111', '', fourBlocks);
    pick(picker, 'a', '****', 1); // piece 0 started
    const b = pick(picker, 'b', '.*..', 10);
    expect(b.requests.every((r) => r.piece === 1)).toBe(true);
    expect(refs(b.requests)).toEqual(['1:0+4', '1:4+4', '1:8+4', '1:12+4']);
  });
});

describe('PiecePicker blocks', () => {
  it('cuts a short last block and a short last piece', () => {
    // 30 bytes in 12-byte pieces of 5-byte blocks: pieces 12, 12, 6.
    const size = 30;
    const pieceSize = 12;
    const picker = new PiecePicker({
      pieceCount: 3,
      pieceLength: (i) => Math.max(0, Math.min(pieceSize, size - i * pieceSize)),
      blockSize: 5,
      strategy: 'sequential',
      random: mulberry32(1),
    });
    const result = pick(picker, 'p', '***', 100);
    expect(refs(result.requests)).toEqual([
      '0:0+5',
      '0:5+5',
      '0:10+2',
      '1:0+5',
      '1:5+5',
      '1:10+2',
      '2:0+5',
      '2:5+1',
    ]);
    const total = result.requests.reduce((n, r) => n + r.length, 0);
    expect(total).toBe(size);
  });

  it('requests a piece smaller than a block whole', () => {
    const picker = setupPicker('11', '', {
      pieceLength: (i) => (i === 0 ? 3 : 1),
      blockSize: 64,
      strategy: 'sequential',
    });
    expect(refs(pick(picker, 'p', '**', 10).requests)).toEqual(['0:0+3', '1:0+1']);
  });

  it.each([0, -1])('pick with max %i requests nothing and changes nothing', (max) => {
    const picker = setupPicker('1111');
    expect(pick(picker, 'p', '****', max)).toEqual({ requests: [], started: [], endgame: false });
    expect(statesOf(picker, 4)).toBe('....');
  });

  it('stops at exactly max blocks, mid-piece', () => {
    const picker = setupPicker('111', '', { strategy: 'sequential' });
    expect(refs(pick(picker, 'p', '***', 3).requests)).toEqual(['0:0+4', '0:4+4', '1:0+4']);
    expect(statesOf(picker, 3)).toBe('rr.');
    expect(refs(pick(picker, 'p', '***', 3).requests)).toEqual(['1:4+4', '2:0+4', '2:4+4']);
  });

  it('a peer with nothing we want gets no requests', () => {
    const picker = setupPicker('111', '*..');
    expect(pick(picker, 'p', '*..', 10)).toEqual({ requests: [], started: [], endgame: false });
    expect(pick(picker, 'p', '...', 10)).toEqual({ requests: [], started: [], endgame: false });
  });
});

describe('PiecePicker block outcomes', () => {
  it('a received block completes its piece; passing it marks the piece held', () => {
    const picker = setupPicker('11', '', { strategy: 'sequential' });
    pick(picker, 'a', '**', 2);
    expect(picker.wants(0, 0)).toBe(true);
    expect(picker.onBlockReceived('a', 0, 0)).toEqual({
      duplicate: false,
      pieceComplete: false,
      cancelFrom: [],
    });
    expect(picker.wants(0, 0)).toBe(false);
    expect(picker.wants(0, 4)).toBe(true);
    expect(picker.isAwaitingVerification(0)).toBe(false);
    expect(picker.onBlockReceived('a', 0, 4)).toEqual({
      duplicate: false,
      pieceComplete: true,
      cancelFrom: [],
    });
    expect(picker.isAwaitingVerification(0)).toBe(true);
    expect(statesOf(picker, 2)).toBe('r.');
    picker.onPiecePassed(0);
    picker.assertInvariants();
    expect(statesOf(picker, 2)).toBe('*.');
    expect(picker.has(0)).toBe(true);
    expect(picker.haveCount).toBe(1);
    expect(picker.isAwaitingVerification(0)).toBe(false);
    expect(picker.wants(0, 0)).toBe(false);
    // A late copy of a block of a held piece is a duplicate.
    expect(picker.onBlockReceived('b', 0, 0)).toEqual({
      duplicate: true,
      pieceComplete: false,
      cancelFrom: [],
    });
  });

  it.each([
    { why: 'a block received twice', piece: 0, offset: 0 },
    { why: 'a block of a piece never started', piece: 1, offset: 0 },
    { why: 'an offset past the piece', piece: 0, offset: 64 },
  ])('reports $why as a duplicate', ({ piece, offset }) => {
    const picker = setupPicker('11', '', { strategy: 'sequential' });
    pick(picker, 'a', '*.', 2);
    picker.onBlockReceived('a', 0, 0);
    expect(picker.onBlockReceived('a', piece, offset)).toEqual({
      duplicate: true,
      pieceComplete: false,
      cancelFrom: [],
    });
    picker.assertInvariants();
  });

  it('onRequestDropped makes a block pickable again, by anyone', () => {
    // Piece 2 is never started, so no endgame duplicates muddle the picture.
    const picker = setupPicker('111', '', { strategy: 'sequential' });
    expect(refs(pick(picker, 'a', '**.', 4).requests)).toEqual(['0:0+4', '0:4+4', '1:0+4', '1:4+4']);
    expect(pick(picker, 'b', '**.', 4)).toEqual({ requests: [], started: [], endgame: false });
    picker.onRequestDropped('a', 0, 4);
    picker.assertInvariants();
    expect(picker.wants(0, 4)).toBe(true);
    expect(refs(pick(picker, 'b', '**.', 4).requests)).toEqual(['0:4+4']);
    picker.onRequestDropped('b', 0, 4);
    expect(refs(pick(picker, 'a', '**.', 4).requests)).toEqual(['0:4+4']);
  });

  it('dropping a request of a peer that did not make it changes nothing', () => {
    const picker = setupPicker('11', '', { strategy: 'sequential' });
    pick(picker, 'a', '**', 1);
    picker.onRequestDropped('b', 0, 0);
    picker.onRequestDropped('a', 1, 0); // piece not started
    picker.onRequestDropped('a', 0, 400); // no such block
    picker.assertInvariants();
    expect(refs(pick(picker, 'b', '**', 1).requests)).toEqual(['0:4+4']);
  });

  it('onPieceFailed makes the whole piece pickable again', () => {
    const picker = setupPicker('11', '', { strategy: 'sequential', randomFirstPieces: 0 });
    pick(picker, 'a', '*.', 2);
    picker.onBlockReceived('a', 0, 0);
    expect(picker.onBlockReceived('a', 0, 4).pieceComplete).toBe(true);
    picker.onPieceFailed(0);
    picker.assertInvariants();
    expect(statesOf(picker, 2)).toBe('..');
    expect(picker.isAwaitingVerification(0)).toBe(false);
    expect(picker.wants(0, 0) && picker.wants(0, 4)).toBe(true);
    expect(picker.haveCount).toBe(0);
    const again = pick(picker, 'b', '*.', 10);
    expect(refs(again.requests)).toEqual(['0:0+4', '0:4+4']);
    expect(again.started).toEqual([{ piece: 0, availability: 1, reason: 'sequential' }]);
  });

  it('onPeerGone frees every request the peer had, and only those', () => {
    const picker = setupPicker('000', '', { strategy: 'sequential' });
    const stockA = Bitfield.parse('***');
    const stockB = Bitfield.parse('*..');
    picker.onBitfield(stockA);
    picker.onBitfield(stockB);
    expect(refs(pick(picker, 'a', stockA, 3).requests)).toEqual(['0:0+4', '0:4+4', '1:0+4']);
    expect(refs(pick(picker, 'c', '***', 1).requests)).toEqual(['1:4+4']);
    picker.onPeerGone('a', stockA);
    picker.assertInvariants();
    expect(availabilityOf(picker, 3)).toBe('100');
    expect(refs(pick(picker, 'b', stockB, 10).requests)).toEqual(['0:0+4', '0:4+4']);
    // c's request survives a's departure: nobody else is given 1:4.
    expect(refs(pick(picker, 'd', '***', 10).requests)).toEqual(['1:0+4', '2:0+4', '2:4+4']);
  });

  it('markHave of a piece being downloaded drops its download state', () => {
    const picker = setupPicker('11', '', { strategy: 'sequential' });
    pick(picker, 'a', '**', 1);
    picker.onBlockReceived('a', 0, 0);
    picker.markHave(0);
    picker.markHave(0);
    picker.assertInvariants();
    expect(picker.haveCount).toBe(1);
    expect(statesOf(picker, 2)).toBe('*.');
    expect(refs(pick(picker, 'a', '**', 10).requests)).toEqual(['1:0+4', '1:4+4']);
  });
});

describe('PiecePicker endgame', () => {
  const setup: PickerSetup = { strategy: 'sequential', randomFirstPieces: 0, endgameMaxRequesters: 2 };

  it('starts only once every missing block is requested, then duplicates to other peers up to the cap', () => {
    const picker = setupPicker('33', '', setup);
    const a = pick(picker, 'a', '**', 3);
    expect(refs(a.requests)).toEqual(['0:0+4', '0:4+4', '1:0+4']);
    expect(a.endgame).toBe(false);
    expect(picker.inEndgame()).toBe(false);

    // b gets the last fresh block, not a duplicate.
    const b1 = pick(picker, 'b', '**', 10);
    expect(refs(b1.requests)).toEqual(['1:4+4']);
    expect(b1.endgame).toBe(false);
    expect(picker.inEndgame()).toBe(true);

    // Now b duplicates a's outstanding blocks…
    const b2 = pick(picker, 'b', '**', 10);
    expect(b2.endgame).toBe(true);
    expect(b2.started).toEqual([]);
    expect(refs(b2.requests)).toEqual(['0:0+4', '0:4+4', '1:0+4']);

    // …c may only join blocks with fewer than 2 requesters…
    const c = pick(picker, 'c', '**', 10);
    expect(c.endgame).toBe(true);
    expect(refs(c.requests)).toEqual(['1:4+4']);
    // …and nobody may join now.
    expect(pick(picker, 'c', '**', 10)).toEqual({ requests: [], started: [], endgame: true });
    expect(pick(picker, 'd', '**', 10)).toEqual({ requests: [], started: [], endgame: true });

    // The first copy to arrive names the other requesters to cancel.
    expect(picker.onBlockReceived('b', 0, 0)).toEqual({
      duplicate: false,
      pieceComplete: false,
      cancelFrom: ['a'],
    });
    picker.assertInvariants();
    expect(picker.onBlockReceived('a', 0, 0).duplicate).toBe(true);
    expect(picker.onBlockReceived('a', 0, 4)).toEqual({
      duplicate: false,
      pieceComplete: true,
      cancelFrom: ['b'],
    });
    expect(picker.onBlockReceived('c', 1, 4)).toEqual({
      duplicate: false,
      pieceComplete: false,
      cancelFrom: ['b'],
    });
    picker.assertInvariants();
  });

  it('duplicates at most `max` blocks, and only of pieces the peer has', () => {
    const picker = setupPicker('22', '', setup);
    pick(picker, 'a', '**', 4);
    expect(refs(pick(picker, 'b', '**', 1).requests)).toEqual(['0:0+4']);
    expect(refs(pick(picker, 'c', '.*', 10).requests)).toEqual(['1:0+4', '1:4+4']);
  });

  it('does not start while a piece nobody has asked for remains, even one this peer lacks', () => {
    const picker = setupPicker('11', '', setup);
    pick(picker, 'a', '*.', 10);
    expect(pick(picker, 'b', '*.', 10)).toEqual({ requests: [], started: [], endgame: false });
    expect(picker.inEndgame()).toBe(false);
  });

  it('is over when the pieces are held', () => {
    const picker = setupPicker('1', '', setup);
    pick(picker, 'a', '*', 10);
    expect(picker.inEndgame()).toBe(true);
    picker.onBlockReceived('a', 0, 0);
    picker.onBlockReceived('a', 0, 4);
    expect(picker.inEndgame()).toBe(true); // awaiting verification: nothing fresh to ask for
    picker.onPiecePassed(0);
    expect(picker.inEndgame()).toBe(false);
    expect(picker.isComplete).toBe(true);
    expect(pick(picker, 'a', '*', 10)).toEqual({ requests: [], started: [], endgame: false });
  });

  it('defaults to at most 3 requesters per block', () => {
    const picker = setupPicker('5', '', { strategy: 'sequential' });
    for (const peer of ['a', 'b', 'c', 'd', 'e']) pick(picker, peer, '*', 10);
    // d and e found every block at the cap, so only b and c are left to cancel.
    expect(picker.onBlockReceived('a', 0, 0)).toEqual({
      duplicate: false,
      pieceComplete: false,
      cancelFrom: ['b', 'c'],
    });
    picker.assertInvariants();
  });
});

describe('PiecePicker randomized run', () => {
  interface ModelPeer {
    stock: Bitfield;
    outstanding: Set<string>;
  }
  const key = (piece: number, offset: number) => `${piece}:${offset}`;
  const unkey = (k: string) => k.split(':').map(Number) as [number, number];

  /** How often each kind of event happened, so the test can show the run exercised all of them. */
  type Stats = Record<
    'steps' | 'passed' | 'failed' | 'dropped' | 'gone' | 'haves' | 'endgameRequests' | 'cancels',
    number
  >;

  function run(seed: number, strategy: PickStrategy, stats: Stats): void {
    const random = mulberry32(seed);
    const pieceCount = 23;
    const size = 22 * 10 + 3; // 10-byte pieces of 4-byte blocks (4, 4, 2); the last piece is 3 bytes
    const pieceLength = (i: number) => Math.max(0, Math.min(10, size - i * 10));
    const blockSize = 4;
    const maxRequesters = 1 + randomInt(random, 3);
    const picker = new PiecePicker({
      pieceCount,
      pieceLength,
      blockSize,
      strategy,
      random: mulberry32(seed * 7919 + 1),
      randomFirstPieces: randomInt(random, 5),
      endgameMaxRequesters: maxRequesters,
    });
    const peers = new Map<string, ModelPeer>();
    let nextPeer = 0;

    const connect = (seeder: boolean) => {
      const stock = new Bitfield(pieceCount);
      for (let i = 0; i < pieceCount; i++) if (seeder || random() < 0.4) stock.set(i);
      const id = `p${nextPeer++}`;
      peers.set(id, { stock, outstanding: new Set() });
      picker.onBitfield(stock);
    };

    const checkAll = () => {
      picker.assertInvariants();
      for (let i = 0; i < pieceCount; i++) {
        let n = 0;
        for (const p of peers.values()) if (p.stock.has(i)) n++;
        check(
          picker.availability(i) === n,
          () => `availability of piece ${i}: ${picker.availability(i)}, not ${n}`,
        );
      }
      // Every outstanding request is for a block still wanted, and no block has too many requesters.
      const perBlock = new Map<string, number>();
      for (const p of peers.values()) {
        for (const k of p.outstanding) {
          const [piece, offset] = unkey(k);
          check(picker.wants(piece, offset), () => `outstanding ${k} is no longer wanted`);
          check(picker.pieceState(piece) === 'requested', () => `outstanding ${k}: piece not downloading`);
          perBlock.set(k, (perBlock.get(k) ?? 0) + 1);
        }
      }
      for (const [k, n] of perBlock) check(n <= maxRequesters, () => `${n} requesters of ${k}`);
    };

    const doPick = (id: string, max: number) => {
      const peer = peers.get(id)!;
      const result = picker.pick(id, peer.stock, max);
      if (result.endgame) stats.endgameRequests += result.requests.length;
      check(result.requests.length <= Math.max(0, max), () => `${result.requests.length} requests > ${max}`);
      for (const r of result.requests) {
        const k = key(r.piece, r.offset);
        check(peer.stock.has(r.piece), () => `${id} lacks requested piece ${r.piece}`);
        check(!picker.has(r.piece), () => `requested held piece ${r.piece}`);
        check(r.offset % blockSize === 0, () => `offset ${r.offset} not on a block boundary`);
        check(
          r.length === Math.min(blockSize, pieceLength(r.piece) - r.offset),
          () => `bad length ${r.length} for ${k}`,
        );
        check(r.length > 0, () => `empty block ${k}`);
        check(!peer.outstanding.has(k), () => `${id} asked twice for ${k}`);
        const others = [...peers.values()].filter((p) => p.outstanding.has(k)).length;
        check(result.endgame || others === 0, () => `fresh block ${k} already requested`);
        peer.outstanding.add(k);
      }
      for (const s of result.started) check(peer.stock.has(s.piece), () => `started ${s.piece} ${id} lacks`);
    };

    const deliver = (id: string, k: string, failRate: number) => {
      const peer = peers.get(id)!;
      const [piece, offset] = unkey(k);
      peer.outstanding.delete(k);
      const result = picker.onBlockReceived(id, piece, offset);
      check(!result.duplicate, () => `${k} from ${id} reported duplicate`); // the model cancels duplicates
      for (const other of result.cancelFrom) {
        check(other !== id, () => `cancel ${k} from its sender ${id}`);
        check(
          peers.get(other)?.outstanding.has(k) === true,
          () => `cancel ${k} from ${other}, who never asked`,
        );
        peers.get(other)!.outstanding.delete(k);
        stats.cancels++;
      }
      for (const p of peers.values())
        check(!p.outstanding.has(k), () => `${k} still requested after arriving`);
      check(result.pieceComplete === picker.isAwaitingVerification(piece), () => `pieceComplete of ${piece}`);
      if (result.pieceComplete) {
        if (random() < failRate) {
          picker.onPieceFailed(piece);
          stats.failed++;
        } else {
          picker.onPiecePassed(piece);
          stats.passed++;
        }
      }
    };

    const randomOutstanding = (): [string, string] | null => {
      const all = [...peers].flatMap(([id, p]) => [...p.outstanding].map((k): [string, string] => [id, k]));
      return all.length > 0 ? randomItem(random, all) : null;
    };

    connect(false);
    connect(false);
    let steps = 0;
    // Random phase: every kind of event, in any order.
    for (; steps < 1500 && !picker.isComplete; steps++) {
      const roll = random();
      if (roll < 0.05 && peers.size < 6) connect(random() < 0.3);
      else if (roll < 0.1) {
        const id = randomItem(random, [...peers.keys()]);
        const i = randomInt(random, pieceCount);
        if (!peers.get(id)!.stock.has(i)) {
          peers.get(id)!.stock.set(i);
          picker.onHave(i);
          stats.haves++;
        }
      } else if (roll < 0.14 && peers.size > 1) {
        const id = randomItem(random, [...peers.keys()]);
        picker.onPeerGone(id, peers.get(id)!.stock);
        peers.delete(id);
        stats.gone++;
      } else if (roll < 0.2) {
        const o = randomOutstanding();
        if (o) {
          picker.onRequestDropped(o[0], ...unkey(o[1]));
          peers.get(o[0])!.outstanding.delete(o[1]);
          stats.dropped++;
        }
      } else if (roll < 0.55) {
        doPick(randomItem(random, [...peers.keys()]), randomInt(random, 6));
      } else {
        const o = randomOutstanding();
        if (o) deliver(o[0], o[1], 0.1);
      }
      checkAll();
    }
    // Drain phase: a seeder joins and every peer keeps asking and answering until we hold everything.
    connect(true);
    for (; !picker.isComplete; steps++) {
      if (steps > 20_000) throw new Error(`seed ${seed}: no progress (${picker.haveCount}/${pieceCount})`);
      const id = randomItem(random, [...peers.keys()]);
      doPick(id, 1 + randomInt(random, 4));
      checkAll();
      const o = randomOutstanding();
      if (o) deliver(o[0], o[1], 0.02);
      checkAll();
    }
    expect(picker.haveCount).toBe(pieceCount);
    for (let i = 0; i < pieceCount; i++) expect(picker.pieceState(i)).toBe('verified');
    expect(picker.inEndgame()).toBe(false);
    stats.steps += steps;
  }

  it.each(PICK_STRATEGIES)(
    '%s: random events over several peers keep the invariants and finish the file',
    (strategy) => {
      const stats: Stats = {
        steps: 0,
        passed: 0,
        failed: 0,
        dropped: 0,
        gone: 0,
        haves: 0,
        endgameRequests: 0,
        cancels: 0,
      };
      for (let seed = 1; seed <= 60; seed++) run(seed, strategy, stats);
      // Every kind of event happened, many times over.
      for (const [kind, n] of Object.entries(stats)) expect(n, kind).toBeGreaterThan(50);
    },
  );
});
