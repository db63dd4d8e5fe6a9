import {
  checkSettings,
  type ParseResult,
  SWARM_SETTINGS_LIMITS as L,
  type SwarmSettings,
} from '@minibit/protocol';

/**
 * The settings form's fields as the user types them, and back: intervals in seconds, the upload
 * cap in MB/s (1 MB = 1,000,000 bytes; empty = no cap). Tracks nothing. Used by the teacher's
 * dashboard and by the sharer's page.
 *
 *   { rechokeIntervalMs: 10000, uploadCapBytesPerSecond: 250000 } ⇄ { rechokeSeconds: '10', uploadCapMB: '0.25' }
 */

export const BYTES_PER_MB = 1_000_000;

export interface SettingsFields {
  strategy: string;
  choking: string;
  regularSlots: string;
  optimisticSlots: string;
  rechokeSeconds: string;
  optimisticSeconds: string;
  /** MB/s, or '' for no cap. */
  uploadCapMB: string;
}

export type NumberFieldName = Exclude<keyof SettingsFields, 'strategy' | 'choking'>;

/** The number fields, in the form's order. */
export const NUMBER_FIELDS: readonly NumberFieldName[] = [
  'regularSlots',
  'optimisticSlots',
  'rechokeSeconds',
  'optimisticSeconds',
  'uploadCapMB',
];

export const isNumberField = (name: keyof SettingsFields): name is NumberFieldName =>
  (NUMBER_FIELDS as readonly string[]).includes(name);

/**
 * Each number field's bounds in the units it is typed in, rounded inwards to what a person types
 * (the 16 KiB/s minimum cap shows as 0.017 MB/s, which the protocol accepts).
 */
export const FIELD_BOUNDS: Record<NumberFieldName, { min: number; max: number; step: number | 'any' }> = {
  regularSlots: { min: 0, max: L.maxRegularSlots, step: 1 },
  optimisticSlots: { min: 0, max: L.maxOptimisticSlots, step: 1 },
  rechokeSeconds: { min: ceil3(L.minIntervalMs / 1000), max: floor3(L.maxIntervalMs / 1000), step: 'any' },
  optimisticSeconds: { min: ceil3(L.minIntervalMs / 1000), max: floor3(L.maxIntervalMs / 1000), step: 'any' },
  uploadCapMB: {
    min: ceil3(L.minUploadCap / BYTES_PER_MB),
    max: floor3(L.maxUploadCap / BYTES_PER_MB),
    step: 'any',
  },
};

function ceil3(x: number): number {
  return Math.ceil(x * 1000) / 1000;
}
function floor3(x: number): number {
  return Math.floor(x * 1000) / 1000;
}

/** The protocol's name of the setting each field edits. */
const SETTING_OF_FIELD: Record<keyof SettingsFields, keyof SwarmSettings> = {
  strategy: 'strategy',
  choking: 'choking',
  regularSlots: 'regularSlots',
  optimisticSlots: 'optimisticSlots',
  rechokeSeconds: 'rechokeIntervalMs',
  optimisticSeconds: 'optimisticIntervalMs',
  uploadCapMB: 'uploadCapBytesPerSecond',
};

export function fieldsOf(s: SwarmSettings): SettingsFields {
  return {
    strategy: s.strategy,
    choking: s.choking,
    regularSlots: String(s.regularSlots),
    optimisticSlots: String(s.optimisticSlots),
    rechokeSeconds: String(s.rechokeIntervalMs / 1000),
    optimisticSeconds: String(s.optimisticIntervalMs / 1000),
    uploadCapMB: s.uploadCapBytesPerSecond === null ? '' : String(s.uploadCapBytesPerSecond / BYTES_PER_MB),
  };
}

/** The settings the fields describe, checked against the protocol's rules (the error names the setting). */
export function settingsOf(f: SettingsFields): ParseResult<SwarmSettings> {
  const number = (text: string) => (text.trim() === '' ? Number.NaN : Number(text.replace(',', '.')));
  const cap = f.uploadCapMB.trim();
  return checkSettings({
    strategy: f.strategy,
    choking: f.choking,
    regularSlots: number(f.regularSlots),
    optimisticSlots: number(f.optimisticSlots),
    rechokeIntervalMs: Math.round(number(f.rechokeSeconds) * 1000),
    optimisticIntervalMs: Math.round(number(f.optimisticSeconds) * 1000),
    uploadCapBytesPerSecond: cap === '' ? null : Math.round(number(cap) * BYTES_PER_MB),
  });
}

/**
 * What is wrong with the fields, for the form to say in the page's language and mark the field:
 * a field out of its bounds, tit-for-tat with no slot at all, or (should the protocol add a rule)
 * the protocol's own words.
 *
 *   problemOf('invalid settings: rechokeIntervalMs: Too small: …') → { kind: 'field', field: 'rechokeSeconds' }
 */
export type SettingsProblem =
  { kind: 'field'; field: keyof SettingsFields } | { kind: 'no-slots' } | { kind: 'other'; reason: string };

export function problemOf(error: string): SettingsProblem {
  const setting = /^invalid settings: (\w+):/.exec(error)?.[1];
  const field = (Object.keys(SETTING_OF_FIELD) as (keyof SettingsFields)[]).find(
    (f) => SETTING_OF_FIELD[f] === setting,
  );
  if (field) return { kind: 'field', field };
  if (/at least one slot/.test(error)) return { kind: 'no-slots' };
  return { kind: 'other', reason: error };
}
