import { describe, expect, it } from 'vitest';
import { MAX_SOURCE_PEERS, PieceSources, SOURCE_SELF, SOURCE_UNKNOWN } from './piece-sources.ts';

/** The sources as a picture: 'S' held from the start, '?' unknown, else the peer's index. */
function picture(sources: Uint16Array): string {
  return [...sources].map((v) => (v === SOURCE_SELF ? 'S' : v === SOURCE_UNKNOWN ? '?' : String(v))).join('');
}

describe('PieceSources', () => {
  it('starts unknown, marks own pieces, credits peers by first-credit index', () => {
    const s = new PieceSources(7);
    s.markOwn(0);
    s.onPieceVerified(3, 'b');
    s.onPieceVerified(1, 'a');
    s.onPieceVerified(4, 'b');
    s.onPieceVerified(5, null);
    const view = s.view();
    expect(picture(view.sources)).toBe('S1?00??');
    expect(view.sourcePeers).toEqual(['b', 'a']);
    expect([0, 1, 2, 3].map((i) => s.sourceOf(i))).toEqual(['self', 'a', null, 'b']);
  });

  it('keeps a departed peer’s index and credit: indexes mean the same peer in every view', () => {
    const s = new PieceSources(4);
    s.onPieceVerified(0, 'gone');
    const before = s.view();
    s.onPieceVerified(1, 'new');
    const after = s.view();
    expect(after.sourcePeers.slice(0, before.sourcePeers.length)).toEqual(before.sourcePeers);
    expect(picture(after.sources)).toBe('01??');
  });

  it('gives copies that later credits do not change', () => {
    const s = new PieceSources(2);
    const view = s.view();
    s.onPieceVerified(0, 'a');
    expect(picture(view.sources)).toBe('??');
    expect(view.sourcePeers).toEqual([]);
  });

  it('ignores pieces out of range', () => {
    const s = new PieceSources(2);
    s.markOwn(5);
    s.onPieceVerified(-1, 'a');
    expect(picture(s.view().sources)).toBe('??');
  });

  it('reads unknown for peers past the 16-bit index space', () => {
    const s = new PieceSources(MAX_SOURCE_PEERS + 1);
    for (let i = 0; i < MAX_SOURCE_PEERS; i++) s.onPieceVerified(i, `p${i}`);
    s.onPieceVerified(MAX_SOURCE_PEERS, 'one-too-many');
    expect(s.sourceOf(MAX_SOURCE_PEERS - 1)).toBe(`p${MAX_SOURCE_PEERS - 1}`);
    expect(s.sourceOf(MAX_SOURCE_PEERS)).toBeNull();
  });
});
