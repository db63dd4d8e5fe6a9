import type { EngineEvent } from '@minibit/protocol';
import { describe, expect, test } from 'vitest';
import {
  countByCategory,
  type EventCategory,
  eventCategory,
  filterEvents,
  toggleCategory,
} from './event-categories.ts';

const cases: [EngineEvent, EventCategory][] = [
  [{ kind: 'choke', peer: 'a', by: 'us' }, 'choke'],
  [{ kind: 'choke', peer: 'a', by: 'them' }, 'choke'],
  [{ kind: 'unchoke', peer: 'a', by: 'us', slot: 'optimistic' }, 'unchoke'],
  [{ kind: 'unchoke', peer: 'a', by: 'them' }, 'unchoke'],
  [{ kind: 'optimistic-rotated', peers: ['a'] }, 'optimistic'],
  [{ kind: 'piece-started', piece: 1, peer: 'a', availability: 2, reason: 'rarest' }, 'rarest'],
  [{ kind: 'piece-started', piece: 1, peer: 'a', availability: 2, reason: 'random-first' }, 'other'],
  [{ kind: 'piece-verified', piece: 1, from: 'a' }, 'verified'],
  [{ kind: 'hash-failed', piece: 1, peers: ['a'] }, 'hash-failed'],
  [{ kind: 'peer-connected', peer: 'a' }, 'other'],
  [{ kind: 'interest', peer: 'a', interested: true, wanted: 3 }, 'other'],
  [{ kind: 'complete', elapsedMs: 1 }, 'other'],
];

test.each(cases)('%j is %s', (event, category) => {
  expect(eventCategory(event)).toBe(category);
});

describe('filterEvents', () => {
  const events = cases.map(([e]) => e);

  test('nothing hidden: the same list', () => {
    expect(filterEvents(events, new Set())).toBe(events);
  });

  test('hidden categories drop out, the order stays', () => {
    const shown = filterEvents(events, new Set<EventCategory>(['verified', 'other', 'choke']));
    expect(shown.map((e) => e.kind)).toEqual([
      'unchoke',
      'unchoke',
      'optimistic-rotated',
      'piece-started',
      'hash-failed',
    ]);
  });
});

test('countByCategory', () => {
  expect(countByCategory(cases.map(([e]) => e))).toEqual({
    choke: 2,
    unchoke: 2,
    optimistic: 1,
    rarest: 1,
    verified: 1,
    'hash-failed': 1,
    other: 4,
  });
});

test('toggleCategory returns a new set', () => {
  const hidden = new Set<EventCategory>(['choke']);
  expect([...toggleCategory(hidden, 'verified', false)]).toEqual(['choke', 'verified']);
  expect([...toggleCategory(hidden, 'choke', true)]).toEqual([]);
  expect([...hidden]).toEqual(['choke']);
});
