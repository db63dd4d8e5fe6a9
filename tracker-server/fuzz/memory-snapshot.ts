/**
 * The process's memory, after a full garbage collection when node runs with --expose-gc (otherwise the
 * numbers include garbage, and the report says so). Tracks nothing.
 */

export interface MemorySnapshot {
  rssBytes: number;
  heapUsedBytes: number;
  afterGc: boolean;
}

export function memorySnapshot(): MemorySnapshot {
  const gc = globalThis.gc;
  if (gc) {
    // Twice: the first pass can leave objects that only become garbage once finalizers have run.
    gc();
    gc();
  }
  const { rss, heapUsed } = process.memoryUsage();
  return { rssBytes: rss, heapUsedBytes: heapUsed, afterGc: gc !== undefined };
}

export const mebibytes = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
