/// <reference lib="webworker" />

/**
 * This tab's corner of the Origin Private File System: OPFS root / `minibit` / `<tabId>` /
 * `<swarmId>.bin`, one file per download.
 *
 * Every tab of an origin shares one OPFS, so each tab (each engine worker) works in a directory of its
 * own, named by a random id: two tabs downloading the same file never touch each other's file.
 *
 * A closed or crashed tab cannot delete its own files, so its directory would stay behind (on disk, in
 * a normal profile). Each tab therefore holds a Web Lock named `minibit-tab-<tabId>` for its whole life
 * (the browser releases it when the worker dies, however it dies), and at start-up every tab deletes
 * the directories whose lock it can take at once (`ifAvailable`): those tabs are gone. A tab takes its
 * lock before it creates its directory, so a live tab's directory is never taken for a stale one.
 *
 * Tracks: the tab id, the directory (created on first use), and a queue that runs file creations and
 * deletions one at a time, so a swarm left and joined again never races its own old file.
 */
export class TabDirectory {
  readonly tabId = crypto.randomUUID();
  private readonly root: Promise<FileSystemDirectoryHandle>;
  private dir: Promise<FileSystemDirectoryHandle> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly openFiles = new Set<string>();

  constructor() {
    const locked = holdLockForever(lockNameOf(this.tabId));
    this.root = locked.then(async () =>
      (await navigator.storage.getDirectory()).getDirectoryHandle(MINIBIT_DIR, { create: true }),
    );
    void this.root.then((root) => removeStaleTabs(root, this.tabId)).catch(() => {});
  }

  /** Creates (or empties) the file for a swarm's pieces. */
  swarmFile(swarmId: string): Promise<FileSystemFileHandle> {
    return this.enqueue(async () => {
      const dir = await this.directory();
      const name = fileNameOf(swarmId);
      // Only if deleting an earlier run's file failed: its bytes are not ours to trust, start empty.
      await dir.removeEntry(name).catch(() => {});
      this.openFiles.add(name);
      return dir.getFileHandle(name, { create: true });
    });
  }

  /**
   * Deletes a swarm's file once `closed` settles (a file cannot be deleted while its access handle is
   * open), and the tab's directory once it holds no file. Queued at once, so a swarm joined again
   * right after gets its new file only after the old one is gone.
   */
  removeSwarmFile(swarmId: string, closed: Promise<unknown>): Promise<void> {
    const removed = this.enqueue(async () => {
      await closed.catch(() => {});
      const dir = await this.directory();
      const name = fileNameOf(swarmId);
      this.openFiles.delete(name);
      await dir.removeEntry(name).catch(() => {});
      if (this.openFiles.size === 0) {
        this.dir = null;
        await (await this.root).removeEntry(this.tabId).catch(() => {});
      }
    });
    // Nothing to tell anyone if it fails (the swarm is over): once this tab closes, the next tab's
    // sweep deletes what is left.
    return removed.catch(() => {});
  }

  private directory(): Promise<FileSystemDirectoryHandle> {
    this.dir ??= this.root.then((root) => root.getDirectoryHandle(this.tabId, { create: true }));
    return this.dir;
  }

  private enqueue<T>(op: () => Promise<T>): Promise<T> {
    const result = this.queue.then(op);
    this.queue = result.catch(() => {});
    return result;
  }
}

const MINIBIT_DIR = 'minibit';
const lockNameOf = (tabId: string) => `minibit-tab-${tabId}`;
const fileNameOf = (swarmId: string) => `${swarmId}.bin`;

/** Resolves once the lock is granted; the lock is then held until this worker ends. */
function holdLockForever(name: string): Promise<void> {
  return new Promise((granted, failed) => {
    navigator.locks
      .request(name, () => {
        granted();
        return new Promise<never>(() => {});
      })
      .catch(failed);
  });
}

/** The iterator exists in browsers; TypeScript declares it only in the DOM.AsyncIterable lib. */
type ListableDirectory = FileSystemDirectoryHandle & { keys(): AsyncIterable<string> };

/** Deletes the directory of every tab whose lock is free: that tab has closed or crashed. */
async function removeStaleTabs(root: FileSystemDirectoryHandle, ownTabId: string): Promise<void> {
  const names: string[] = [];
  for await (const name of (root as ListableDirectory).keys()) if (name !== ownTabId) names.push(name);
  for (const name of names) {
    await navigator.locks.request(lockNameOf(name), { ifAvailable: true }, async (lock) => {
      // Holding the dead tab's lock while deleting keeps a second sweeping tab off the same directory.
      if (lock) await root.removeEntry(name, { recursive: true }).catch(() => {});
    });
  }
}
