import { language } from './i18n/i18n.ts';

/**
 * Human-readable quantities for the UI, with the page's decimal separator (1.50 MiB, 1,50 MiB).
 * Reading `language` makes a component that calls these re-render when it changes.
 */
function decimal(v: number, digits: number): string {
  const lng = language.value;
  const key = `${lng}|${digits}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(lng, {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
      useGrouping: false,
    });
    formats.set(key, format);
  }
  return format.format(v);
}

/**
 * Formatters by language and digits: making one costs far more than using it, and a downloading
 * tab's profile showed that construction as the main thread's largest JavaScript cost.
 */
const formats = new Map<string, Intl.NumberFormat>();

export function formatBytes(n: number): string {
  if (n < 1024) return `${decimal(n, 0)} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${decimal(v, v < 10 ? 2 : 1)} ${units[u]}`;
}

export const formatRate = (bytesPerSecond: number): string => `${formatBytes(Math.round(bytesPerSecond))}/s`;

export const formatSeconds = (ms: number): string => `${decimal(ms / 1000, 2)} s`;

/** A number with one decimal (e.g. seconds before a retry). */
export const formatTenths = (v: number): string => decimal(v, 1);

export const shortId = (id: string): string => (id.length > 10 ? `${id.slice(0, 10)}…` : id);
