import { expect, test } from 'vitest';
import { i18n, type Translate } from '../i18n/i18n.ts';
import type { Problem } from '../worker-messages.ts';
import { describeProblem } from './problem-text.ts';

/** The English sentences are the ones the worker used to send (and the e2e tests look for). */
const en: Translate = (key, options) => i18n.t(key, { ...options, lng: 'en' });
const pt: Translate = (key, options) => i18n.t(key, { ...options, lng: 'pt-BR' });

test.each<[Problem, string]>([
  [{ code: 'empty-file', name: 'a.bin' }, '“a.bin” is empty (0 bytes): there is nothing to share.'],
  [{ code: 'hash-failed', reason: 'NotReadableError: gone' }, 'NotReadableError: gone'],
  [
    { code: 'too-large-for-memory', name: 'v.mp4', size: 3 * 1024 ** 3, limit: 2 * 1024 ** 3 },
    '“v.mp4” is 3.00 GiB, more than this tab can hold (2.00 GiB). Nothing was downloaded; other transfers go on.',
  ],
  [
    { code: 'storage-full', name: 'v.mp4', size: 3286618, piece: 7, bytes: 65536 },
    "“v.mp4” is 3.13 MiB, more than this tab can hold: the browser's storage for this site is full " +
      '(it would not store piece #7, 65536 bytes). The download stopped and its pieces were deleted; other transfers go on.',
  ],
  [
    { code: 'store-failed', name: 'v.mp4', reason: 'the download was stopped' },
    'Could not store “v.mp4”: the download was stopped. The download stopped; other transfers go on.',
  ],
])('%j', (problem, sentence) => {
  expect(describeProblem(problem, en)).toBe(sentence);
  expect(describeProblem(problem, pt)).not.toBe(sentence);
});
