/// <reference lib="webworker" />
import type { PieceStore } from '@minibit/protocol';

/**
 * The pieces of one download, kept in one file of the Origin Private File System: piece `i` at
 * byte `i * pieceSize`. Writes and reads go through a FileSystemSyncAccessHandle (it exists only in
 * dedicated workers, and is the fastest OPFS API), so a 1 GiB download never sits in memory.
 *
 * Tracks: the access handle (opened in the background: the engine starts before it is ready, and a
 * write simply waits for it), whether the store is closed, and the optional byte limit a test plants.
 */
export class OpfsPieceStore implements PieceStore {
  private readonly handle: Promise<FileSystemSyncAccessHandle>;
  /** The handle once open, for writes that cannot wait (see writeBlock). */
  private opened: FileSystemSyncAccessHandle | null = null;
  private closed = false;

  /**
   * @param fileHandle the swarm's file (created empty by the tab's directory)
   * @param limitBytes test-only: behave as if OPFS were full past this byte offset
   */
  constructor(
    private readonly fileHandle: Promise<FileSystemFileHandle>,
    private readonly pieceSize: number,
    private readonly limitBytes?: number,
  ) {
    this.handle = fileHandle.then((f) => f.createSyncAccessHandle());
    // A failure to open is reported by the first write; do not let it go unhandled meanwhile.
    this.handle.then((h) => (this.opened = h)).catch(() => {});
  }

  async readInto(piece: number, offset: number, into: Uint8Array): Promise<void> {
    const handle = await this.openHandle();
    const read = handle.read(into, { at: piece * this.pieceSize + offset });
    if (read !== into.byteLength)
      throw new Error(`piece ${piece} is not stored (read ${read} of ${into.byteLength} bytes)`);
  }

  /**
   * Written at once through the access handle (a synchronous write) once it is open; a block that
   * arrives before then is copied and written when it opens, since the caller frees `data` as soon
   * as this returns (PieceStore.writeBlock).
   */
  writeBlock(piece: number, offset: number, data: Uint8Array): Promise<void> {
    const at = piece * this.pieceSize + offset;
    if (this.opened && !this.closed) {
      try {
        this.writeAt(this.opened, piece, at, data);
        return Promise.resolve();
      } catch (err) {
        return Promise.reject(err instanceof Error ? err : new Error(String(err)));
      }
    }
    const copy = data.slice();
    return this.openHandle().then((handle) => this.writeAt(handle, piece, at, copy));
  }

  private writeAt(handle: FileSystemSyncAccessHandle, piece: number, at: number, data: Uint8Array): void {
    const room = this.limitBytes === undefined ? data.byteLength : Math.max(0, this.limitBytes - at);
    // At the quota write() does not throw: it writes what fits and returns a huge number (−8 as an
    // unsigned 32-bit value). A planted limit takes the same road: a short write, then this check.
    const written = handle.write(data.subarray(0, Math.min(room, data.byteLength)), { at });
    if (written !== data.byteLength) throw new StorageFullError(piece, data.byteLength);
  }

  /**
   * The finished file, backed by storage: the page makes an object URL of it and the bytes are never
   * read into memory. Chromium's getFile() works while the access handle is open (checked), and the
   * File stays readable as long as nothing writes again, so the handle stays open and the tab keeps
   * seeding from it. No flush() first: the File reads what was written whether or not it has reached
   * the disk (flush is only for durability, MDN says so), and a download we keep only while the tab
   * lives needs none. Flushing made every leecher wait for its disk before showing Save: 74 ms of
   * a 64 MiB leecher's worker in a profile, more with four leechers writing back at once.
   */
  async file(): Promise<File> {
    await this.openHandle();
    return (await this.fileHandle).getFile();
  }

  /** Closes the access handle (the file can only be deleted once it is closed). */
  async close(): Promise<void> {
    this.closed = true;
    try {
      (await this.handle).close();
    } catch {
      // Never opened: nothing to close.
    }
  }

  private async openHandle(): Promise<FileSystemSyncAccessHandle> {
    let handle: FileSystemSyncAccessHandle;
    try {
      handle = await this.handle;
    } catch (err) {
      throw new Error(`could not open this download's file in the browser's storage: ${String(err)}`, {
        cause: err,
      });
    }
    if (this.closed) throw new Error('the download was stopped');
    return handle;
  }
}

/** The browser would not store a piece: its storage for this site is full. */
export class StorageFullError extends Error {
  constructor(
    readonly piece: number,
    readonly bytes: number,
  ) {
    super(`the browser's storage for this site is full (it would not store piece #${piece}, ${bytes} bytes)`);
    this.name = 'StorageFullError';
  }
}

/**
 * OPFS with synchronous access handles exists only in secure contexts (not on a plain-http LAN page)
 * and only in dedicated workers; Web Locks are needed too, to keep other tabs off our directory.
 */
export function opfsAvailable(): boolean {
  return (
    typeof FileSystemSyncAccessHandle === 'function' &&
    typeof navigator.storage?.getDirectory === 'function' &&
    typeof navigator.locks?.request === 'function'
  );
}
