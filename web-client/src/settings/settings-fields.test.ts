import { DEFAULT_SWARM_SETTINGS } from '@minibit/protocol';
import { describe, expect, it } from 'vitest';
import { FIELD_BOUNDS, fieldsOf, NUMBER_FIELDS, problemOf, settingsOf } from './settings-fields.ts';

describe('settings fields', () => {
  it('round-trips the defaults and a capped demo', () => {
    expect(settingsOf(fieldsOf(DEFAULT_SWARM_SETTINGS))).toEqual({ ok: true, value: DEFAULT_SWARM_SETTINGS });
    const demo = {
      ...DEFAULT_SWARM_SETTINGS,
      strategy: 'sequential' as const,
      uploadCapBytesPerSecond: 250_000,
    };
    expect(fieldsOf(demo)).toMatchObject({ strategy: 'sequential', uploadCapMB: '0.25' });
    expect(settingsOf(fieldsOf(demo))).toEqual({ ok: true, value: demo });
  });

  it.each([
    { why: 'seconds to ms', patch: { rechokeSeconds: '2.5' }, want: { rechokeIntervalMs: 2500 } },
    { why: 'a decimal comma', patch: { uploadCapMB: '0,5' }, want: { uploadCapBytesPerSecond: 500_000 } },
    { why: 'an empty cap is none', patch: { uploadCapMB: '  ' }, want: { uploadCapBytesPerSecond: null } },
  ])('reads $why', ({ patch, want }) => {
    const result = settingsOf({ ...fieldsOf(DEFAULT_SWARM_SETTINGS), ...patch });
    expect(result.ok && result.value).toMatchObject(want);
  });

  it.each([
    { why: 'an empty slot count', patch: { regularSlots: '' }, error: /regularSlots/ },
    { why: 'a cap under 16 KiB/s', patch: { uploadCapMB: '0.001' }, error: /uploadCapBytesPerSecond/ },
    { why: 'a half-second rechoke', patch: { rechokeSeconds: '0.5' }, error: /rechokeIntervalMs/ },
    { why: 'words', patch: { optimisticSeconds: 'soon' }, error: /optimisticIntervalMs/ },
    { why: 'an unknown strategy', patch: { strategy: 'fastest' }, error: /strategy/ },
  ])('refuses $why, naming the setting', ({ patch, error }) => {
    const result = settingsOf({ ...fieldsOf(DEFAULT_SWARM_SETTINGS), ...patch });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(error);
  });

  it.each([
    {
      why: 'a slot count over the limit',
      patch: { regularSlots: '17' },
      want: { kind: 'field', field: 'regularSlots' },
    },
    {
      why: 'a half-second rechoke',
      patch: { rechokeSeconds: '0.5' },
      want: { kind: 'field', field: 'rechokeSeconds' },
    },
    {
      why: 'an empty rotation',
      patch: { optimisticSeconds: '' },
      want: { kind: 'field', field: 'optimisticSeconds' },
    },
    { why: 'a tiny cap', patch: { uploadCapMB: '0.001' }, want: { kind: 'field', field: 'uploadCapMB' } },
    {
      why: 'an unknown strategy',
      patch: { strategy: 'fastest' },
      want: { kind: 'field', field: 'strategy' },
    },
    {
      why: 'tit-for-tat with no slot',
      patch: { choking: 'tit-for-tat', regularSlots: '0', optimisticSlots: '0' },
      want: { kind: 'no-slots' },
    },
  ])('says which field is wrong: $why', ({ patch, want }) => {
    const result = settingsOf({ ...fieldsOf(DEFAULT_SWARM_SETTINGS), ...patch });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(problemOf(result.error)).toEqual(want);
  });

  it('keeps an unknown complaint in its own words', () => {
    expect(problemOf('invalid settings: something new')).toEqual({
      kind: 'other',
      reason: 'invalid settings: something new',
    });
  });

  it('accepts each number field at both of the bounds it shows, and refuses just past them', () => {
    for (const name of NUMBER_FIELDS) {
      const { min, max } = FIELD_BOUNDS[name];
      for (const value of [min, max]) {
        const result = settingsOf({ ...fieldsOf(DEFAULT_SWARM_SETTINGS), [name]: String(value) });
        expect(result.ok, `${name} = ${value}`).toBe(true);
      }
      for (const value of [min - 1, max + 1]) {
        const result = settingsOf({ ...fieldsOf(DEFAULT_SWARM_SETTINGS), [name]: String(value) });
        expect(result.ok, `${name} = ${value}`).toBe(false);
      }
    }
  });
});
