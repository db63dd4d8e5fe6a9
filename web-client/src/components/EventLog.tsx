import { describeEvent } from '../event-text.ts';
import type { TimedEvent } from '../worker-messages.ts';

/** Newest first; the list is capped by the app state. */
export function EventLog({ events }: { events: TimedEvent[] }) {
  return (
    <details class="event-log" open>
      <summary>Event log</summary>
      <ol aria-label="Event log" reversed>
        {events
          .slice()
          .reverse()
          .map((e, i) => (
            <li key={`${e.at}-${events.length - i}`} class={`event event-${e.kind}`}>
              <time>{new Date(e.at).toLocaleTimeString()}</time> {describeEvent(e)}
            </li>
          ))}
      </ol>
    </details>
  );
}
