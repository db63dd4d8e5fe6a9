import { expect, test } from './swarm-fixture.ts';
import { fixtureFiles, sha256OfFile } from './fixture-files.ts';

/**
 * A classroom page over plain http (http://<laptop's LAN address>:8080) is not a secure context:
 * no WebCrypto, no OPFS, and Chromium withholds WebRTC host candidates. Here `classroom.test` maps to
 * 127.0.0.1 (--host-resolver-rules in chromium-flags.ts) to stand for such an address.
 */
const image = fixtureFiles().find((f) => f.name === 'image.png')!;

test('over plain http the page still hashes and shares, and says clearly when peers cannot connect', async ({
  browser,
  baseURL,
}) => {
  const url = `http://classroom.test:${new URL(baseURL!).port}/`;
  const pages = await Promise.all(
    [0, 1].map(async () => {
      const context = await browser.newContext({ acceptDownloads: true });
      const page = await context.newPage();
      await page.goto(url);
      return page;
    }),
  );
  try {
    const [sharer, leecher] = pages as [(typeof pages)[0], (typeof pages)[0]];
    expect(await sharer.evaluate(() => window.isSecureContext)).toBe(false);
    expect(await sharer.evaluate(() => typeof crypto.subtle)).toBe('undefined');
    await expect(sharer.getByRole('status', { name: 'Tracker connection' })).toContainText('connected');

    await sharer.getByLabel('Share a file').setInputFiles(image.path);
    await expect(sharer.getByRole('list', { name: 'Files being prepared' })).toContainText('@noble/hashes');
    await leecher.getByRole('button', { name: `Download ${image.name}` }).click();
    // On this loopback-only machine no route exists between insecure pages: the page says so.
    await expect(leecher.getByRole('alert').filter({ hasText: 'Could not connect' })).toContainText(
      'not a secure context',
      { timeout: 40_000 },
    );
  } finally {
    await Promise.all(pages.map((p) => p.context().close()));
  }
});

test('a full swarm with the plain-http fallbacks forced on (pure-JS hashing, memory storage)', async ({
  swarm,
}, info) => {
  const noWebCrypto = { noWebCrypto: true };
  const s = await swarm({
    peers: 4,
    faults: { 0: noWebCrypto, 1: noWebCrypto, 2: noWebCrypto, 3: noWebCrypto },
  });
  const saved = await s.shareAndDownloadAll(image.path, image.name, info.outputPath('downloads'));
  await expect(s.sharer.page.getByRole('list', { name: 'Files being prepared' })).toContainText(
    '@noble/hashes',
  );
  for (const f of saved) expect(await sha256OfFile(f.path)).toBe(image.sha256);
});
