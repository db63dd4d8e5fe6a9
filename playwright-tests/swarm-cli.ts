/**
 * npm run swarm -- --file <path> --peers <N> [--out <dir>] [--headed]
 *
 * The one-command demo: starts a tracker on a free loopback port, opens N peers as browser contexts
 * driving the real UI, shares the file in the first and downloads it in the others, saves each
 * download into --out, prints per peer the download time, where its bytes came from and the messages
 * it sent, and exits non-zero if any peer failed or saved different bytes.
 */
import { mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { launchOptions } from './chromium-flags.ts';
import { sha256OfFile } from './fixture-files.ts';
import { Swarm } from './swarm-harness.ts';
import { TrackerProcess } from './tracker-process.ts';

const { values } = parseArgs({
  options: {
    file: { type: 'string' },
    peers: { type: 'string', default: '5' },
    out: { type: 'string' },
    headed: { type: 'boolean', default: false },
    timeout: { type: 'string', default: '600' },
  },
});
if (!values.file) {
  console.error('usage: npm run swarm -- --file <path> --peers <N> [--out <dir>] [--headed]');
  process.exit(2);
}
const peers = Number(values.peers);
if (!Number.isInteger(peers) || peers < 2) {
  console.error('--peers must be an integer of at least 2 (one sharer and one downloader)');
  process.exit(2);
}
const file = resolve(values.file);
const name = basename(file);
const out = values.out ? resolve(values.out) : await mkdtemp(join(tmpdir(), 'minibit-swarm-'));

const { size } = await stat(file);
const expected = await sha256OfFile(file);
console.log(
  `MiniBit swarm: ${name} (${size} bytes), ${peers} peers (1 sharer + ${peers - 1}), saving to ${out}`,
);
const tracker = await TrackerProcess.start();
const browser = await chromium.launch({ ...launchOptions, headless: !values.headed });
let failures = 0;
try {
  const swarm = await Swarm.open(browser, { peers, baseURL: tracker.url });
  const ids = await Promise.all(swarm.peers.map((p) => p.peerId()));
  const sharerId = ids[0]!;
  const started = Date.now();
  await swarm.sharer.share(file);
  await Promise.all(swarm.leechers.map((p) => p.download(name)));
  const timeoutMs = Number(values.timeout) * 1000;
  const results = await Promise.allSettled(
    swarm.leechers.map(async (p) => {
      const saved = await p.saveDownload(name, join(out, `peer-${p.index}`), timeoutMs);
      const wallMs = Date.now() - started;
      const [sha, stats] = await Promise.all([sha256OfFile(saved.path), p.stats(name)]);
      return { peer: p, saved, sha, stats, wallMs };
    }),
  );
  console.log('');
  console.log('peer  id          time (s)  from sharer  from leechers  msgs sent  name ok  sha256 ok');
  let totalFromSharer = 0;
  let totalBytes = 0;
  for (const [i, r] of results.entries()) {
    const index = i + 1;
    if (r.status === 'rejected') {
      failures++;
      console.log(
        `${String(index).padEnd(6)}${ids[index]!.padEnd(12)}FAILED: ${String(r.reason?.message ?? r.reason).split('\n')[0]}`,
      );
      continue;
    }
    const { stats, sha, saved } = r.value;
    const fromSharer = stats.bytesFrom[sharerId] ?? 0;
    const all = Object.values(stats.bytesFrom).reduce((a, b) => a + b, 0);
    totalFromSharer += fromSharer;
    totalBytes += all;
    const nameOk = saved.suggestedFilename === name;
    const shaOk = sha === expected;
    if (!nameOk || !shaOk) failures++;
    console.log(
      `${String(index).padEnd(6)}${ids[index]!.padEnd(12)}${(stats.downloadMs / 1000).toFixed(2).padStart(8)}  ` +
        `${((fromSharer / all) * 100).toFixed(1).padStart(10)}%  ${(((all - fromSharer) / all) * 100).toFixed(1).padStart(12)}%  ` +
        `${String(stats.messagesSent).padStart(9)}  ${nameOk ? 'yes' : 'NO '}      ${shaOk ? 'yes' : 'NO'}`,
    );
    console.log(
      `      first piece after ${(stats.firstPieceMs / 1000).toFixed(2)} s, longest stall ${(stats.longestStallMs / 1000).toFixed(2)} s`,
    );
    console.log(
      `      sources: ${Object.entries(stats.bytesFrom)
        .map(([id, b]) => `${id === sharerId ? `${id} (sharer)` : id}=${b}`)
        .join(', ')}`,
    );
    console.log(
      `      messages: ${Object.entries(stats.messagesByType)
        .map(([t, c]) => `${t}=${c}`)
        .join(', ')}`,
    );
  }
  if (totalBytes > 0) {
    console.log('');
    console.log(
      `share of all downloaded bytes that came from the sharer: ${((totalFromSharer / totalBytes) * 100).toFixed(1)}% ` +
        `(the sharer uploaded ${(totalFromSharer / size).toFixed(2)} copies of the file)`,
    );
  }
  console.log(`saved files are in ${out}`);
  await swarm.close();
} catch (err) {
  failures++;
  console.error(err);
} finally {
  await browser.close();
  await tracker.stop();
}
console.log(
  failures === 0
    ? 'OK: every peer saved the original bytes under the original name'
    : `FAILED: ${failures} peer(s)`,
);
process.exit(failures === 0 ? 0 : 1);
