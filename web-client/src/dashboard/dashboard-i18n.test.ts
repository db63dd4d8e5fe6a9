import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { i18n, LANGUAGES } from '../i18n/i18n.ts';

/**
 * Every key the dashboard names (its components call the dashboard namespace's translate `td`) is
 * in both catalogs, and so are the keys it builds from values (connection states). The settings
 * form's own keys are checked in settings/settings-i18n.test.ts.
 */

const has = (lng: string, key: string) =>
  i18n.exists(key, { lng, ns: 'dashboard' }) || i18n.exists(`${key}_other`, { lng, ns: 'dashboard' });

test.each(LANGUAGES)('every key the dashboard uses is in the %s catalog', (lng) => {
  const dir = import.meta.dirname;
  const sources = readdirSync(dir).filter((f) => /\.tsx?$/.test(f) && !f.includes('.test.'));
  const literal = sources.flatMap((f) =>
    [...readFileSync(join(dir, f), 'utf8').matchAll(/\btd\(\s*'([\w.-]+)'/g)].map((m) => m[1] ?? ''),
  );
  expect(literal.length).toBeGreaterThan(30);
  const built = [...['connecting', 'connected', 'disconnected', 'badKey'].map((s) => `connection.${s}`)];
  for (const key of [...literal, ...built]) expect(has(lng, key), `${lng}: ${key}`).toBe(true);
});
