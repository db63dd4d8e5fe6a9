import type { CatalogEntry } from '@minibit/protocol';
import { encodeCatalog } from './catalog-message.ts';

/**
 * The catalog message, encoded once per change and reused until the next. It tracks the encoded bytes,
 * dropped whenever the counts change. Every page gets the catalog when it connects and on each
 * broadcast: encoding it per page meant walking every member of every swarm and serializing tens of
 * KiB for each of thousands of pages, and handing `ws` a string made it convert the text for each
 * socket again. One Buffer is sent to every socket as is (ws frames it without copying).
 */
export class CatalogCache {
  private encoded: Buffer | undefined;

  constructor(private readonly entries: () => readonly CatalogEntry[]) {}

  /** The counts changed: the next read encodes the catalog afresh. */
  invalidate(): void {
    this.encoded = undefined;
  }

  /** The current 'catalog' message as UTF-8, to send as a text frame. */
  current(): Buffer {
    this.encoded ??= Buffer.from(encodeCatalog(this.entries()), 'utf8');
    return this.encoded;
  }
}
