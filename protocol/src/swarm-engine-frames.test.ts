import { describe, expect, it } from 'vitest';
import { FramePool } from './frame-pool.ts';
import { MemoryPieceStore } from './memory-piece-store.ts';
import { MemorySwarm, randomBytes } from './test-support/memory-swarm.ts';

/** Byte-for-byte equality; vitest's toEqual walks a typed array element by element, too slowly. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A pool that remembers every distinct buffer it handed out. */
function watchedPool(): { pool: FramePool; handedOut: Set<ArrayBuffer> } {
  const pool = new FramePool();
  const handedOut = new Set<ArrayBuffer>();
  const take = pool.take.bind(pool);
  pool.take = (n) => {
    const b = take(n);
    handedOut.add(b);
    return b;
  };
  return { pool, handedOut };
}

describe('outgoing block frames come from a FramePool', () => {
  it('reuses the frames a link gives back once it has copied them, and every byte still arrives', async () => {
    const { pool, handedOut } = watchedPool();
    const swarm = new MemorySwarm(randomBytes(1024 * 1024, 11), 'pool.bin', 16 * 1024);
    swarm.addPeer('seed', { seed: true, frames: pool });
    swarm.addPeer('leech');
    // As the worker's ChannelSender does: the channel copies the frame, the buffer goes back.
    const linkFor = swarm.linkFor.bind(swarm);
    swarm.linkFor = (from, to) => {
      const link = linkFor(from, to);
      if (from !== 'seed') return link;
      return {
        ...link,
        sendBinary: (frame) => {
          link.sendBinary(frame.slice(0));
          pool.give(frame);
        },
      };
    };
    swarm.connectAll();
    await swarm.run(() => swarm.peers.get('leech')!.engine.isComplete);
    expect(sameBytes(swarm.fileOf('leech'), swarm.file)).toBe(true);
    const blocks = swarm.peers.get('seed')!.engine.snapshot().messagesSent.block ?? 0;
    expect(blocks).toBe(64);
    // At most one frame per storage read in flight (8), not one per block.
    expect(handedOut.size).toBeGreaterThan(0);
    expect(handedOut.size).toBeLessThanOrEqual(8);
  });

  it('takes back the frame of a block whose read failed', async () => {
    const { pool, handedOut } = watchedPool();
    const store = new MemoryPieceStore();
    store.readInto = () => Promise.reject(new Error('disk gone'));
    const swarm = new MemorySwarm(randomBytes(64 * 1024, 12), 'gone.bin', 16 * 1024);
    const seed = swarm.addPeer('seed', { seed: true, frames: pool, store });
    swarm.addPeer('leech');
    swarm.connectAll();
    await swarm.run(() => seed.events.some((e) => e.kind === 'storage-error'), { maxSteps: 200 });
    expect(handedOut.size).toBeGreaterThan(0);
    expect(pool.spare).toBe(handedOut.size);
  });
});

describe('pieces are assembled in reused buffers', () => {
  /** A leecher whose store records the buffer of every piece written to it. */
  function leecherWatchingWrites(swarm: MemorySwarm): Set<ArrayBufferLike> {
    const store = new MemoryPieceStore();
    const buffers = new Set<ArrayBufferLike>();
    const write = store.write.bind(store);
    store.write = (piece, data) => {
      buffers.add(data.buffer);
      return write(piece, data);
    };
    swarm.addPeer('leech', { store });
    return buffers;
  }

  it('blocks arriving one by one: 64 pieces assembled in a few buffers, every stored piece intact', async () => {
    const swarm = new MemorySwarm(randomBytes(1024 * 1024, 13), 'assemble.bin', 16 * 1024);
    // A capped seed sends a block every 250 ms: each piece is stored before the next one starts.
    swarm.addPeer('seed', { seed: true, config: { uploadBytesPerSecond: 64 * 1024 } });
    const buffers = leecherWatchingWrites(swarm);
    swarm.connectAll();
    await swarm.run(() => swarm.peers.get('leech')!.engine.isComplete, { tickMs: 50 });
    // The store copies what it keeps, so reusing a buffer afterwards cannot change a stored piece.
    expect(sameBytes(swarm.fileOf('leech'), swarm.file)).toBe(true);
    expect(buffers.size).toBeGreaterThan(0);
    expect(buffers.size).toBeLessThanOrEqual(2);
  });

  it('a burst of blocks needs a buffer per piece in flight, and the file still arrives whole', async () => {
    const swarm = new MemorySwarm(randomBytes(1024 * 1024, 14), 'burst.bin', 16 * 1024);
    swarm.addPeer('seed', { seed: true });
    const buffers = leecherWatchingWrites(swarm);
    swarm.connectAll();
    await swarm.run(() => swarm.peers.get('leech')!.engine.isComplete);
    expect(sameBytes(swarm.fileOf('leech'), swarm.file)).toBe(true);
    expect(buffers.size).toBeLessThan(64);
  });
});

describe('MemoryPieceStore', () => {
  it('keeps a copy: the writer may reuse its buffer once the write settles', async () => {
    const store = new MemoryPieceStore();
    const data = new Uint8Array([1, 2, 3, 4]);
    await store.write(0, data);
    data.fill(9);
    const back = new Uint8Array(4);
    await store.readInto(0, 0, back);
    expect([...back]).toEqual([1, 2, 3, 4]);
  });
});
