import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { fixtureFiles, sha256OfFile } from './fixture-files.ts';
import { expect, test } from './swarm-fixture.ts';

/**
 * The peer page in Brazilian Portuguese: with pt-BR as the browser's language, a whole share and
 * download shows no English text (visible text, aria-labels, titles, placeholders), and the header's
 * switch changes the language live, both ways, and is remembered.
 */

const files = fixtureFiles();
const video = files.find((f) => f.name === 'video.mp4')!;
const empty = files.find((f) => f.size === 0)!;

type Catalog = { [key: string]: string | Catalog };
const locales = join(dirname(fileURLToPath(import.meta.url)), '..', 'web-client', 'src', 'i18n', 'locales');
/** The namespaces the peer page shows: its own, and the swarm settings form of its share panel. */
const PAGE_NAMESPACES = ['peer', 'settings'];
const load = (lng: string): Catalog =>
  Object.fromEntries(
    PAGE_NAMESPACES.map((ns) => [ns, JSON.parse(readFileSync(join(locales, lng, `${ns}.json`), 'utf8'))]),
  );

function flatten(catalog: Catalog, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(catalog)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else for (const [kk, vv] of flatten(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}

/**
 * The English catalog's texts that must not show on a Portuguese page: each value cut at its
 * placeholders, keeping the pieces with a word of three letters or more that the Portuguese value
 * of the same key does not also contain (names like "MiniBit", "OPFS", "WebCrypto", "English").
 */
function englishFragments(): string[] {
  const en = flatten(load('en'));
  const pt = flatten(load('pt-BR'));
  const ptOf = (key: string) => pt.get(key) ?? pt.get(key.replace(/_(one|other)$/, '_other')) ?? '';
  const fragments = new Set<string>();
  for (const [key, value] of en) {
    for (const piece of value.split(/\{\{[^}]*\}\}/)) {
      const fragment = piece.trim();
      if (/\p{L}{3,}/u.test(fragment) && !ptOf(key).includes(fragment)) fragments.add(fragment);
    }
  }
  return [...fragments];
}

/** Everything a user can read or hear on the page: its text and the names given in attributes. */
function pageText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const attributes = [...document.querySelectorAll('[aria-label], [title], [placeholder]')].flatMap((el) =>
      ['aria-label', 'title', 'placeholder'].map((a) => el.getAttribute(a) ?? ''),
    );
    return [document.title, document.body.innerText, ...attributes].join('\n');
  });
}

/** The fragments found in `text` as whole words (case-sensitive). */
function englishIn(text: string, fragments: string[]): string[] {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return fragments.filter((f) =>
    new RegExp(`(^|[^\\p{L}\\p{N}])${escape(f)}($|[^\\p{L}\\p{N}])`, 'u').test(text),
  );
}

