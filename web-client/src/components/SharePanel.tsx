import { DEFAULT_SWARM_SETTINGS } from '@minibit/protocol';
import { useState } from 'preact/hooks';
import { useApp } from '../app-context.ts';
import { formatSeconds } from '../format.ts';
import { useT } from '../i18n/i18n.ts';
import { describeSettingsProblem, SettingsForm } from '../settings/SettingsForm.tsx';
import { fieldsOf, problemOf, type SettingsFields, settingsOf } from '../settings/settings-fields.ts';
import { describeProblem } from './problem-text.ts';

export function SharePanel() {
  const app = useApp();
  const t = useT();
  const ts = useT('settings');
  const [dragging, setDragging] = useState(false);
  // The swarm settings sent with each share (a swarm the share creates starts with them). While
  // they are invalid, the form says why and nothing is shared.
  const [fields, setFields] = useState<SettingsFields>(() => fieldsOf(DEFAULT_SWARM_SETTINGS));
  const [settingsOpen, setSettingsOpen] = useState(false);
  const settings = settingsOf(fields);
  const problem = settings.ok ? null : problemOf(settings.error);
  const pick = (files: FileList | null) => {
    const list = Array.from(files ?? []);
    if (list.length === 0) return;
    if (!settings.ok) return setSettingsOpen(true);
    for (const f of list) app.share(f, settings.value);
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
      <details
        class="share-settings"
        open={settingsOpen}
        onToggle={(e) => setSettingsOpen(e.currentTarget.open)}
      >
        <summary>{ts('share.summary')}</summary>
        <SettingsForm fields={fields} onChange={setFields} label={ts('share.label')} problem={problem}>
          {problem && (
            <p role="alert" class="error">
              {ts('share.notShared', { reason: describeSettingsProblem(problem, ts) })}
            </p>
          )}
          <p class="hint">
            {ts('share.hint')} {ts('explain')}
          </p>
        </SettingsForm>
      </details>
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
