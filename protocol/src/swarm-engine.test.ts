import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { MemorySwarm, randomBytes } from './test-support/memory-swarm.ts';

// Compare digests, not arrays: a deep-equality diff of megabytes is slow and unreadable.
const digest = (b: Uint8Array) => bytesToHex(sha256(b));

const allComplete = (s: MemorySwarm) => () => [...s.peers.values()].every((p) => p.engine.isComplete);

describe('SwarmEngine over an in-memory network', () => {
  it('moves a file from a seeder to one leecher byte for byte', async () => {
    const s = new MemorySwarm(randomBytes(300_000, 1));
    s.addPeer('seed', { seed: true });
    s.addPeer('leech');
    s.connectAll();
    await s.run(allComplete(s));
    expect(digest(s.fileOf('leech'))).toBe(digest(s.file));
    expect(s.peers.get('leech')!.events.some((e) => e.kind === 'complete')).toBe(true);
  });

  it('leechers trade with each other, not only with the seeder', async () => {
    const s = new MemorySwarm(randomBytes(2_000_000, 2));
    s.uplinkBytesPerRound = 64 * 1024;
    s.addPeer('seed', { seed: true });
    for (const id of ['a', 'b', 'c', 'd']) s.addPeer(id);
    s.connectAll();
    await s.run(allComplete(s));
    for (const id of ['a', 'b', 'c', 'd']) {
      expect(digest(s.fileOf(id))).toBe(digest(s.file));
      const fromPeers = s.peers.get(id)!.engine.snapshot().bytesFromPeer;
      const fromLeechers = Object.entries(fromPeers)
        .filter(([p]) => p !== 'seed')
        .reduce((n, [, b]) => n + b, 0);
      expect(fromLeechers).toBeGreaterThan(0);
    }
  });

  it('handles a last piece shorter than the rest and a one-piece file', async () => {
    for (const size of [1, 16_385, 1_000_003]) {
      const s = new MemorySwarm(randomBytes(size, size));
      s.addPeer('seed', { seed: true });
      s.addPeer('x');
      s.addPeer('y');
      s.connectAll();
      await s.run(allComplete(s));
      expect(digest(s.fileOf('x'))).toBe(digest(s.file));
      expect(digest(s.fileOf('y'))).toBe(digest(s.file));
    }
  });
});
