import { useApp } from '../app-context.ts';
import { formatTenths } from '../format.ts';
import { useT } from '../i18n/i18n.ts';

export function TrackerBadge() {
  const app = useApp();
  const t = useT();
  const state = t(`tracker.state.${app.tracker.value}`);
  const retry = app.trackerDetail.value;
  return (
    <div class="tracker-badge">
      <span role="status" aria-label={t('tracker.label')} class={`badge badge-${app.tracker.value}`}>
        {retry
          ? t('tracker.statusRetrying', {
              state,
              seconds: formatTenths(retry.retryMs / 1000),
              code: retry.closeCode,
            })
          : t('tracker.status', { state })}
      </span>
      {app.selfId.value && (
        <span class="self-id">
          {t('tracker.selfId')} <code data-testid="self-id">{app.selfId.value}</code>
        </span>
      )}
    </div>
  );
}
