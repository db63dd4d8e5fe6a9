import { describe, expect, it } from 'vitest';
import { Bitfield } from './bitfield.ts';
import type { PeerSnapshot } from './engine-events.ts';
import { SOURCE_SELF, SOURCE_UNKNOWN } from './piece-sources.ts';
import {
  buildSwarmDetail,
  detailTransferables,
  peerHasPiece,
  sourceOfPiece,
  type SwarmDetail,
  unchokeRelation,
} from './swarm-detail.ts';

/** A connected peer's flags from a short code: 'u' we unchoke it, 'U' it unchokes us, 'o' optimistic. */
function peer(id: string, code = ''): PeerSnapshot {
  const unchoking = code.includes('u') || code.includes('o');
  return {
    id,
    amChoking: !unchoking,
    amInterested: false,
    peerChoking: !code.includes('U'),
    peerInterested: unchoking,
    slot: code.includes('o') ? 'optimistic' : code.includes('u') ? 'regular' : null,
    downloadRate: 0,
    uploadRate: 0,
    bytesFrom: 0,
    bytesTo: 0,
    piecesFrom: 0,
    havePieces: 0,
    wanted: 0,
    outstanding: 0,
  };
}

describe('unchokeRelation', () => {
  it.each([
    { peers: [], unchoking: [], unchokedBy: [] },
    { peers: [peer('a'), peer('b')], unchoking: [], unchokedBy: [] },
    { peers: [peer('a', 'u'), peer('b', 'U')], unchoking: [['a', 'regular']], unchokedBy: ['b'] },
    {
      peers: [peer('a', 'uU'), peer('b', 'o'), peer('c', 'U'), peer('d')],
      unchoking: [
        ['a', 'regular'],
        ['b', 'optimistic'],
      ],
      unchokedBy: ['a', 'c'],
    },
  ])('$peers.length peers → we unchoke $unchoking, unchoked by $unchokedBy', (c) => {
    const r = unchokeRelation('me', c.peers);
    expect(r.self).toBe('me');
    expect(r.unchoking.map((u) => [u.peer, u.slot])).toEqual(c.unchoking);
    expect(r.unchokedBy).toEqual(c.unchokedBy);
  });
});

function sampleDetail(): SwarmDetail {
  const stocks = ['*.*.*.*.*.', '..........', '**********'];
  return buildSwarmDetail({
    at: 5000,
    selfId: 'me',
    pieces: new Uint8Array([2, 2, 1, 0, 0, 0, 0, 0, 0, 2]),
    availability: new Uint16Array([2, 1, 2, 1, 2, 1, 2, 1, 2, 1]),
    sources: new Uint16Array([SOURCE_SELF, 1, SOURCE_UNKNOWN, ...Array(6).fill(SOURCE_UNKNOWN), 0]),
    sourcePeers: ['gone', 'c'],
    peers: stocks.map((s, i) => ({
      snapshot: peer('abc'[i]!, i === 2 ? 'U' : ''),
      stock: Bitfield.parse(s),
    })),
    history: { firstSecond: 0, download: new Float64Array([1, 2]), upload: new Float64Array([3, 4]) },
  });
}

describe('buildSwarmDetail', () => {
  it('packs one bitfield row per peer, readable with peerHasPiece', () => {
    const d = sampleDetail();
    expect(d.bitfieldBytes).toBe(2);
    expect(d.peerBits).toHaveLength(6);
    const rows = d.peers.map((_, row) =>
      Array.from({ length: d.pieceCount }, (_, i) => (peerHasPiece(d, row, i) ? '*' : '.')).join(''),
    );
    expect(rows).toEqual(['*.*.*.*.*.', '..........', '**********']);
    expect(peerHasPiece(d, 3, 0)).toBe(false);
    expect(peerHasPiece(d, 2, 10)).toBe(false);
  });

  it('derives the unchoke relation from the same peers', () => {
    expect(sampleDetail().unchoke).toEqual({ self: 'me', unchoking: [], unchokedBy: ['c'] });
  });

  it('names each piece’s source', () => {
    const d = sampleDetail();
    expect([0, 1, 2, 9].map((i) => sourceOfPiece(d, i))).toEqual(['self', 'c', null, 'gone']);
  });

  it('transfers every array: each has its own buffer, and a transfer detaches them', () => {
    const d = sampleDetail();
    const buffers = detailTransferables(d);
    expect(new Set(buffers).size).toBe(6);
    const copy = structuredClone(d, { transfer: buffers });
    expect(d.peerBits.byteLength).toBe(0);
    expect([...copy.history.upload]).toEqual([3, 4]);
  });
});
