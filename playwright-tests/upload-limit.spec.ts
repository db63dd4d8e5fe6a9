import { fixtureFiles, sha256OfFile } from './fixture-files.ts';
import { expect, test } from './swarm-fixture.ts';

const video = fixtureFiles().find((f) => f.name === 'video.mp4')!;

test('a sharer with an upload limit sends no faster than it, and the file still arrives whole', async ({
  swarm,
}, info) => {
  test.setTimeout(180_000);
  const cap = 256 * 1024; // bytes per second
  const s = await swarm({ peers: 2 });
  await s.sharer.setUploadLimit(cap);
  const [saved] = await s.shareAndDownloadAll(video.path, video.name, info.outputPath('downloads'));
  expect(await sha256OfFile(saved!.path)).toBe(video.sha256);

  // All bytes came from the sharer, so the download cannot have been faster than the cap allows
  // (less one 200 ms burst of budget): a broken limiter would finish a 3 MB file in well under a second.
  const stats = await s.leechers[0]!.stats(video.name);
  const minimumMs = ((video.size - cap * 0.2) / cap) * 1000;
  expect(stats.downloadMs).toBeGreaterThanOrEqual(minimumMs);
});

test('lifting the limit mid-transfer lets the download finish at full speed', async ({ swarm }, info) => {
  test.setTimeout(180_000);
  const s = await swarm({ peers: 2 });
  await s.sharer.setUploadLimit(64 * 1024);
  await s.sharer.share(video.path);
  await s.leechers[0]!.download(video.name);
  await s.leechers[0]!.waitForProgress(video.name, 5);
  // At 64 KiB/s the rest would take over 40 s; with no limit it takes a moment.
  await s.sharer.clearUploadLimit();
  const started = Date.now();
  const saved = await s.leechers[0]!.saveDownload(video.name, info.outputPath('downloads'), 30_000);
  expect(await sha256OfFile(saved.path)).toBe(video.sha256);
  expect(Date.now() - started).toBeLessThan(30_000);
});
