import type { CatalogEntry } from '@minibit/protocol';
import { describe, expect, it } from 'vitest';
import { CatalogCache } from './catalog-cache.ts';
import { encodeCatalog } from './catalog-message.ts';

const entry = (name: string, seeders: number): CatalogEntry => ({
  swarmId: 'a'.repeat(64),
  name,
  size: 1000,
  seeders,
  leechers: 0,
});

describe('CatalogCache', () => {
  it('encodes once until invalidated, then reflects the new counts', () => {
    let entries = [entry('a.bin', 1)];
    let reads = 0;
    const cache = new CatalogCache(() => {
      reads++;
      return entries;
    });
    const first = cache.current();
    expect(first.toString('utf8')).toBe(encodeCatalog([entry('a.bin', 1)]));
    expect(cache.current()).toBe(first);
    expect(reads).toBe(1);

    entries = [entry('a.bin', 2)];
    expect(cache.current()).toBe(first); // not told yet
    cache.invalidate();
    expect(cache.current().toString('utf8')).toBe(encodeCatalog([entry('a.bin', 2)]));
    expect(reads).toBe(2);
  });

  it('keeps non-ASCII names intact', () => {
    const cache = new CatalogCache(() => [entry('лекция 📼.mp4', 1)]);
    expect(JSON.parse(cache.current().toString('utf8')).files[0].name).toBe('лекция 📼.mp4');
  });
});
