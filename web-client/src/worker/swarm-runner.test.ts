import {
  encodeBlockFrame,
  encodeWireMessage,
  type Manifest,
  MemoryPieceStore,
  nobleHasher,
  PROTOCOL_VERSION,
} from '@minibit/protocol';
import { describe, expect, it } from 'vitest';
import type { FromWorker } from '../worker-messages.ts';
import { DETAIL_INTERVAL_MS, SNAPSHOT_INTERVAL_MS, SwarmRunner } from './swarm-runner.ts';
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
    for (let t = 0; t <= 3 * SNAPSHOT_INTERVAL_MS; t += 100) runner.tick(t);
    expect(details()).toHaveLength(0);
    expect(posts.filter((p) => p.message.type === 'snapshot')).toHaveLength(3);
  });

  it('sends one at once when watched, then one per DETAIL_INTERVAL_MS, with its arrays transferred', () => {
    const { runner, posts, details } = recordedRunner();
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
    // Later ones ride with snapshots: the first snapshot once one is due, then one per interval.
    const end = 50 + 5 * Math.max(DETAIL_INTERVAL_MS, SNAPSHOT_INTERVAL_MS);
    for (let t = 50 + DETAIL_INTERVAL_MS; t <= end; t += 100) runner.tick(t);
    const later = details().slice(1);
    expect(later.length).toBeGreaterThanOrEqual(4);
    expect(later.length).toBeLessThanOrEqual(5);
    for (const d of later) expect(posts[posts.indexOf(d) + 1]!.message.type).toBe('snapshot');

    const count = details().length;
    runner.watchDetail(false, end + 100);
    for (let t = end + 100; t <= end + 5000; t += 100) runner.tick(t);
    expect(details()).toHaveLength(count);
  });

  it("sends a tick's events just before its snapshot, not on every tick", () => {
    const { runner, posts } = recordedRunner();
    runner.engine.addPeer('p1', runner.linkTo('p1'));
    runner.tick(100);
    expect(posts.filter((p) => p.message.type === 'events')).toHaveLength(0);
    for (let t = 200; t <= SNAPSHOT_INTERVAL_MS; t += 100) runner.tick(t);
    const types = posts.map((p) => p.message.type).filter((t) => t === 'events' || t === 'snapshot');
    expect(types).toEqual(['events', 'snapshot']);
  });
});

describe('SwarmRunner storage failures', () => {
  it('a piece that cannot be read back to be verified ends the swarm with a clear error', async () => {
    const swarmId = 'a'.repeat(64);
    const store = new MemoryPieceStore();
    store.readInto = () => Promise.reject(new Error('the disk went away'));
    const posts: FromWorker[] = [];
    let stopped = false;
    const runner = new SwarmRunner({
      swarmId,
      manifest,
      selfId: 'me',
      post: (message) => posts.push(message),
      hasher: nobleHasher,
      storage: { ...memoryStorage(manifest), store },
      onStopped: () => (stopped = true),
    });
    const say = (m: Parameters<typeof encodeWireMessage>[0]) =>
      runner.engine.receive('p', encodeWireMessage(m));
    runner.engine.addPeer('p', runner.linkTo('p'));
    say({ t: 'handshake', v: PROTOCOL_VERSION, swarm: swarmId, peer: 'p' });
    say({ t: 'bitfield', bits: 'fffff0' });
    say({ t: 'unchoke' });
    const request = posts
      .flatMap((m) => (m.type === 'send' && typeof m.data === 'string' ? [JSON.parse(m.data)] : []))
      .find((m: { t: string }) => m.t === 'request') as { piece: number; offset: number; length: number };
    expect(request).toBeDefined();
    runner.engine.receive(
      'p',
      encodeBlockFrame(request.piece, request.offset, new Uint8Array(request.length)),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(runner.engine.isStopped).toBe(true);
    expect(posts).toContainEqual({
      type: 'swarm-error',
      swarmId,
      problem: { code: 'store-failed', name: 'f.bin', reason: 'the disk went away' },
    });
    expect(stopped).toBe(true);
  });
});
