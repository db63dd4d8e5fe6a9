import type { SwarmSettings } from '@minibit/protocol';
import { useState } from 'preact/hooks';
import { useT } from '../i18n/i18n.ts';
import { describeSettingsProblem, SettingsForm } from '../settings/SettingsForm.tsx';
import {
  fieldsOf,
  problemOf,
  type SettingsFields,
  type SettingsProblem,
  settingsOf,
} from '../settings/settings-fields.ts';
import { useDashboard } from './dashboard-context.ts';

/**
 * One swarm's settings, applied to every peer of the swarm on submit. The form starts from the
 * settings in force (its parent re-creates it when they change) and keeps the teacher's edits
 * until then.
 */
export function SwarmSettingsForm({ swarmId, settings }: { swarmId: string; settings: SwarmSettings }) {
  const model = useDashboard();
  const td = useT('dashboard');
  const ts = useT('settings');
  const [fields, setFields] = useState<SettingsFields>(() => fieldsOf(settings));
  const [problem, setProblem] = useState<SettingsProblem | null>(null);
  const feedback = model.feedback.value[swarmId];
  return (
    <SettingsForm
      fields={fields}
      onChange={setFields}
      label={ts('title')}
      heading={ts('title')}
      problem={problem}
      onSubmit={() => {
        const result = settingsOf(fields);
        if (!result.ok) return setProblem(problemOf(result.error));
        setProblem(null);
        model.setSettings(swarmId, result.value);
      }}
    >
      <p class="settings-actions">
        <button type="submit">{td('settings.apply')}</button>{' '}
        {problem ? (
          <span role="alert" class="error">
            {td('settings.invalid', { reason: describeSettingsProblem(problem, ts) })}
          </span>
        ) : feedback ? (
          <span role="status" class={feedback.ok ? 'ok' : 'error'}>
            {feedback.ok ? td('settings.applied') : td('settings.refused', { message: feedback.message })}
          </span>
        ) : null}
      </p>
      <p class="hint">
        {td('settings.explain')} {ts('explain')}
      </p>
    </SettingsForm>
  );
}
