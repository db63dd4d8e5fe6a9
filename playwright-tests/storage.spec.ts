import type { Page } from '@playwright/test';
import { expect, test } from './swarm-fixture.ts';
import { fixtureFiles, sha256OfFile } from './fixture-files.ts';

/**
 * Downloads live in the Origin Private File System: OPFS root / minibit / <tabId> / <swarmId>.bin,
 * written by the engine worker, handed to the page as a File backed by storage, deleted when the swarm
 * is left or fails, and a closed tab's directory is deleted by the next tab that starts (Web Locks).
 * Each Playwright context is its own storage partition, so tabs of one origin are pages of one context.
 */
const video = fixtureFiles().find((f) => f.name === 'video.mp4')!;
const image = fixtureFiles().find((f) => f.name === 'image.png')!;

/** minibit/ in the page's OPFS: each tab directory with its files and their sizes. */
type OpfsTree = Record<string, Record<string, number>>;

function opfsTree(page: Page): Promise<OpfsTree> {
  return page.evaluate(async () => {
    // TypeScript's DOM lib lacks the directory iterators Chromium has.
    type Listable = FileSystemDirectoryHandle & {
      entries(): AsyncIterable<[string, FileSystemDirectoryHandle | FileSystemFileHandle]>;
    };
    const root = await navigator.storage.getDirectory();
    const minibit = (await root.getDirectoryHandle('minibit').catch(() => null)) as Listable | null;
    const tree: Record<string, Record<string, number>> = {};
    if (!minibit) return tree;
    for await (const [tab, dir] of minibit.entries()) {
      const files: Record<string, number> = {};
      try {
        if (dir.kind === 'directory') {
          for await (const [name, f] of (dir as Listable).entries())
            files[name] = f.kind === 'file' ? (await (f as FileSystemFileHandle).getFile()).size : -1;
        }
      } catch (e) {
        // Another tab may delete a directory between listing and reading it (that cleanup is what the
        // tests watch for): a directory gone mid-walk is not in the snapshot.
        if (e instanceof DOMException && e.name === 'NotFoundError') continue;
        throw e;
      }
      tree[tab] = files;
    }
    return tree;
  });
}

/** The Web Locks held in the page's origin (by any of its tabs and workers). */
function heldLocks(page: Page): Promise<string[]> {
  return page.evaluate(async () => (await navigator.locks.query()).held?.map((l) => l.name ?? '') ?? []);
}

async function swarmIdOf(page: Page, name: string): Promise<string> {
  const card = page.getByRole('region', { name: `Transfer: ${name}`, exact: true });
  return (await card.getAttribute('data-swarm-id'))!;
}

/** Opens another tab of the same origin in the context (same OPFS, same locks). */
async function openTab(page: Page): Promise<Page> {
  const tab = await page.context().newPage();
  await tab.goto(new URL(page.url()).origin + '/');
  await tab.getByTestId('self-id').waitFor({ timeout: 30_000 });
  return tab;
}

test('a download is written to OPFS, saved intact, seeded from there, and deleted when left', async ({
  swarm,
}, info) => {
  const s = await swarm({ peers: 3 });
  const [sharer, leecher, late] = s.peers as [(typeof s.peers)[0], (typeof s.peers)[0], (typeof s.peers)[0]];
  await sharer.share(video.path);
  await leecher.download(video.name);
  await expect(leecher.transfer(video.name)).toContainText('storage: OPFS');
  await expect(sharer.transfer(video.name)).toContainText('storage: your file');

  const saved = await leecher.saveDownload(video.name, info.outputPath('leecher'));
  expect(await sha256OfFile(saved.path)).toBe(video.sha256);
  const swarmId = await swarmIdOf(leecher.page, video.name);
  const tree = await opfsTree(leecher.page);
  const tabs = Object.keys(tree);
  expect(tabs).toHaveLength(1);
  expect(tree[tabs[0]!]).toEqual({ [`${swarmId}.bin`]: video.size });

  // The sharer goes: a newcomer can only get the file from the leecher, which serves it from OPFS.
  const leecherId = await leecher.peerId();
  await sharer.leave();
  await late.download(video.name);
  const second = await late.saveDownload(video.name, info.outputPath('late'));
  expect(await sha256OfFile(second.path)).toBe(video.sha256);
  expect((await late.stats(video.name)).bytesFrom[leecherId]).toBe(video.size);

  await leecher.transfer(video.name).getByRole('button', { name: 'Leave swarm' }).click();
  await expect.poll(() => opfsTree(leecher.page)).toEqual({});

  // Joined again in the same tab: a fresh file, and the same bytes.
  await leecher.download(video.name);
  const again = await leecher.saveDownload(video.name, info.outputPath('again'));
  expect(await sha256OfFile(again.path)).toBe(video.sha256);
  expect(Object.values(await opfsTree(leecher.page))).toEqual([{ [`${swarmId}.bin`]: video.size }]);
});

