import { describe, expect, it } from 'vitest';
import { FramePool } from './frame-pool.ts';
import { pieceLength } from './manifest.ts';
import { MemoryPieceStore } from './memory-piece-store.ts';
import { HandPeer, settle } from './test-support/hostile-peer.ts';
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

describe('blocks go to the store as they arrive', () => {
  /** A leecher whose store records each block written and each buffer a piece is read back into. */
  function watchedLeecher(swarm: MemorySwarm) {
    const store = new MemoryPieceStore();
    const blocks: string[] = [];
    const readBuffers = new Set<ArrayBufferLike>();
    const writeBlock = store.writeBlock.bind(store);
    store.writeBlock = (piece, offset, data, pieceLength) => {
      blocks.push(`${piece}@${offset}`);
      return writeBlock(piece, offset, data, pieceLength);
    };
    const readInto = store.readInto.bind(store);
    store.readInto = (piece, offset, into) => {
      if (offset === 0 && into.byteLength === pieceLength(swarm.manifest, piece))
        readBuffers.add(into.buffer);
      return readInto(piece, offset, into);
    };
    const peer = swarm.addPeer('leech', { store });
    return { peer, blocks, readBuffers };
  }

  it('each block once, and every piece is hashed from the store in a few reused buffers', async () => {
    // 8 MiB in four 2 MiB pieces (a 1 GiB file's) of sixteen 128 KiB blocks.
    const swarm = new MemorySwarm(randomBytes(8 * 1024 * 1024, 14), 'blocks.bin', 2 * 1024 * 1024);
    swarm.addPeer('seed', { seed: true });
    const { peer, blocks, readBuffers } = watchedLeecher(swarm);
    swarm.connectAll();
    await swarm.run(() => peer.engine.isComplete);
    expect(sameBytes(swarm.fileOf('leech'), swarm.file)).toBe(true);
    expect(blocks).toHaveLength(64);
    expect(new Set(blocks).size).toBe(64);
    expect(readBuffers.size).toBeGreaterThan(0);
    // Two 2 MiB pieces fit the 4 MiB read-back budget (VERIFY_BUDGET_BYTES), not four.
    expect(readBuffers.size).toBeLessThanOrEqual(2);
  });

  it('reads back no more than 4 MiB of complete pieces at once, however many complete together', async () => {
    const swarm = new MemorySwarm(randomBytes(8 * 1024 * 1024, 17), 'burst.bin', 2 * 1024 * 1024);
    const store = new MemoryPieceStore();
    let reading = 0;
    let mostAtOnce = 0;
    const readInto = store.readInto.bind(store);
    store.readInto = async (piece, offset, into) => {
      mostAtOnce = Math.max(mostAtOnce, ++reading);
      try {
        return await readInto(piece, offset, into);
      } finally {
        reading--;
      }
    };
    const victim = swarm.addPeer('victim', { store });
    const mallory = new HandPeer('mallory', swarm, victim.engine);
    mallory.greetAndUnchoke();
    // Every request answered in one go: all four pieces complete in the same task.
    for (let i = 0; i < mallory.link.of('request').length; i++)
      mallory.answer(mallory.link.of('request')[i]!);
    await settle(victim.engine);
    expect(victim.events.filter((e) => e.kind === 'piece-verified')).toHaveLength(4);
    expect(mostAtOnce).toBe(2);
  });

  it('a store that will not take a block stops the download with a storage error, nothing verified', async () => {
    const swarm = new MemorySwarm(randomBytes(256 * 1024, 16), 'full.bin', 64 * 1024);
    swarm.addPeer('seed', { seed: true });
    const store = new MemoryPieceStore();
    store.writeBlock = () => Promise.reject(new Error('the disk is full'));
    const leech = swarm.addPeer('leech', { store });
    swarm.connectAll();
    await swarm.run(() => leech.events.some((e) => e.kind === 'storage-error'), { maxSteps: 200 });
    await swarm.run(() => leech.engine.pending === 0, { maxSteps: 200 });
    const errors = leech.events.filter((e) => e.kind === 'storage-error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ error: 'the disk is full' });
    expect(leech.events.some((e) => e.kind === 'piece-verified')).toBe(false);
    expect(leech.engine.connectedPeers).toEqual([]);
  });
});

describe('received blocks', () => {
  it('are copied before receive() returns: the worker may free or overwrite them at once', async () => {
    const swarm = new MemorySwarm(randomBytes(1024 * 1024, 15), 'received.bin', 16 * 1024);
    swarm.addPeer('seed', { seed: true });
    const leech = swarm.addPeer('leech');
    // As the worker does with every received message (release-buffer.ts), but louder: a block's
    // bytes are overwritten the moment the engine returns, so any later read of them breaks a hash.
    const receive = leech.engine.receive.bind(leech.engine);
    let overwritten = 0;
    leech.engine.receive = (from, data) => {
      receive(from, data);
      if (typeof data !== 'string') {
        new Uint8Array(data).fill(0xee);
        overwritten++;
      }
    };
    swarm.connectAll();
    await swarm.run(() => leech.engine.isComplete);
    expect(overwritten).toBe(64);
    expect(leech.events.some((e) => e.kind === 'hash-failed')).toBe(false);
    expect(sameBytes(swarm.fileOf('leech'), swarm.file)).toBe(true);
  });
});

describe('MemoryPieceStore', () => {
  it('keeps a copy of a block before writeBlock returns: the writer may free its buffer at once', async () => {
    const store = new MemoryPieceStore();
    const data = new Uint8Array([1, 2, 3, 4]);
    const written = store.writeBlock(0, 2, data, 6);
    data.fill(9);
    await written;
    const back = new Uint8Array(6);
    await store.readInto(0, 0, back);
    expect([...back]).toEqual([0, 0, 1, 2, 3, 4]);
  });
});
