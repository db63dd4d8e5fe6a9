import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { safeFileName } from '../web-client/src/safe-file-name.ts';
import { expect, test } from './swarm-fixture.ts';
import { sha256OfFile } from './fixture-files.ts';

// Names a hostile or careless sharer might choose: markup, quotes, a right-to-left override that
// disguises the extension, a backslash path, and a very long name.
const NAMES = [
  `<img src=x onerror="document.title='pwned'"> "quoted" & 'single'.txt`,
  'invoice\u202Etxt.exe',
  '..\\..\\windows\\system.ini',
  `${'long name '.repeat(20)}end.txt`,
];

for (const name of NAMES) {
  test(`file name ${JSON.stringify(name.slice(0, 40))}… is shown as text and saved safely`, async ({
    swarm,
  }, info) => {
    const path = join(info.outputPath(), name);
    await writeFile(path, `contents of ${name}\n`);
    const s = await swarm({ peers: 2 });
    const [sharer, leecher] = s.peers;
    await sharer!.share(path);
    // The catalog shows exactly the name, as text: no element was injected, no script ran.
    const cell = leecher!.page.getByRole('cell', { name, exact: true });
    await expect(cell).toHaveText(name);
    expect(await cell.locator('img').count()).toBe(0);
    expect(await leecher!.page.title()).toBe('MiniBit');
    await leecher!.download(name);
    const saved = await leecher!.saveDownload(name, info.outputPath('saved'));
    expect(saved.suggestedFilename).toBe(safeFileName(name));
    expect(await sha256OfFile(saved.path)).toBe(await sha256OfFile(path));
  });
}
