import { type CatalogEntry, parseServerMessage } from '@minibit/protocol';
import { describe, expect, it } from 'vitest';
import { encodeCatalog } from './catalog-message.ts';

const entry = (i: number, name = `file-${i}`): CatalogEntry => ({
  swarmId: i.toString(16).padStart(64, '0'),
  name,
  size: 1000,
  seeders: 1,
  leechers: 0,
});

describe('encodeCatalog', () => {
  it('sends a small catalog whole', () => {
    const entries = [entry(1), entry(2)];
    expect(JSON.parse(encodeCatalog(entries))).toEqual({ type: 'catalog', files: entries });
  });

  it('leaves out the tail past the character budget, and the result still parses', () => {
    const entries = Array.from({ length: 100 }, (_, i) => entry(i, 'n'.repeat(200)));
    const text = encodeCatalog(entries, 5000);
    expect(text.length).toBeLessThanOrEqual(5000);
    const files = (JSON.parse(text) as { files: CatalogEntry[] }).files;
    expect(files.length).toBeGreaterThan(10);
    expect(files).toEqual(entries.slice(0, files.length));
  });

  it('leaves out the tail past the entry limit', () => {
    const entries = Array.from({ length: 10 }, (_, i) => entry(i));
    expect((JSON.parse(encodeCatalog(entries, 1_000_000, 4)) as { files: unknown[] }).files).toHaveLength(4);
  });

  it('stays readable by pages at the protocol limits', () => {
    const entries = Array.from({ length: 12_000 }, (_, i) => entry(i, `"\u0001${'é'.repeat(250)}`));
    expect(parseServerMessage(encodeCatalog(entries)).ok).toBe(true);
  });
});
