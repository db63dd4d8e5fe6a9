import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The shared fixture files (read in place: they are not copied into the repo). */
export const FIXTURES_DIR =
  process.env.MINIBIT_FIXTURES ??
  join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'fixtures');

export interface FixtureFile {
  name: string;
  path: string;
  size: number;
  sha256: string;
  what: string;
}

/** Parses fixtures/MANIFEST.txt: `name | bytes | sha256 | what` per line. */
export function fixtureFiles(): FixtureFile[] {
  return readFileSync(join(FIXTURES_DIR, 'MANIFEST.txt'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => {
      const [name, size, sha256, what] = line.split(' | ').map((s) => s.trim());
      return {
        name: name!,
        path: join(FIXTURES_DIR, name!),
        size: Number(size),
        sha256: sha256!,
        what: what ?? '',
      };
    });
}

export function sha256OfFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
}
