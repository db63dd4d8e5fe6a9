import type { EngineEvent } from '@minibit/protocol';

/**
 * The event log's filter: each engine event falls in one category, and the log shows the events of
 * the categories left ticked. 'rarest' is a piece chosen by rarest first (the line says how many peers
 * hold it); pieces chosen otherwise (random first piece, random, sequential) fall in 'other'.
 */

export const EVENT_CATEGORIES = [
  'choke',
  'unchoke',
  'optimistic',
  'rarest',
  'verified',
  'hash-failed',
  'other',
] as const;
export type EventCategory = (typeof EVENT_CATEGORIES)[number];

export function eventCategory(e: EngineEvent): EventCategory {
  switch (e.kind) {
    case 'choke':
      return 'choke';
    case 'unchoke':
      return 'unchoke';
    case 'optimistic-rotated':
      return 'optimistic';
    case 'piece-started':
      return e.reason === 'rarest' ? 'rarest' : 'other';
    case 'piece-verified':
      return 'verified';
    case 'hash-failed':
      return 'hash-failed';
    default:
      return 'other';
  }
}

/** The events whose category is not hidden, in their order (the same array when nothing is hidden). */
export function filterEvents<E extends EngineEvent>(events: E[], hidden: ReadonlySet<EventCategory>): E[] {
  if (hidden.size === 0) return events;
  return events.filter((e) => !hidden.has(eventCategory(e)));
}

/** How many events of each category the list holds. */
export function countByCategory(events: readonly EngineEvent[]): Record<EventCategory, number> {
  const counts = Object.fromEntries(EVENT_CATEGORIES.map((c) => [c, 0])) as Record<EventCategory, number>;
  for (const e of events) counts[eventCategory(e)]++;
  return counts;
}

/** `hidden` with `category` shown (`show`) or hidden: a new set, for a state update. */
export function toggleCategory(
  hidden: ReadonlySet<EventCategory>,
  category: EventCategory,
  show: boolean,
): Set<EventCategory> {
  const next = new Set(hidden);
  if (show) next.delete(category);
  else next.add(category);
  return next;
}