test('a Portuguese browser gets the whole peer page in Portuguese, and the switch changes it live', async ({
  swarm,
}, info) => {
  test.setTimeout(180_000);
  const fragments = englishFragments();
  expect(fragments.length).toBeGreaterThan(100);

  const s = await swarm({ peers: 2, locale: 'pt-BR' });
  const sharer = s.sharer.page;
  const leecher = s.leechers[0]!.page;
  for (const page of [sharer, leecher]) {
    await expect(page.locator('html')).toHaveAttribute('lang', 'pt-BR');
    await expect(page.getByRole('status', { name: 'Conexão com o rastreador' })).toHaveText(
      'Rastreador: conectado',
    );
  }

  // An empty file first: its message is a worker's, translated on the page.
  await sharer.getByLabel('Compartilhar um arquivo').setInputFiles(empty.path);
  await expect(sharer.getByRole('alert')).toContainText('está vazio (0 bytes)');
  await sharer.getByLabel('Compartilhar um arquivo').setInputFiles(video.path);
  await expect(sharer.getByRole('list', { name: 'Arquivos em preparo' })).toContainText('compartilhado');

  await leecher.getByRole('button', { name: `Baixar ${video.name}`, exact: true }).click({ timeout: 60_000 });
  const card = leecher.getByRole('region', { name: `Transferência: ${video.name}`, exact: true });
  const save = card.getByRole('link', { name: `Salvar ${video.name}`, exact: true });
  await save.waitFor({ timeout: 120_000 });
  await expect(card.getByRole('region', { name: 'Estatísticas finais' })).toBeVisible();
  await expect(card.getByRole('status', { name: 'Estado da transferência' })).toHaveText(
    'Concluído — semeando',
  );
  const [download] = await Promise.all([leecher.waitForEvent('download'), save.click()]);
  const path = info.outputPath('downloads', download.suggestedFilename());
  await download.saveAs(path);
  expect(await sha256OfFile(path)).toBe(video.sha256);
  // The event log is flushed every 500 ms: let its last lines in.
  await expect(card.getByRole('list', { name: 'Registro de eventos' })).toContainText(
    'transferência concluída em',
  );
  await expect(
    sharer
      .getByRole('region', { name: `Transferência: ${video.name}`, exact: true })
      .getByRole('status', { name: 'Estado da transferência' }),
  ).toHaveText('Compartilhando (semeando)');

  for (const page of [sharer, leecher]) {
    // The share panel's settings form, opened so that its text shows too.
    await page.getByText('Configurações do enxame (opcional)').click();
    await expect(page.getByRole('form', { name: 'Configurações do enxame' })).toContainText(
      'Escolha de peças',
    );
    const text = await pageText(page);
    expect(englishIn(text, fragments), text).toEqual([]);
  }

  // The piece map's other modes and a filtered event log have texts of their own: Portuguese too.
  const map = card.locator('figure.piece-grid');
  await card.getByRole('radio', { name: 'raridade' }).check();
  await expect(map.getByRole('img', { name: /^Peças por raridade/ })).toBeVisible();
  expect(englishIn(await pageText(leecher), fragments)).toEqual([]);
  await card.getByRole('radio', { name: 'origem' }).check();
  await expect(map.locator('li[data-source="self"]')).toContainText('tinha desde o início');
  const verified = card.getByRole('checkbox', { name: /^peça verificada \(\d+\)$/ });
  await verified.uncheck();
  await expect(card.getByText(/^mostrando \d+ de \d+ eventos?$/)).toBeVisible();
  const filtered = await pageText(leecher);
  expect(englishIn(filtered, fragments), filtered).toEqual([]);
  await verified.check();
  await card.getByRole('radio', { name: 'estado' }).check();

  // Live switch to English: every part re-renders, the English names the other tests use are back.
  await leecher.getByLabel('Idioma', { exact: true }).selectOption('en');
  await expect(leecher.locator('html')).toHaveAttribute('lang', 'en');
  await expect(leecher.getByLabel('Language', { exact: true })).toHaveValue('en');
  await expect(leecher.getByRole('heading', { name: 'Files in the network' })).toBeVisible();
  const enCard = leecher.getByRole('region', { name: `Transfer: ${video.name}`, exact: true });
  await expect(enCard.getByRole('status', { name: 'Transfer status' })).toHaveText('Complete — seeding');
  await expect(enCard.getByRole('region', { name: 'Final stats' })).toContainText('messages sent.');
  await expect(enCard.getByRole('list', { name: 'Event log' })).toContainText('download complete in');
  await expect(leecher.getByRole('status', { name: 'Tracker connection' })).toHaveText('Tracker: connected');
  // The scan does see English when there is some.
  expect(englishIn(await pageText(leecher), fragments)).toEqual(
    expect.arrayContaining([
      'Files in the network',
      'Complete — seeding',
      'Event log',
      'Download progress',
      'Piece selection',
    ]),
  );

  // …and back to Portuguese, with no English left behind.
  await leecher.getByLabel('Language', { exact: true }).selectOption('pt-BR');
  await expect(leecher.locator('html')).toHaveAttribute('lang', 'pt-BR');
  await expect(leecher.getByRole('heading', { name: 'Arquivos na rede' })).toBeVisible();
  const text = await pageText(leecher);
  expect(englishIn(text, fragments), text).toEqual([]);

  // The choice is remembered over the browser's language.
  await sharer.getByLabel('Idioma', { exact: true }).selectOption('en');
  await sharer.reload();
  await expect(sharer.getByLabel('Language', { exact: true })).toHaveValue('en');
  await expect(sharer.locator('html')).toHaveAttribute('lang', 'en');
});
