import { useApp } from '../app-context.ts';
import { useT } from '../i18n/i18n.ts';

const MB = 1024 * 1024;

/**
 * This tab's upload cap, for every swarm it is in: slows a classroom demo to human speed, or keeps a
 * laptop's uplink free. Empty means no cap. Applied at once by the engine's limiter in the worker.
 */
export function UploadLimit() {
  const app = useApp();
  const t = useT();
  const limit = app.uploadLimit.value;
  return (
    <label class="upload-limit">
      {t('uploadLimit.label')}{' '}
      <input
        type="number"
        min="0.01"
        step="0.1"
        placeholder={t('uploadLimit.none')}
        value={limit === null ? '' : String(limit / MB)}
        onChange={(e) => {
          const text = e.currentTarget.value.trim();
          const mib = Number(text);
          app.setUploadLimit(text === '' || !(mib > 0) ? null : Math.round(mib * MB));
        }}
      />
    </label>
  );
}
