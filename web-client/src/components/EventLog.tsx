import { memo } from 'preact/compat';
import { useMemo, useState } from 'preact/hooks';
import { describeEvent } from '../event-text.ts';
import { language, useT } from '../i18n/i18n.ts';
import {
  countByCategory,
  type EventCategory,
  filterEvents,
  toggleCategory,
} from '../views/event-categories.ts';
import type { TimedEvent } from '../worker-messages.ts';
import { EventFilters } from './EventFilters.tsx';

/**
 * A stable key per event object. Keys derived from list positions changed for every row whenever the
 * capped list scrolled, so Preact rebuilt all 300 rows ten times a second: in a profile of a
 * downloading tab that DOM churn was the main thread's largest cost after the channel itself.
 */
const keys = new WeakMap<TimedEvent, number>();
let nextKey = 1;
function keyOf(e: TimedEvent): number {
  let k = keys.get(e);
  if (k === undefined) keys.set(e, (k = nextKey++));
  return k;
}

/**
 * A row's text, made once per event and language: translating and formatting 300 rows on every
 * render was most of the log's cost in a profile of a downloading tab's main thread.
 */
const rowTexts = new WeakMap<TimedEvent, { lng: string; time: string; text: string }>();
function rowText(e: TimedEvent, lng: string, t: ReturnType<typeof useT>) {
  let row = rowTexts.get(e);
  if (row?.lng !== lng) {
    row = { lng, time: new Date(e.at).toLocaleTimeString(lng), text: describeEvent(e, t) };
    rowTexts.set(e, row);
  }
  return row;
}

/**
 * Newest first; the list is capped by the app state. Categories can be hidden with the checkboxes.
 * Memoised: the card re-renders with every snapshot, the log only when events arrive.
 */
export const EventLog = memo(function EventLog({ events }: { events: TimedEvent[] }) {
  const t = useT();
  const lng = language.value;
  const [hidden, setHidden] = useState<ReadonlySet<EventCategory>>(() => new Set());
  const counts = useMemo(() => countByCategory(events), [events]);
  const shown = filterEvents(events, hidden);
  return (
    <details class="event-log" open>
      <summary>{t('log.title')}</summary>
      <EventFilters
        counts={counts}
        hidden={hidden}
        onToggle={(c, show) => setHidden((h) => toggleCategory(h, c, show))}
      />
      {hidden.size > 0 && <p class="hint">{t('log.shown', { shown: shown.length, count: events.length })}</p>}
      <ol aria-label={t('log.title')} reversed>
        {shown
          .slice()
          .reverse()
          .map((e) => {
            const row = rowText(e, lng, t);
            return (
              <li key={keyOf(e)} class={`event event-${e.kind}`}>
                <time>{row.time}</time> {row.text}
              </li>
            );
          })}
      </ol>
    </details>
  );
});
