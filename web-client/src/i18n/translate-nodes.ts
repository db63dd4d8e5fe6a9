import type { ComponentChild } from 'preact';
import type { TOptions } from 'i18next';
import type { Translate } from './i18n.ts';

/** Marks a placeholder in the translated text; no catalog text or file name contains U+0000. */
const MARK = '\u0000';

/**
 * A translation with some placeholders filled by elements instead of text (a figure in <strong>
 * inside a sentence): the sentence stays one catalog entry, whatever order a language puts them in.
 *
 *   translateNodes(t, 'stats.summary', { elapsed: <strong>1.20 s</strong> }, { count: 3 })
 */
export function translateNodes(
  t: Translate,
  key: string,
  nodes: Record<string, ComponentChild>,
  options: TOptions = {},
): ComponentChild[] {
  const marks: Record<string, string> = {};
  for (const name of Object.keys(nodes)) marks[name] = `${MARK}${name}${MARK}`;
  return t(key, { ...options, ...marks })
    .split(MARK)
    .map((part, i) => (i % 2 === 1 ? nodes[part] : part));
}
