import {
  type CatalogEntry,
  encodeTrackerMessage,
  MAX_CATALOG_FILES,
  MAX_TRACKER_MESSAGE_BYTES,
  utf8Length,
} from '@minibit/protocol';

/**
 * Encodes the catalog as one 'catalog' message that every page will accept. Tracks nothing.
 *
 *   { "type": "catalog", "files": [{ "swarmId", "name", "size", "seeders", "leechers" }, …] }
 *
 * Pages refuse a tracker message longer than MAX_TRACKER_MESSAGE_BYTES bytes of UTF-8 or a catalog of more
 * than MAX_CATALOG_FILES entries, so past either bound the tail of the list is left out rather than
 * sending a message no one can read.
 */

export function encodeCatalog(
  entries: readonly CatalogEntry[],
  maxBytes = MAX_TRACKER_MESSAGE_BYTES,
  maxFiles = MAX_CATALOG_FILES,
): string {
  const whole = encodeTrackerMessage({ type: 'catalog', files: entries.slice(0, maxFiles) });
  if (utf8Length(whole) <= maxBytes) return whole;
  const emptyLength = utf8Length(encodeTrackerMessage({ type: 'catalog', files: [] }));
  let length = emptyLength;
  let kept = 0;
  for (const entry of entries.slice(0, maxFiles)) {
    // +1 for the comma between entries (one too many for the first, which keeps the bound safe).
    const next = length + utf8Length(JSON.stringify(entry)) + 1;
    if (next > maxBytes) break;
    length = next;
    kept++;
  }
  return encodeTrackerMessage({ type: 'catalog', files: entries.slice(0, kept) });
}
