import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { expect, test } from './swarm-fixture.ts';
import { fixtureFiles, sha256OfFile } from './fixture-files.ts';
import { TrackerProcess } from './tracker-process.ts';

const video = fixtureFiles().find((f) => f.name === 'video.mp4')!;

/** A random file big enough that a transfer is still going when a test interferes. */
async function randomFile(path: string, bytes: number): Promise<string> {
  await writeFile(path, randomBytes(bytes));
  return sha256OfFile(path);
}

test('a late joiner downloads from every peer that finished before it', async ({
  swarm,
  browser,
  baseURL,
}, info) => {
  const s = await swarm({ peers: 3 });
  await s.shareAndDownloadAll(video.path, video.name, info.outputPath('first'));
  const late = await s.addPeer(browser, baseURL!);
  const seeders = await Promise.all(s.peers.slice(0, 3).map((p) => p.peerId()));
  await late.download(video.name);
  const saved = await late.saveDownload(video.name, info.outputPath('late'));
  expect(await sha256OfFile(saved.path)).toBe(video.sha256);
  const { bytesFrom } = await late.stats(video.name);
  info.annotations.push({ type: 'sources', description: JSON.stringify(bytesFrom) });
  for (const id of seeders) expect(bytesFrom[id] ?? 0).toBeGreaterThan(0);
});

test('the sharer leaves once the swarm holds every piece; the leechers finish from each other', async ({
  swarm,
}, info) => {
  const name = 'twelve-mebibytes.bin';
  const path = info.outputPath(name);
  const sha = await randomFile(path, 12 * 1024 * 1024);
  const s = await swarm({ peers: 4 });
  await s.sharer.share(path);
  await Promise.all(s.leechers.map((p) => p.download(name)));

  // Wait until every piece is verified by at least one leecher, and not a moment longer.
  for (;;) {
    const states = await Promise.all(s.leechers.map((p) => p.pieceStates(name)));
    const count = states[0]!.length;
    const covered = Array.from({ length: count }, (_, i) => states.some((st) => st[i] === 2));
    if (count > 0 && covered.every(Boolean)) break;
    await s.sharer.page.waitForTimeout(20);
  }
  const progressWhenSharerLeft = await Promise.all(s.leechers.map((p) => p.progress(name)));
  await s.sharer.leave();
  info.annotations.push({
    type: 'progress when the sharer left',
    description: progressWhenSharerLeft.join('%, ') + '%',
  });

  for (const p of s.leechers) {
    const saved = await p.saveDownload(name, info.outputPath(`peer-${p.index}`));
    expect(await sha256OfFile(saved.path)).toBe(sha);
  }
});

test('churn: half the leechers vanish mid-transfer; the rest complete', async ({ swarm }, info) => {
  // Seven peers in one browser on two cores: on a slow day the victims need minutes to reach their
  // exit points. The limits only stop a hang.
  test.setTimeout(480_000);
  const name = 'churn-16MiB.bin';
  const path = info.outputPath(name);
  const sha = await randomFile(path, 16 * 1024 * 1024);
  const s = await swarm({ peers: 7 });
  await s.sharer.share(path);
  await Promise.all(s.leechers.map((p) => p.download(name)));

  const victims = s.leechers.slice(0, 3);
  const survivors = s.leechers.slice(3);
  // Each victim leaves at its own random point of its download (between 10% and 70%).
  const moments = victims.map(() => 10 + Math.floor(Math.random() * 60));
  await Promise.all(
    victims.map(async (p, i) => {
      await p.waitForProgress(name, moments[i]!, 300_000);
      await p.leave();
    }),
  );
  info.annotations.push({ type: 'victims left at', description: moments.map((m) => `${m}%`).join(', ') });

  for (const p of survivors) {
    const saved = await p.saveDownload(name, info.outputPath(`peer-${p.index}`));
    expect(await sha256OfFile(saved.path)).toBe(sha);
    const stats = await p.stats(name);
    info.annotations.push({
      type: `peer ${p.index}`,
      description: `done in ${stats.downloadMs} ms, longest stall ${stats.longestStallMs} ms`,
    });
  }
});

test('the tracker restarts mid-transfer: transfers go on, pages reconnect, a newcomer finds the swarm', async ({
  swarm,
  browser,
}, info) => {
  const tracker = await TrackerProcess.start();
  try {
    const name = 'restart-16MiB.bin';
    const path = info.outputPath(name);
    const sha = await randomFile(path, 16 * 1024 * 1024);
    const s = await swarm({ peers: 3, baseURL: tracker.url });
    await expect(s.sharer.trackerStatus()).toContainText('connected');
    await s.sharer.share(path);
    await Promise.all(s.leechers.map((p) => p.download(name)));
    await s.leechers[0]!.waitForProgress(name, 10);

    await tracker.kill();
    for (const p of s.peers) await expect(p.trackerStatus()).toContainText('disconnected');
    // With the tracker gone, pieces keep flowing over the open data channels.
    const before = await s.leechers[0]!.progress(name);
    await s.leechers[0]!.waitForProgress(name, Math.min(100, before + 5));

    await tracker.restart();
    for (const p of s.peers)
      await expect(p.trackerStatus()).toHaveText(/Tracker: connected/, { timeout: 60_000 });

    // A peer that arrives after the restart sees the file and downloads it.
    const late = await s.addPeer(browser, tracker.url);
    await late.download(name);
    for (const p of [...s.leechers, late]) {
      const saved = await p.saveDownload(name, info.outputPath(`peer-${p.index}`));
      expect(await sha256OfFile(saved.path)).toBe(sha);
    }
  } finally {
    await tracker.stop();
  }
});
