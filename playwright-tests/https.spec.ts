import { expect, test } from './swarm-fixture.ts';
import { fixtureFiles, sha256OfFile } from './fixture-files.ts';
import { TrackerProcess } from './tracker-process.ts';

/**
 * `--https`: the tracker makes a self-signed certificate at start and serves the page and the socket
 * over TLS, so a page opened by address is a secure context (WebCrypto, OPFS, WebRTC host candidates).
 * Each context accepts the certificate, as each student clicks through the browser's warning once.
 */
const image = fixtureFiles().find((f) => f.name === 'image.png')!;

test('over https a class gets a secure context, WebCrypto hashing and a full swarm', async ({
  swarm,
}, info) => {
  const tracker = await TrackerProcess.start(0, ['--https']);
  try {
    expect(tracker.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const s = await swarm({ peers: 3, baseURL: tracker.url, ignoreHTTPSErrors: true });
    for (const peer of s.peers) {
      expect(await peer.page.evaluate(() => window.isSecureContext)).toBe(true);
      expect(await peer.page.evaluate(() => typeof crypto.subtle)).toBe('object');
      await expect(peer.trackerStatus()).toContainText('connected');
    }

    const saved = await s.shareAndDownloadAll(image.path, image.name, info.outputPath('downloads'));
    expect(saved).toHaveLength(2);
    for (const f of saved) {
      expect(f.suggestedFilename).toBe(image.name);
      expect(await sha256OfFile(f.path)).toBe(image.sha256);
    }
    await expect(s.sharer.page.getByRole('list', { name: 'Files being prepared' })).toContainText(
      /hashed \d+ pieces in .+ \(WebCrypto\) — shared/,
    );
  } finally {
    await tracker.stop();
  }
});
