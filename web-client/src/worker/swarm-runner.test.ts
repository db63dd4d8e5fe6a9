import { type Manifest, nobleHasher } from '@minibit/protocol';
import { describe, expect, it } from 'vitest';
import type { FromWorker } from '../worker-messages.ts';
import { DETAIL_INTERVAL_MS, SwarmRunner } from './swarm-runner.ts';
import { memoryStorage } from './swarm-storage.ts';

const manifest: Manifest = {
  v: 1,
  name: 'f.bin',
  size: 20 * 1024,
  pieceSize: 1024,
  pieces: Array.from({ length: 20 }, () => '0'.repeat(64)),
};

/** A runner whose posts are recorded with their transfer lists. */
function recordedRunner() {
  const posts: { message: FromWorker; transfer: Transferable[] }[] = [];
  const runner = new SwarmRunner({
    swarmId: 's',
    manifest,
    selfId: 'me',
    post: (message, transfer = []) => posts.push({ message, transfer }),
    hasher: nobleHasher,
    storage: memoryStorage(manifest),
    onStopped: () => {},
  });
  const details = () => posts.filter((p) => p.message.type === 'detail');
  return { runner, posts, details };
}

describe('SwarmRunner detail view', () => {
  it('sends no detail while nobody watches, snapshots as before', () => {
    const { runner, posts, details } = recordedRunner();
    for (let t = 0; t <= 3000; t += 100) runner.tick(t);
    expect(details()).toHaveLength(0);
    expect(posts.filter((p) => p.message.type === 'snapshot').length).toBeGreaterThan(5);
  });

  it('sends one at once when watched, then one per DETAIL_INTERVAL_MS, with its arrays transferred', () => {
    const { runner, details } = recordedRunner();
    runner.tick(0);
    runner.watchDetail(true, 50);
    expect(details()).toHaveLength(1);
    const first = details()[0]!;
    expect(first.transfer).toHaveLength(6);
    if (first.message.type !== 'detail') throw new Error('not a detail');
    expect(first.message.detail.pieceCount).toBe(20);
    expect(first.transfer).toContain(first.message.detail.availability.buffer);

    for (let t = 100; t < 50 + DETAIL_INTERVAL_MS; t += 100) runner.tick(t);
    expect(details()).toHaveLength(1);
    for (let t = 50 + DETAIL_INTERVAL_MS; t <= 50 + 3 * DETAIL_INTERVAL_MS; t += 100) runner.tick(t);
    expect(details()).toHaveLength(4);

    runner.watchDetail(false, 4000);
    for (let t = 4000; t <= 8000; t += 100) runner.tick(t);
    expect(details()).toHaveLength(4);
  });
});
