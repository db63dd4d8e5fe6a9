/**
 * npm run screenshots
 *
 * Takes the README's pictures: starts a tracker with a dashboard key, opens five peers, shares the
 * fixture video from the first with a per-peer upload cap (so the swarm runs at a pace a person can
 * follow), lets the other four download it, and once a downloader is about half-way saves
 *   docs/screenshots/peer-page.png   that downloader's whole page (1280 px wide)
 *   docs/screenshots/dashboard.png   the teacher's dashboard with the swarm
 * It shows whatever the pages show: nothing here depends on their layout.
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { launchOptions } from '../chromium-flags.ts';
import { DashboardPage, shareWithSettings } from '../dashboard-page.ts';
import { fixtureFiles } from '../fixture-files.ts';
import { Swarm } from '../swarm-harness.ts';
import { TrackerProcess } from '../tracker-process.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = join(ROOT, 'docs', 'screenshots');
const PEERS = 5;
/** Each peer uploads at most this (MB/s): the 3.3 MB video then takes the swarm half a minute or so. */
const UPLOAD_CAP_MB = '0.1';
/** The downloader is pictured once it has this much (percent), mid-download. */
const SNAP_AT_PERCENT = 45;
const VIEWPORT = { width: 1280, height: 800 };
const KEY = `screenshots-${randomBytes(12).toString('base64url')}`;

const video = fixtureFiles().find((f) => f.name === 'video.mp4');
if (!video) throw new Error('video.mp4 is not among the fixtures');

await mkdir(OUT, { recursive: true });
const tracker = await TrackerProcess.start(0, ['--dashboard-key', KEY]);
const browser = await chromium.launch(launchOptions);
let failed = false;
try {
  const swarm = await Swarm.open(browser, { peers: PEERS, baseURL: tracker.url });
  const dashboard = await DashboardPage.open(browser, tracker.url, KEY);
  for (const page of [...swarm.peers.map((p) => p.page), dashboard.page])
    await page.setViewportSize(VIEWPORT);

  await shareWithSettings(swarm.sharer, video.path, { uploadCapMB: UPLOAD_CAP_MB });
  await swarm.sharer.hashedMs(video.name);
  await dashboard.swarm(video.name).waitFor({ timeout: 30_000 });
  await Promise.all(swarm.leechers.map((p) => p.download(video.name)));

  const pictured = swarm.leechers[0]!;
  await pictured.waitForProgress(video.name, SNAP_AT_PERCENT, 180_000);
  const peerPng = join(OUT, 'peer-page.png');
  await pictured.page.screenshot({ path: peerPng, fullPage: true });
  const percent = await pictured.progress(video.name);
  const dashboardPng = join(OUT, 'dashboard.png');
  await dashboard.page.screenshot({ path: dashboardPng, fullPage: true });
  console.log(`peer page (a downloader at about ${percent}%): ${relative(ROOT, peerPng)}`);
  console.log(`dashboard: ${relative(ROOT, dashboardPng)}`);

  await dashboard.close();
  await swarm.close();
} catch (err) {
  failed = true;
  console.error(err);
} finally {
  await browser.close();
  await tracker.stop();
}
process.exit(failed ? 1 : 0);
