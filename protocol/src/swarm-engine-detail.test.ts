import { describe, expect, it } from 'vitest';
import { Bitfield } from './bitfield.ts';
import { PIECE_VERIFIED } from './engine-events.ts';
import { SOURCE_SELF } from './piece-sources.ts';
import { peerHasPiece, sourceOfPiece, type SwarmDetail } from './swarm-detail.ts';
import { allComplete, eventsOf, HandPeer } from './test-support/hostile-peer.ts';
import { MemorySwarm, randomBytes } from './test-support/memory-swarm.ts';

/**
 * The engine's detail view (SwarmDetail): availability through joins, haves and leaves, the source
 * of every verified piece, each peer's bitfield, the unchoke relation and the rate history.
 */

const PIECE = 16 * 1024;

/** Availability as a picture, one digit per piece ("21101000"). */
const availability = (d: SwarmDetail) => [...d.availability].join('');
/** A peer's row of the packed bitfields as a have-map picture. */
const stockOf = (d: SwarmDetail, id: string) => {
  const row = d.peers.findIndex((p) => p.id === id);
  return Array.from({ length: d.pieceCount }, (_, i) => (peerHasPiece(d, row, i) ? '*' : '.')).join('');
};

/** An engine 'me' holding piece 0 of an 8-piece file, with hand-driven peers attached. */
function handSetup() {
  const swarm = new MemorySwarm(randomBytes(8 * PIECE, 5), 'detail.bin', PIECE);
  const me = swarm.addPeer('me', { have: [0] });
  const join = (id: string, stock: string) => {
    const p = new HandPeer(id, swarm, me.engine);
    p.say(p.handshake());
    p.say({ t: 'bitfield', bits: Bitfield.parse(stock).toHex() });
    return p;
  };
  return { swarm, me, join };
}

describe('SwarmEngine detail: availability and bitfields', () => {
  it('counts connected peers per piece through joins, haves and leaves', () => {
    const { me, join } = handSetup();
    const a = join('a', '**..*...');
    const b = join('b', '*.*.....');
    expect(availability(me.engine.detail())).toBe('21101000');

    b.say({ t: 'have', pieces: [3, 2] }); // 2 is already known: counted once
    let d = me.engine.detail();
    expect(availability(d)).toBe('21111000');
    expect(stockOf(d, 'b')).toBe('*.**....');

    me.engine.removePeer(a.id, 'left');
    d = me.engine.detail();
    expect(availability(d)).toBe('10110000');
    expect(d.peers.map((p) => p.id)).toEqual(['b']);

    join('c', '********');
    d = me.engine.detail();
    expect(availability(d)).toBe('21221111');
    expect(d.peers.map((p) => [p.id, stockOf(d, p.id)])).toEqual([
      ['b', '*.**....'],
      ['c', '********'],
    ]);
  });

  it('agrees with the picker one piece at a time', () => {
    const { me, join } = handSetup();
    join('a', '.*.*.*.*');
    const d = me.engine.detail();
    expect([...d.availability]).toEqual(Array.from({ length: 8 }, (_, i) => me.engine.availability(i)));
  });
});

describe('SwarmEngine detail: where each piece came from', () => {
  it('credits the sender of each verified piece, keeps credits when it leaves, marks own pieces', async () => {
    const s = new MemorySwarm(randomBytes(24 * PIECE, 6), 'sources.bin', PIECE);
    s.addPeer('seed', { seed: true });
    s.addPeer('half', { have: [...Array(12).keys()] });
    const x = s.addPeer('x', { have: [23] });
    s.connectAll();
    await s.run(allComplete(s));
    const doneAt = s.now; // the last haves leave on the next tick: let them arrive
    await s.run(() => s.now >= doneAt + 300);

    let d = x.engine.detail();
    const verified = new Map(eventsOf(x.events, 'piece-verified').map((e) => [e.piece, e.from]));
    for (let i = 0; i < 23; i++) expect(sourceOfPiece(d, i)).toBe(verified.get(i));
    expect(sourceOfPiece(d, 23)).toBe('self');
    expect([...d.pieces].every((state) => state === PIECE_VERIFIED)).toBe(true);
    const credited = new Set(verified.values());
    expect([...d.sourcePeers].sort()).toEqual([...credited].sort());
    // The seed alone had pieces 12–22 at first; pieces spread fast enough that both senders served x.
    expect(credited).toContain('seed');

    const seedIndex = d.sourcePeers.indexOf('seed');
    s.kill('seed');
    d = x.engine.detail();
    expect(d.sourcePeers.indexOf('seed')).toBe(seedIndex);
    for (let i = 0; i < 23; i++) expect(sourceOfPiece(d, i)).toBe(verified.get(i));
    // Only 'half' is left, complete too; but no peer announces a piece to a peer that has it, so x
    // never heard that 'half' got piece 23 (x's own from the start).
    expect(availability(d)).toBe(`${'1'.repeat(23)}0`);

    const halfOwn = s.peers.get('half')!.engine.detail();
    for (let i = 0; i < 12; i++) expect(halfOwn.sources[i]).toBe(SOURCE_SELF);
  });
});

describe('SwarmEngine detail: unchoke relation', () => {
  it('shows whom we unchoke (with the slot) and who unchokes us, as it changes', () => {
    const { me, join } = handSetup();
    const a = join('a', '********');
    const b = join('b', '........');
    expect(me.engine.detail().unchoke).toEqual({ self: 'me', unchoking: [], unchokedBy: [] });

    a.say({ t: 'unchoke' });
    b.say({ t: 'interested' }); // a slot is free: b is let in at once
    expect(me.engine.detail().unchoke).toEqual({
      self: 'me',
      unchoking: [{ peer: 'b', slot: 'regular' }],
      unchokedBy: ['a'],
    });

    a.say({ t: 'choke' });
    expect(me.engine.detail().unchoke.unchokedBy).toEqual([]);
  });
});

describe('SwarmEngine detail: rate history', () => {
  it('records every byte sent and received, one sample per second', async () => {
    const s = new MemorySwarm(randomBytes(40 * PIECE, 7), 'rates.bin', PIECE);
    s.uplinkBytesPerRound = 4 * PIECE;
    const seed = s.addPeer('seed', { seed: true });
    const x = s.addPeer('x');
    s.connectAll();
    await s.run(allComplete(s), { tickMs: 250 });
    const doneAt = s.now;
    await s.run(() => s.now >= doneAt + 1000);

    const down = x.engine.detail().history;
    const up = seed.engine.detail().history;
    const sum = (a: Float64Array) => a.reduce((n, v) => n + v, 0);
    expect(down.firstSecond).toBe(0);
    expect(sum(down.download)).toBe(40 * PIECE);
    expect(sum(up.upload)).toBe(40 * PIECE);
    expect(down.download.length).toBe(Math.floor(s.now / 1000));
    // Paced at 4 pieces per 250 ms round: the transfer spans several seconds, none above the pace.
    expect(down.download.filter((v) => v > 0).length).toBeGreaterThan(1);
    expect(Math.max(...down.download)).toBeLessThanOrEqual(16 * PIECE);
  });
});
