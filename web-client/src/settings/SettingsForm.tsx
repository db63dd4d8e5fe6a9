import { PICK_STRATEGIES } from '@minibit/protocol';
import type { ComponentChildren } from 'preact';
import { language, type Translate, useT } from '../i18n/i18n.ts';
import { NumberField } from './NumberField.tsx';
import {
  FIELD_BOUNDS,
  isNumberField,
  NUMBER_FIELDS,
  type SettingsFields,
  type SettingsProblem,
} from './settings-fields.ts';
import './settings.css';

const CHOKING_MODES = ['tit-for-tat', 'unchoke-all'] as const;

/** The catalog key (namespace 'settings') of each field's label. */
export const LABEL_KEY: Record<keyof SettingsFields, string> = {
  strategy: 'strategy',
  choking: 'choking',
  regularSlots: 'regularSlots',
  optimisticSlots: 'optimisticSlots',
  rechokeSeconds: 'rechokeSeconds',
  optimisticSeconds: 'optimisticSeconds',
  uploadCapMB: 'uploadCap',
};

/**
 * A swarm's settings as a form: piece selection, choking, slots, intervals and the per-peer upload
 * cap. Controlled: the page holds the fields (see settings-fields.ts to read them) and decides what
 * a submit does; `children` go under the fields (the page's buttons, feedback and hints). The
 * teacher's dashboard applies them to a running swarm; the sharer's page sends them with a share.
 */
export function SettingsForm({
  fields,
  onChange,
  label,
  heading,
  problem,
  onSubmit,
  children,
}: {
  fields: SettingsFields;
  onChange: (fields: SettingsFields) => void;
  /** The form's accessible name. */
  label: string;
  /** A heading over the fields; none where something else titles the form. */
  heading?: string;
  /** What is wrong, to mark the field concerned. */
  problem?: SettingsProblem | null;
  onSubmit?: () => void;
  children?: ComponentChildren;
}) {
  const ts = useT('settings');
  const set = (name: keyof SettingsFields) => (value: string) => onChange({ ...fields, [name]: value });
  const invalid = (name: keyof SettingsFields) => problem?.kind === 'field' && problem.field === name;
  return (
    <form
      class="settings"
      aria-label={label}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit?.();
      }}
    >
      {heading && <h3>{heading}</h3>}
      <div class="settings-grid">
        <label>
          {ts('strategy')}
          <select value={fields.strategy} onInput={(e) => set('strategy')(e.currentTarget.value)}>
            {PICK_STRATEGIES.map((s) => (
              <option key={s} value={s}>
                {ts(`strategies.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {ts('choking')}
          <select value={fields.choking} onInput={(e) => set('choking')(e.currentTarget.value)}>
            {CHOKING_MODES.map((c) => (
              <option key={c} value={c}>
                {ts(`chokingModes.${c}`)}
              </option>
            ))}
          </select>
        </label>
        {NUMBER_FIELDS.map((name) => (
          <NumberField
            key={name}
            label={ts(LABEL_KEY[name])}
            value={fields[name]}
            onValue={set(name)}
            {...FIELD_BOUNDS[name]}
            // An empty cap is no cap.
            required={name !== 'uploadCapMB'}
            placeholder={name === 'uploadCapMB' ? ts('noCap') : undefined}
            invalid={invalid(name)}
          />
        ))}
      </div>
      {children}
    </form>
  );
}

/**
 * What is wrong with the fields, in the page's language:
 *   “Rechoke every (s)” takes a number from 1 to 300.
 */
export function describeSettingsProblem(problem: SettingsProblem, ts: Translate): string {
  switch (problem.kind) {
    case 'field': {
      const field = ts(LABEL_KEY[problem.field]);
      if (!isNumberField(problem.field)) return ts('problem.choice', { field });
      const { min, max } = FIELD_BOUNDS[problem.field];
      const number = new Intl.NumberFormat(language.value, { maximumFractionDigits: 3 });
      return ts('problem.field', { field, min: number.format(min), max: number.format(max) });
    }
    case 'no-slots':
      return ts('problem.noSlots');
    case 'other':
      return ts('problem.other', { reason: problem.reason });
  }
}
