import { peerSettings } from './dashboard-page.ts';
import { fixtureFiles, sha256OfFile } from './fixture-files.ts';
import { expect, test } from './swarm-fixture.ts';

/**
 * Pre-distribution from the teacher's dashboard (the course project's `dist_block`): in a swarm held
 * to a crawl by a tiny upload cap, each downloader gets a random share of the pieces at full speed,
 * then the cap holds again; nobody's share is the same; afterwards the swarm still delivers the file.
 */

const video = fixtureFiles().find((f) => f.name === 'video.mp4')!;
const PIECES = 201; // video.mp4 in 16 KiB pieces
const CAP = 20_000; // bytes per second: the whole file would take the sharer ~160 s

const verified = (states: number[]) => states.filter((s) => s === 2).length;

test('pre-distribution starts every downloader with its own share of the pieces, then the cap holds again', async ({
  swarm,
  classroom,
}, info) => {
  test.setTimeout(240_000);
  const s = await swarm({ peers: 4, baseURL: classroom.tracker.url });
  const dashboard = await classroom.dashboard();
  await s.sharer.share(video.path);
  await dashboard.applySettings(video.name, { uploadCapMB: String(CAP / 1_000_000) });
  await Promise.all(s.leechers.map((p) => p.download(video.name)));
  for (const p of s.leechers) {
    await expect
      .poll(async () => (await peerSettings(p, video.name))?.settings.uploadCapBytesPerSecond, {
        timeout: 30_000,
      })
      .toBe(CAP);
  }
  const before = await Promise.all(s.leechers.map(async (p) => verified(await p.pieceStates(video.name))));

  const panel = await dashboard.predistribute(video.name, 30);
  // 30% of 201 pieces is 60 per downloader: at the cap that alone would take the sharer ~50 s per peer.
  for (const p of s.leechers) {
    await expect
      .poll(async () => verified(await p.pieceStates(video.name)), { timeout: 60_000 })
      .toBeGreaterThanOrEqual(60);
  }
  // Every share held: the tracker ends the set-up and the swarm's own settings (the cap) apply again.
  await expect(panel).toHaveAttribute('data-predistribution', 'none', { timeout: 30_000 });
  for (const p of s.leechers) {
    await expect
      .poll(async () => (await peerSettings(p, video.name))?.settings.uploadCapBytesPerSecond, {
        timeout: 30_000,
      })
      .toBe(CAP);
  }
  const after = await Promise.all(s.leechers.map((p) => p.pieceStates(video.name)));
  info.annotations.push({
    type: 'verified pieces before → after pre-distribution',
    description: s.leechers
      .map((p, i) => `peer ${p.index}: ${before[i]} → ${verified(after[i]!)}`)
      .join(', '),
  });
  // Random shares: no two downloaders hold the same pieces.
  const held = after.map((states) => states.map((x) => (x === 2 ? '1' : '0')).join(''));
  expect(new Set(held).size).toBe(held.length);
  for (const h of held) expect(h).toHaveLength(PIECES);
  // The demo is slow again: with the cap back, nobody is anywhere near done a few seconds later.
  await new Promise((r) => setTimeout(r, 3_000));
  for (const p of s.leechers) expect(verified(await p.pieceStates(video.name))).toBeLessThan(PIECES * 0.9);

  // Lift the cap: the swarm finishes from the spread pieces, every byte intact.
  await dashboard.applySettings(video.name, { uploadCapMB: '' });
  const saved = await Promise.all(
    s.leechers.map((p) => p.saveDownload(video.name, info.outputPath(`peer-${p.index}`), 120_000)),
  );
  for (const f of saved) expect(await sha256OfFile(f.path)).toBe(video.sha256);
});
