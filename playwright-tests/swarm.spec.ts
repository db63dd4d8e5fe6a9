import { fixtureFiles, sha256OfFile } from './fixture-files.ts';
import { expect, test } from './swarm-fixture.ts';

const files = fixtureFiles();

test.describe('one sharer, four leechers, every fixture file', () => {
  for (const file of files.filter((f) => f.size > 0)) {
    test(`${file.name} (${file.size} bytes) arrives byte for byte with its name`, async ({ swarm }, info) => {
      const s = await swarm({ peers: 5 });
      const saved = await s.shareAndDownloadAll(file.path, file.name, info.outputPath('downloads'));
      for (const f of saved) {
        expect(f.suggestedFilename).toBe(file.name);
        expect(await sha256OfFile(f.path)).toBe(file.sha256);
      }
    });
  }
});

test('leechers get pieces from each other, not only from the sharer', async ({ swarm }, info) => {
  const video = files.find((f) => f.name === 'video.mp4')!;
  const s = await swarm({ peers: 5 });
  const sharerId = await s.sharer.peerId();
  const saved = await s.shareAndDownloadAll(video.path, video.name, info.outputPath('downloads'));
  for (const f of saved) expect(await sha256OfFile(f.path)).toBe(video.sha256);

  let fromLeechers = 0;
  for (const leecher of s.leechers) {
    const stats = await leecher.stats(video.name);
    const total = Object.values(stats.bytesFrom).reduce((a, b) => a + b, 0);
    expect(total).toBe(video.size);
    for (const [peer, bytes] of Object.entries(stats.bytesFrom)) if (peer !== sharerId) fromLeechers += bytes;
    info.annotations.push({
      type: 'sources',
      description: `peer ${leecher.index}: ${JSON.stringify(stats.bytesFrom)} (sharer ${sharerId})`,
    });
  }
  expect(fromLeechers).toBeGreaterThan(0);
});

test('pages that relay the peer channel on the main thread swarm with pages whose worker owns it', async ({
  swarm,
}, info) => {
  // relayChannels: the fallback for a browser that cannot transfer an RTCDataChannel to a worker.
  const video = files.find((f) => f.name === 'video.mp4')!;
  const s = await swarm({ peers: 4, faults: { 0: { relayChannels: true }, 1: { relayChannels: true } } });
  const sharerId = await s.sharer.peerId();
  const relayedId = await s.peers[1]!.peerId();
  const saved = await s.shareAndDownloadAll(video.path, video.name, info.outputPath('downloads'));
  for (const f of saved) expect(await sha256OfFile(f.path)).toBe(video.sha256);
  // Bytes crossed between the relaying leecher and the others, in both directions.
  const relayed = await s.peers[1]!.stats(video.name);
  expect(Object.entries(relayed.bytesFrom).some(([peer, bytes]) => peer !== sharerId && bytes > 0)).toBe(
    true,
  );
  let fromRelayed = 0;
  for (const p of s.peers.slice(2)) fromRelayed += (await p.stats(video.name)).bytesFrom[relayedId] ?? 0;
  expect(fromRelayed).toBeGreaterThan(0);
});

test('an empty file gets a clear message, not a hang', async ({ swarm }) => {
  const empty = files.find((f) => f.size === 0)!;
  const s = await swarm({ peers: 1 });
  await s.sharer.share(empty.path);
  await expect(s.sharer.page.getByRole('alert')).toContainText('is empty (0 bytes)');
  // The page keeps working: a real file can still be shared afterwards.
  const png = files.find((f) => f.name === 'image.png')!;
  await s.sharer.share(png.path);
  await expect(s.sharer.page.getByRole('button', { name: `Download ${png.name}` })).toBeVisible();
});
