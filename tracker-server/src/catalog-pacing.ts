/**
 * How long the tracker waits after one catalog broadcast before the next. Tracks nothing.
 * Each broadcast sends the whole catalog to every socket, so it costs sockets × catalog bytes: 40 pages
 * and a 2 KiB catalog cost 80 KiB, but 20,000 pages and a 26 KiB catalog cost 520 MB. At a fixed
 * 250 ms that is 2 GB/s, far past any network and enough to keep the tracker's one thread busy with
 * nothing else (it stopped answering handshakes and joins in time). So the pause is the configured
 * interval, stretched until all broadcasts together stay under a byte budget. A page that connects
 * meanwhile still gets the current catalog at once, and the counts it shows are at most one pause old.
 */

export interface CatalogPacing {
  /** The shortest pause, for small trackers. */
  catalogIntervalMs: number;
  /** Bytes a second all catalog broadcasts together may send. */
  catalogBytesPerSecond: number;
}

export function catalogPauseMs(sockets: number, catalogBytes: number, pacing: CatalogPacing): number {
  const budgetMs = (1000 * sockets * catalogBytes) / pacing.catalogBytesPerSecond;
  return Math.max(pacing.catalogIntervalMs, budgetMs);
}
