import { expect } from 'vitest';
import type { ParseResult } from '../parse-result.ts';

/**
 * Inputs any JSON-text parser in this package must refuse without throwing, whatever its schema:
 * frames that are not text, text that is not JSON, JSON that is not an object, and shapes built to
 * exhaust a parser (deep nesting, oversized text).
 */
export interface HostileCase {
  why: string;
  raw: unknown;
  /** What the error must mention, when that is certain. */
  error?: RegExp;
}

/** Longest error text we accept: a tracker 'error' reply carries at most 1000 characters. */
export const MAX_ERROR_LENGTH = 1000;

export const nested = (depth: number, open = '[', close = ']') => open.repeat(depth) + close.repeat(depth);

export function genericHostileCases(maxBytes: number): HostileCase[] {
  const frame = /expected a JSON text frame/;
  const malformed = /malformed JSON/;
  return [
    { why: 'undefined', raw: undefined, error: frame },
    { why: 'null', raw: null, error: frame },
    { why: 'a number', raw: 42, error: frame },
    { why: 'a boolean', raw: true, error: frame },
    { why: 'an already-parsed object', raw: { t: 'choke', type: 'join' }, error: frame },
    { why: 'an ArrayBuffer', raw: new ArrayBuffer(8), error: frame },
    { why: 'a Uint8Array of JSON', raw: new TextEncoder().encode('{"t":"choke"}'), error: frame },
    { why: 'a String object', raw: Object('{"t":"choke"}'), error: frame },
    { why: 'an empty string', raw: '', error: malformed },
    { why: 'whitespace', raw: '   ', error: malformed },
    { why: 'plain words', raw: 'hello', error: malformed },
    { why: 'truncated JSON', raw: '{"t":"ch', error: malformed },
    { why: 'a trailing comma', raw: '{"t":"choke",}', error: malformed },
    { why: 'single quotes', raw: "{'t':'choke'}", error: malformed },
    { why: 'NaN', raw: 'NaN', error: malformed },
    { why: 'two objects', raw: '{}{}', error: malformed },
    { why: 'JSON number', raw: '42' },
    { why: 'JSON string', raw: '"choke"' },
    { why: 'JSON true', raw: 'true' },
    { why: 'JSON null', raw: 'null' },
    { why: 'JSON array', raw: '[]' },
    { why: 'an array of a valid-looking object', raw: '[{"t":"choke","type":"leave"}]' },
    { why: 'an empty object', raw: '{}' },
    { why: '10,000 nested arrays', raw: nested(10_000) },
    { why: '10,000 nested objects', raw: `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}` },
    { why: 'text one character over the limit', raw: ' '.repeat(maxBytes + 1), error: /exceeds/ },
    { why: 'a huge text', raw: `"${'x'.repeat(maxBytes * 4)}"`, error: /exceeds/ },
  ];
}

/** Parses `raw` and checks the parser refused it politely: no throw, ok:false, a short prefixed error. */
export function expectRefused<T>(
  parse: (raw: unknown) => ParseResult<T>,
  raw: unknown,
  prefix: string,
  error?: RegExp,
): string {
  let result: ParseResult<T> | undefined;
  expect(() => {
    result = parse(raw);
  }).not.toThrow();
  expect(result?.ok).toBe(false);
  if (!result || result.ok) return '';
  expect(typeof result.error).toBe('string');
  expect(result.error.startsWith(`${prefix}: `)).toBe(true);
  expect(result.error.length).toBeLessThanOrEqual(MAX_ERROR_LENGTH);
  if (error) expect(result.error).toMatch(error);
  return result.error;
}
