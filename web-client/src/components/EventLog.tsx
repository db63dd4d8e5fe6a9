import { describeEvent } from '../event-text.ts';
import { language, useT } from '../i18n/i18n.ts';
import type { TimedEvent } from '../worker-messages.ts';

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

/** Newest first; the list is capped by the app state. */
export function EventLog({ events }: { events: TimedEvent[] }) {
  const t = useT();
  const lng = language.value;
  return (
    <details class="event-log" open>
      <summary>{t('log.title')}</summary>
      <ol aria-label={t('log.title')} reversed>
        {events
          .slice()
          .reverse()
          .map((e) => (
            <li key={keyOf(e)} class={`event event-${e.kind}`}>
              <time>{new Date(e.at).toLocaleTimeString(lng)}</time> {describeEvent(e, t)}
            </li>
          ))}
      </ol>
    </details>
  );
}
