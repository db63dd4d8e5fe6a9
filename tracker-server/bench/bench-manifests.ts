import { createHash } from 'node:crypto';
import { buildManifest, type Manifest, MIN_PIECE_SIZE, swarmIdOf } from '@minibit/protocol';

/**
 * The files the simulated pages share: one valid manifest per swarm, the same in every process for a
 * given swarm index, so a driver can name a swarm by index and compute its id itself. Tracks nothing.
 */

/** The manifest shared in swarm `index`: `pieces` pieces of 16 KiB with distinct, well-formed hashes. */
export function benchManifest(index: number, pieces: number): Manifest {
  const hashes = Array.from({ length: pieces }, (_, piece) =>
    createHash('sha256').update(`minibit-bench:${index}:${piece}`).digest('hex'),
  );
  // The last piece is short, as in most real files.
  const size = pieces * MIN_PIECE_SIZE - 1000;
  return buildManifest(`lecture-${String(index).padStart(3, '0')}.mp4`, size, MIN_PIECE_SIZE, hashes);
}

/** Each swarm's manifest and id, by swarm index. */
export function benchSwarms(count: number, pieces: number): { manifest: Manifest; swarmId: string }[] {
  return Array.from({ length: count }, (_, index) => {
    const manifest = benchManifest(index, pieces);
    return { manifest, swarmId: swarmIdOf(manifest) };
  });
}
