import { useState } from 'preact/hooks';
import { useApp } from '../app-context.ts';
import { formatSeconds } from '../format.ts';
import { useT } from '../i18n/i18n.ts';
import { describeProblem } from './problem-text.ts';

export function SharePanel() {
  const app = useApp();
  const t = useT();
  const [dragging, setDragging] = useState(false);
  const pick = (files: FileList | null) => {
    for (const f of Array.from(files ?? [])) app.share(f);
  };
  return (
    <section
      class={`card share ${dragging ? 'dragging' : ''}`}
      aria-labelledby="share-title"
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        pick(e.dataTransfer?.files ?? null);
      }}
    >
      <h2 id="share-title">{t('share.title')}</h2>
      <label for="share-input">{t('share.label')}</label>{' '}
      <input
        id="share-input"
        type="file"
        onChange={(e) => {
          const input = e.currentTarget;
          pick(input.files);
          input.value = '';
        }}
      />
      <p class="hint">{t('share.hint')}</p>
      <ul class="share-jobs" aria-label={t('share.jobs')}>
        {app.shares.value.map((s) => (
          <li key={s.jobId} data-file-name={s.name} data-hash-ms={s.ms ?? undefined}>
            <span class="file-name">{s.name}</span>{' '}
            {s.error ? (
              <span role="alert" class="error">
                {describeProblem(s.error, t)}
              </span>
            ) : s.ms !== null ? (
              <span>
                {t('share.hashed', {
                  count: s.total,
                  time: formatSeconds(s.ms),
                  hasher: t(`share.hasher.${s.hasher ?? 'webcrypto'}`),
                })}
              </span>
            ) : (
              <>
                {t('share.hashing')}{' '}
                <progress
                  aria-label={t('share.hashingLabel', { name: s.name })}
                  max={Math.max(1, s.total)}
                  value={s.hashed}
                />
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
