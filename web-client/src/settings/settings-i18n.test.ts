import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PICK_STRATEGIES } from '@minibit/protocol';
import { expect, test } from 'vitest';
import { i18n, LANGUAGES } from '../i18n/i18n.ts';
import { LABEL_KEY } from './SettingsForm.tsx';

/**
 * Every key of the 'settings' namespace that the code names (its translate is `ts`, here and in the
 * pages that show the form) is in both catalogs, and so are the keys it builds from values (field
 * labels, strategies, choking modes).
 */

const has = (lng: string, key: string) =>
  i18n.exists(key, { lng, ns: 'settings' }) || i18n.exists(`${key}_other`, { lng, ns: 'settings' });

test.each(LANGUAGES)('every key the settings form uses is in the %s catalog', (lng) => {
  const src = join(import.meta.dirname, '..');
  const sources = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter(
    (f) => /\.tsx?$/.test(f) && !f.includes('.test.'),
  );
  const literal = sources.flatMap((f) =>
    [...readFileSync(join(src, f), 'utf8').matchAll(/\bts\(\s*'([\w.-]+)'/g)].map((m) => m[1] ?? ''),
  );
  expect(literal.length).toBeGreaterThan(10);
  const built = [
    ...Object.values(LABEL_KEY),
    ...PICK_STRATEGIES.map((s) => `strategies.${s}`),
    ...['tit-for-tat', 'unchoke-all'].map((c) => `chokingModes.${c}`),
  ];
  for (const key of [...literal, ...built]) expect(has(lng, key), `${lng}: ${key}`).toBe(true);
});
