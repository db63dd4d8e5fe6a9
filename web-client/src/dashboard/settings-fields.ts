import { checkSettings, type ParseResult, type SwarmSettings } from '@minibit/protocol';

/**
 * The settings form's fields as the teacher types them, and back: intervals in seconds, the upload
 * cap in MB/s (1 MB = 1,000,000 bytes; empty = no cap). Tracks nothing.
 *
 *   { rechokeIntervalMs: 10000, uploadCapBytesPerSecond: 250000 } ⇄ { rechokeSeconds: '10', uploadCapMB: '0.25' }
 */

export const BYTES_PER_MB = 1_000_000;

export interface SettingsFields {
  strategy: string;
  choking: string;
  regularSlots: string;
  optimisticSlots: string;
  rechokeSeconds: string;
  optimisticSeconds: string;
  /** MB/s, or '' for no cap. */
  uploadCapMB: string;
}

export function fieldsOf(s: SwarmSettings): SettingsFields {
  return {
    strategy: s.strategy,
    choking: s.choking,
    regularSlots: String(s.regularSlots),
    optimisticSlots: String(s.optimisticSlots),
    rechokeSeconds: String(s.rechokeIntervalMs / 1000),
    optimisticSeconds: String(s.optimisticIntervalMs / 1000),
    uploadCapMB: s.uploadCapBytesPerSecond === null ? '' : String(s.uploadCapBytesPerSecond / BYTES_PER_MB),
  };
}

/** The settings the fields describe, checked against the protocol's rules (the error names the field). */
export function settingsOf(f: SettingsFields): ParseResult<SwarmSettings> {
  const number = (text: string) => (text.trim() === '' ? Number.NaN : Number(text.replace(',', '.')));
  const cap = f.uploadCapMB.trim();
  return checkSettings({
    strategy: f.strategy,
    choking: f.choking,
    regularSlots: number(f.regularSlots),
    optimisticSlots: number(f.optimisticSlots),
    rechokeIntervalMs: Math.round(number(f.rechokeSeconds) * 1000),
    optimisticIntervalMs: Math.round(number(f.optimisticSeconds) * 1000),
    uploadCapBytesPerSecond: cap === '' ? null : Math.round(number(cap) * BYTES_PER_MB),
  });
}
