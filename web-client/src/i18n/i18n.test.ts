import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { describeEvent } from '../event-text.ts';
import { detectLanguage, i18n, LANGUAGES, language, NAMESPACES, resources, setLanguage, t } from './i18n.ts';

/**
 * The catalogs: the same keys in both languages, nothing empty, the same placeholders, every plural
 * form each language's Intl.PluralRules can ask for; and how the language is chosen.
 */

type Catalog = { [key: string]: string | Catalog };
const PLURAL = /_(zero|one|two|few|many|other)$/;

function flatten(catalog: Catalog, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(catalog)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else for (const [kk, vv] of flatten(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}

const placeholders = (text: string): string[] =>
  [...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1] ?? '').sort();
const base = (key: string) => key.replace(PLURAL, '');
const catalog = (lng: (typeof LANGUAGES)[number], ns: (typeof NAMESPACES)[number]) =>
  flatten(resources[lng][ns] as Catalog);

describe.each(NAMESPACES)('namespace %s', (ns) => {
  const en = catalog('en', ns);
  const pt = catalog('pt-BR', ns);

  test('both languages have the same keys (plural suffixes aside)', () => {
    expect([...new Set([...pt.keys()].map(base))].sort()).toEqual(
      [...new Set([...en.keys()].map(base))].sort(),
    );
  });

  test('no value is empty', () => {
    for (const [lng, c] of [
      ['en', en],
      ['pt-BR', pt],
    ] as const) {
      for (const [key, value] of c) expect(value.trim(), `${lng} ${key}`).not.toBe('');
    }
  });

  test('each key has the same placeholders in both languages', () => {
    const byBase = (c: Map<string, string>) => {
      const m = new Map<string, string[]>();
      for (const [key, value] of c) {
        const names = placeholders(value);
        const known = m.get(base(key));
        // Every plural form of a key uses the same placeholders.
        if (known) expect(names, key).toEqual(known);
        m.set(base(key), names);
      }
      return m;
    };
    expect(Object.fromEntries(byBase(pt))).toEqual(Object.fromEntries(byBase(en)));
  });

  test.each(LANGUAGES)('%s has every plural form its language uses', (lng) => {
    const c = lng === 'en' ? en : pt;
    const categories = new Intl.PluralRules(lng).resolvedOptions().pluralCategories;
    const plural = new Set([...en.keys(), ...pt.keys()].filter((k) => PLURAL.test(k)).map(base));
    for (const key of plural) {
      for (const category of categories)
        expect(c.has(`${key}_${category}`), `${lng} ${key}_${category}`).toBe(true);
      expect(c.has(key), `${lng} ${key} (plural keys have no bare form)`).toBe(false);
    }
  });

  test('a key that interpolates {{count}} has plural forms', () => {
    for (const [key, value] of en) {
      if (placeholders(value).includes('count')) expect(key, key).toMatch(PLURAL);
    }
  });
});

describe('detectLanguage', () => {
  test.each([
    { languages: ['pt'], stored: null, want: 'pt-BR' },
    { languages: ['pt-BR'], stored: null, want: 'pt-BR' },
    { languages: ['pt-PT'], stored: null, want: 'pt-BR' },
    { languages: ['pt_br'], stored: null, want: 'pt-BR' },
    { languages: ['en-US'], stored: null, want: 'en' },
    { languages: ['fr-FR', 'de'], stored: null, want: 'en' },
    { languages: [], stored: null, want: 'en' },
    { languages: ['es', 'pt-BR'], stored: null, want: 'pt-BR' }, // the first language we have
    { languages: ['en-GB', 'pt-BR'], stored: null, want: 'en' },
    { languages: ['pt-BR'], stored: 'en', want: 'en' }, // a stored choice wins
    { languages: ['en-US'], stored: 'pt-BR', want: 'pt-BR' },
    { languages: ['pt-BR'], stored: 'klingon', want: 'pt-BR' }, // a bad stored value is ignored
  ])('$languages, stored $stored → $want', ({ languages, stored, want }) => {
    expect(detectLanguage(languages, stored)).toBe(want);
  });
});

describe('translating', () => {
  test('plurals and interpolation, unescaped', () => {
    expect(i18n.t('events.peerBanned', { lng: 'en', peer: 'p1', count: 2 })).toBe(
      'p1 banned after 2 corrupt pieces',
    );
    expect(i18n.t('events.peerBanned', { lng: 'pt-BR', peer: 'p1', count: 1 })).toBe(
      'p1 banido após 1 peça corrompida',
    );
    expect(i18n.t('catalog.downloadLabel', { lng: 'en', name: `<b>"a" & 'b'</b>` })).toBe(
      `Download <b>"a" & 'b'</b>`,
    );
  });

  test('t and describeEvent follow setLanguage', () => {
    const event = {
      kind: 'piece-started',
      piece: 7,
      peer: 'p2',
      availability: 1,
      reason: 'rarest',
      at: 0,
    } as const;
    setLanguage('en');
    expect(language.value).toBe('en');
    expect(describeEvent(event, t)).toBe('rarest piece #7 chosen (held by 1 peer), asking p2');
    setLanguage('pt-BR');
    expect(describeEvent(event, t)).toBe('peça mais rara #7 escolhida (presente em 1 par), pedindo a p2');
    setLanguage('en');
  });
});

test('every key the peer page names literally is in the catalog', () => {
  const src = join(import.meta.dirname, '..');
  const en = catalog('en', 'peer');
  const sources = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter(
    (f) => /\.tsx?$/.test(f) && !f.includes('.test.') && !f.startsWith('worker'),
  );
  const used = sources.flatMap((f) =>
    [...readFileSync(join(src, f), 'utf8').matchAll(/\bt(?:Nodes\(t,)?\(\s*'([\w.-]+)'/g)].map(
      (m) => m[1] ?? '',
    ),
  );
  expect(used.length).toBeGreaterThan(50);
  for (const key of used) expect(en.has(key) || en.has(`${key}_other`), key).toBe(true);
});
