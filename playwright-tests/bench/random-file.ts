import { createHash, randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import { join } from 'node:path';

/** Writes `size` random bytes to `dir/name` in 4 MiB chunks and returns its path and SHA-256. */
export async function writeRandomFile(
  dir: string,
  name: string,
  size: number,
): Promise<{ path: string; sha256: string }> {
  const path = join(dir, name);
  const hash = createHash('sha256');
  const file = await open(path, 'w');
  try {
    for (let written = 0; written < size;) {
      const chunk = randomBytes(Math.min(4 * 1024 * 1024, size - written));
      await file.write(chunk);
      hash.update(chunk);
      written += chunk.byteLength;
    }
  } finally {
    await file.close();
  }
  return { path, sha256: hash.digest('hex') };
}

export const MiB = 1024 * 1024;
