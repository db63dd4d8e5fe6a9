import { afterEach, describe, expect, test } from 'vitest';
import { formatBytes, formatRate, formatSeconds, formatTenths } from './format.ts';
import { language } from './i18n/i18n.ts';

const before = language.value;
afterEach(() => {
  language.value = before;
});

describe('quantities in the page language', () => {
  test('bytes, rates and seconds in English', () => {
    language.value = 'en';
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.50 KiB');
    expect(formatBytes(64 * 1024 * 1024)).toBe('64.0 MiB');
    expect(formatRate(1_572_864.4)).toBe('1.50 MiB/s');
    expect(formatSeconds(1234)).toBe('1.23 s');
    expect(formatTenths(2.25)).toBe('2.3');
  });

  // Formatters are kept per language and digits: a switch must not reuse another language's.
  test('a language switch changes the decimal separator at once, and back', () => {
    language.value = 'en';
    expect(formatBytes(1536)).toBe('1.50 KiB');
    language.value = 'pt-BR';
    expect(formatBytes(1536)).toBe('1,50 KiB');
    expect(formatTenths(2.25)).toBe('2,3');
    language.value = 'en';
    expect(formatBytes(1536)).toBe('1.50 KiB');
  });

  test('the number of digits is part of the formatter chosen', () => {
    language.value = 'en';
    expect(formatBytes(12 * 1024)).toBe('12.0 KiB');
    expect(formatBytes(2 * 1024)).toBe('2.00 KiB');
    expect(formatBytes(2047)).toBe('2.00 KiB');
  });
});
