import { useT } from '../i18n/i18n.ts';
import { EVENT_CATEGORIES, type EventCategory } from '../views/event-categories.ts';

/** A checkbox per event category (with how many the log holds): unticked ones are hidden. */
export function EventFilters({
  counts,
  hidden,
  onToggle,
}: {
  counts: Record<EventCategory, number>;
  hidden: ReadonlySet<EventCategory>;
  onToggle: (category: EventCategory, show: boolean) => void;
}) {
  const t = useT();
  return (
    <fieldset class="event-filters">
      <legend>{t('log.filterLabel')}</legend>
      {EVENT_CATEGORIES.map((c) => (
        <label key={c} data-category={c}>
          <input
            type="checkbox"
            checked={!hidden.has(c)}
            onChange={(e) => onToggle(c, e.currentTarget.checked)}
          />{' '}
          {t('log.filterItem', { name: t(`log.category.${c}`), n: counts[c] })}
        </label>
      ))}
    </fieldset>
  );
}