test('a closed tab’s directory is deleted by the next tab of the origin; a live tab’s is kept', async ({
  swarm,
}) => {
  const s = await swarm({ peers: 2 });
  const [sharer, leecher] = s.peers as [(typeof s.peers)[0], (typeof s.peers)[0]];
  await sharer.share(image.path);
  await leecher.download(image.name);
  await leecher.waitComplete(image.name);
  const tabA = leecher.page;
  const [tabAId] = Object.keys(await opfsTree(tabA));
  expect(tabAId).toBeTruthy();

  // A directory nobody holds a lock for, as a tab that crashed would leave it.
  await tabA.evaluate(async () => {
    const minibit = await (await navigator.storage.getDirectory()).getDirectoryHandle('minibit');
    const dir = await minibit.getDirectoryHandle('crashed-tab', { create: true });
    const writable = await (await dir.getFileHandle('left-behind.bin', { create: true })).createWritable();
    await writable.write(new Uint8Array(1000));
    await writable.close();
  });
  expect(Object.keys(await opfsTree(tabA)).sort()).toEqual([tabAId, 'crashed-tab'].sort());

  const tabB = await openTab(tabA);
  await expect.poll(async () => Object.keys(await opfsTree(tabB))).toEqual([tabAId]);

  // Tab A closes: its worker dies and the browser frees its lock; the next tab deletes its directory.
  await tabA.close();
  await expect.poll(() => heldLocks(tabB)).not.toContain(`minibit-tab-${tabAId}`);
  const tabC = await openTab(tabB);
  await expect.poll(() => opfsTree(tabC)).toEqual({});
});

test('a full OPFS stops that download with a clear message and deletes it; the tab goes on', async ({
  swarm,
}, info) => {
  // The leecher's OPFS acts full past 1 MiB, as the browser's real (much larger) limit would.
  const s = await swarm({ peers: 2, faults: { 1: { storageLimitBytes: 1024 * 1024 } } });
  const [sharer, leecher] = s.peers as [(typeof s.peers)[0], (typeof s.peers)[0]];
  await sharer.share(video.path);
  await leecher.download(video.name);
  const alert = leecher.transfer(video.name).getByRole('alert');
  await expect(alert).toContainText('more than this tab can hold');
  await expect(alert).toContainText("the browser's storage for this site is full");
  await leecher.waitForLog(video.name, /storage error on piece #\d+/);
  await expect.poll(() => opfsTree(leecher.page)).toEqual({});

  await sharer.share(image.path);
  await leecher.download(image.name);
  const saved = await leecher.saveDownload(image.name, info.outputPath('leecher'));
  expect(await sha256OfFile(saved.path)).toBe(image.sha256);
  await expect(leecher.transfer(image.name)).toContainText('storage: OPFS');
});

test('without OPFS the pieces are kept in memory and the download still arrives intact', async ({
  swarm,
}, info) => {
  const s = await swarm({ peers: 2, faults: { 1: { noOpfs: true } } });
  const [sharer, leecher] = s.peers as [(typeof s.peers)[0], (typeof s.peers)[0]];
  await sharer.share(video.path);
  await leecher.download(video.name);
  await expect(leecher.transfer(video.name)).toContainText('storage: memory');
  const saved = await leecher.saveDownload(video.name, info.outputPath('leecher'));
  expect(await sha256OfFile(saved.path)).toBe(video.sha256);
  expect(await opfsTree(leecher.page)).toEqual({});
});

test('a plain-http page (no OPFS there) keeps a download in memory', async ({ browser, baseURL }) => {
  const url = `http://classroom.test:${new URL(baseURL!).port}/`;
  const contexts = await Promise.all([0, 1].map(() => browser.newContext()));
  try {
    const [sharer, leecher] = await Promise.all(
      contexts.map(async (c) => {
        const page = await c.newPage();
        await page.goto(url);
        return page;
      }),
    );
    expect(await leecher!.evaluate(() => typeof navigator.storage)).toBe('undefined');
    await sharer!.getByLabel('Share a file').setInputFiles(image.path);
    await leecher!.getByRole('button', { name: `Download ${image.name}` }).click();
    // Peers cannot connect there on this machine (see classroom-http.spec.ts), but the storage is
    // chosen as the swarm opens.
    await expect(leecher!.getByRole('region', { name: `Transfer: ${image.name}` })).toContainText(
      'storage: memory',
    );
  } finally {
    await Promise.all(contexts.map((c) => c.close()));
  }
});
