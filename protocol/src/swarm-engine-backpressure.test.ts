import { describe, expect, it } from 'vitest';
import { decodeBlockFrame } from './block-frame.ts';
import { HandPeer, settle } from './test-support/hostile-peer.ts';
import { MemorySwarm, randomBytes } from './test-support/memory-swarm.ts';

/** A seed and two leechers the test speaks for, whose links say whether they take blocks now. */
async function setup() {
  const pieceSize = 16 * 1024;
  const swarm = new MemorySwarm(randomBytes(32 * pieceSize, 21), 'full.bin', pieceSize);
  const seed = swarm.addPeer('seed', { seed: true });
  const ready = { a: true, b: true };
  const a = new HandPeer('a', swarm, seed.engine);
  const b = new HandPeer('b', swarm, seed.engine);
  a.link.readyForBlock = () => ready.a;
  b.link.readyForBlock = () => ready.b;
  for (const p of [a, b]) {
    p.greet(false);
    p.say({ t: 'interested' });
  }
  await swarm.run(() => swarm.now >= 500, { tickMs: 100 });
  const ask = (p: HandPeer, pieces: number[]) => {
    for (const piece of pieces) p.say({ t: 'request', piece, offset: 0, length: pieceSize });
  };
  const piecesSent = (p: HandPeer) =>
    p.link.frames.map((f) => {
      const frame = decodeBlockFrame(f);
      if (!frame.ok) throw new Error(frame.error);
      return frame.value.piece;
    });
  return { swarm, seed, ready, a, b, ask, piecesSent };
}

describe('uploads follow the link’s backpressure', () => {
  it('reads no block for a peer whose link is full, and serves it all once told the link drained', async () => {
    const { swarm, seed, ready, a, ask, piecesSent } = await setup();
    ready.a = false;
    ask(a, [0, 1, 2, 3, 4]);
    await swarm.run(() => swarm.now >= 1500, { tickMs: 100 });
    expect(piecesSent(a)).toEqual([]);
    ready.a = true;
    seed.engine.resumeUploads();
    await settle(seed.engine);
    expect(piecesSent(a).sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4]);
  });

  it('keeps serving the other peers while one link is full', async () => {
    const { seed, ready, a, b, ask, piecesSent } = await setup();
    ready.a = false;
    ask(a, [0, 1, 2]);
    ask(b, [5, 6, 7]);
    await settle(seed.engine);
    expect(piecesSent(a)).toEqual([]);
    expect(piecesSent(b).sort((x, y) => x - y)).toEqual([5, 6, 7]);
  });

  it('a link that fills up mid-burst stops further reads for it (a few already reading still go)', async () => {
    const { seed, ready, a, ask, piecesSent } = await setup();
    // The link is full as soon as two blocks went out; requests for 20 pieces wait behind it.
    a.link.readyForBlock = () => a.link.frames.length < 2;
    ask(
      a,
      Array.from({ length: 20 }, (_, i) => i),
    );
    await settle(seed.engine);
    const sent = piecesSent(a).length;
    expect(sent).toBeGreaterThanOrEqual(2);
    // Reads started while the link still had room may finish: at most the engine's 8 at a time.
    expect(sent).toBeLessThanOrEqual(8);
    ready.a = true;
    a.link.readyForBlock = () => ready.a;
    seed.engine.resumeUploads();
    await settle(seed.engine);
    expect(piecesSent(a)).toHaveLength(20);
  });
});
