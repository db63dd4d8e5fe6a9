import { PICK_STRATEGIES, SWARM_SETTINGS_LIMITS as L, type SwarmSettings } from '@minibit/protocol';
import { useState } from 'preact/hooks';
import { useT } from '../i18n/i18n.ts';
import { useDashboard } from './dashboard-context.ts';
import { fieldsOf, type SettingsFields, settingsOf } from './settings-fields.ts';

const CHOKING_MODES = ['tit-for-tat', 'unchoke-all'] as const;

/**
 * One swarm's settings, applied to every peer of the swarm on submit. The form starts from the
 * settings in force (its parent re-creates it when they change) and keeps the teacher's edits
 * until then.
 */
export function SettingsForm({ swarmId, settings }: { swarmId: string; settings: SwarmSettings }) {
  const model = useDashboard();
  const td = useT('dashboard');
  const [fields, setFields] = useState<SettingsFields>(() => fieldsOf(settings));
  const [problem, setProblem] = useState<string | null>(null);
  const feedback = model.feedback.value[swarmId];
  const field = (name: keyof SettingsFields) => ({
    value: fields[name],
    onInput: (e: { currentTarget: { value: string } }) => {
      const value = e.currentTarget.value;
      setFields((f) => ({ ...f, [name]: value }));
    },
  });
  return (
    <form
      class="settings"
      aria-label={td('settings.title')}
      onSubmit={(e) => {
        e.preventDefault();
        const result = settingsOf(fields);
        if (!result.ok) return setProblem(result.error);
        setProblem(null);
        model.setSettings(swarmId, result.value);
      }}
    >
      <h3>{td('settings.title')}</h3>
      <div class="settings-grid">
        <label>
          {td('settings.strategy')}
          <select {...field('strategy')}>
            {PICK_STRATEGIES.map((s) => (
              <option key={s} value={s}>
                {td(`settings.strategies.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {td('settings.choking')}
          <select {...field('choking')}>
            {CHOKING_MODES.map((c) => (
              <option key={c} value={c}>
                {td(`settings.chokingModes.${c}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {td('settings.regularSlots')}
          <input type="number" min={0} max={L.maxRegularSlots} step={1} required {...field('regularSlots')} />
        </label>
        <label>
          {td('settings.optimisticSlots')}
          <input
            type="number"
            min={0}
            max={L.maxOptimisticSlots}
            step={1}
            required
            {...field('optimisticSlots')}
          />
        </label>
        <label>
          {td('settings.rechokeSeconds')}
          <input
            type="number"
            min={L.minIntervalMs / 1000}
            max={L.maxIntervalMs / 1000}
            step="any"
            required
            {...field('rechokeSeconds')}
          />
        </label>
        <label>
          {td('settings.optimisticSeconds')}
          <input
            type="number"
            min={L.minIntervalMs / 1000}
            max={L.maxIntervalMs / 1000}
            step="any"
            required
            {...field('optimisticSeconds')}
          />
        </label>
        <label>
          {td('settings.uploadCap')}
          <input
            type="number"
            min={L.minUploadCap / 1e6}
            max={L.maxUploadCap / 1e6}
            step="any"
            placeholder={td('settings.noCap')}
            {...field('uploadCapMB')}
          />
        </label>
      </div>
      <p class="settings-actions">
        <button type="submit">{td('settings.apply')}</button>{' '}
        {problem ? (
          <span role="alert" class="error">
            {td('settings.invalid', { reason: problem })}
          </span>
        ) : feedback ? (
          <span role="status" class={feedback.ok ? 'ok' : 'error'}>
            {feedback.ok ? td('settings.applied') : td('settings.refused', { message: feedback.message })}
          </span>
        ) : null}
      </p>
      <p class="hint">{td('settings.explain')}</p>
    </form>
  );
}
