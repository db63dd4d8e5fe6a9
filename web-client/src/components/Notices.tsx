import { useApp } from '../app-context.ts';
import { describeReason } from '../event-text.ts';
import { useT } from '../i18n/i18n.ts';

export function Notices() {
  const app = useApp();
  const t = useT();
  if (app.notices.value.length === 0) return null;
  return (
    <ul class="notices" aria-label={t('notices.label')}>
      {app.notices.value.map((n) => (
        <li key={n.id} role="alert">
          {t(n.key, {
            ...n.values,
            ...(typeof n.values?.reason === 'string' && { reason: describeReason(n.values.reason, t) }),
          })}{' '}
          <button type="button" onClick={() => app.dismissNotice(n.id)} aria-label={t('notices.dismiss')}>
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
