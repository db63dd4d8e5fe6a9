import { describe, expect, test } from 'vitest';
import { describeEvent } from './event-text.ts';
import { i18n, type Translate } from './i18n/i18n.ts';
import type { TimedEvent } from './worker-messages.ts';

/** The English log lines are the ones the e2e tests look for: they must not change. */
const en: Translate = (key, options) => i18n.t(key, { ...options, lng: 'en' });
const at = 0;

describe('describeEvent in English', () => {
  test.each<[TimedEvent, string]>([
    [{ kind: 'peer-connected', peer: 'a', at }, 'connected to a'],
    [
      { kind: 'peer-disconnected', peer: 'a', reason: 'channel closed', at },
      'a disconnected: channel closed',
    ],
    [
      { kind: 'peer-disconnected', peer: 'a', reason: 'sent a second bitfield', at },
      'a disconnected: sent a second bitfield',
    ],
    [{ kind: 'protocol-error', peer: 'a', error: 'bad frame', at }, 'a broke the protocol: bad frame'],
    [
      { kind: 'piece-started', piece: 3, peer: 'a', availability: 1, reason: 'rarest', at },
      'rarest piece #3 chosen (held by 1 peer), asking a',
    ],
    [
      { kind: 'piece-started', piece: 3, peer: 'a', availability: 4, reason: 'rarest', at },
      'rarest piece #3 chosen (held by 4 peers), asking a',
    ],
    [
      { kind: 'piece-started', piece: 3, peer: 'a', availability: 4, reason: 'random-first', at },
      'piece #3 chosen (random-first, held by 4), asking a',
    ],
    [{ kind: 'piece-verified', piece: 3, from: 'a', at }, 'piece #3 verified from a'],
    [{ kind: 'piece-verified', piece: 3, from: null, at }, 'piece #3 verified'],
    [
      { kind: 'hash-failed', piece: 3, peers: ['a', 'b'], at },
      'piece #3 failed its hash check (sent by a, b); discarded, fetching again',
    ],
    [{ kind: 'peer-banned', peer: 'a', badPieces: 2, at }, 'a banned after 2 corrupt pieces'],
    [
      { kind: 'interest', peer: 'a', interested: true, wanted: 5, at },
      'interested in a (it has 5 pieces we lack)',
    ],
    [{ kind: 'interest', peer: 'a', interested: false, wanted: 0, at }, 'no longer interested in a'],
    [{ kind: 'choke', peer: 'a', by: 'us', at }, 'we choke a'],
    [{ kind: 'choke', peer: 'a', by: 'them', at }, 'a chokes us'],
    [{ kind: 'unchoke', peer: 'a', by: 'us', slot: 'optimistic', at }, 'we unchoke a (optimistic slot)'],
    [{ kind: 'unchoke', peer: 'a', by: 'us', at }, 'we unchoke a'],
    [{ kind: 'unchoke', peer: 'a', by: 'them', at }, 'a unchokes us'],
    [{ kind: 'optimistic-rotated', peers: [], at }, 'optimistic unchoke rotated to nobody'],
    [{ kind: 'optimistic-rotated', peers: ['a', 'b'], at }, 'optimistic unchoke rotated to a, b'],
    [{ kind: 'snubbed', peer: 'a', at }, 'a snubbed us (no data for a minute): regular slot withdrawn'],
    [
      { kind: 'request-timeout', peer: 'a', piece: 3, offset: 16384, at },
      'request for piece #3 (offset 16384) to a timed out; asking elsewhere',
    ],
    [{ kind: 'endgame', at }, 'endgame: asking several peers for the last blocks'],
    [{ kind: 'storage-error', piece: 3, error: 'Error: full', at }, 'storage error on piece #3: Error: full'],
    [{ kind: 'complete', elapsedMs: 1234.5, at }, 'download complete in 1.23 s'],
  ])('%j', (event, line) => {
    expect(describeEvent(event, en)).toBe(line);
  });
});
