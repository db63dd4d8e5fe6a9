import { describe, expect, it } from 'vitest';
import { MemorySwarm, randomBytes } from './test-support/memory-swarm.ts';

describe('SwarmEngine have announcements', () => {
  it('batches the pieces verified between two ticks into one have per peer, and loses none', async () => {
    const swarm = new MemorySwarm(randomBytes(64 * 16 * 1024, 3), 'batched.bin', 16 * 1024);
    swarm.addPeer('seed', { seed: true });
    swarm.addPeer('a');
    swarm.addPeer('b');
    swarm.connectAll();
    const done = () => [...swarm.peers.values()].every((p) => p.engine.isComplete);
    await swarm.run(done, { tickMs: 100 });
    // The last pieces' haves leave on the next tick; let them arrive.
    const finishedAt = swarm.now;
    await swarm.run(() => swarm.now >= finishedAt + 300, { tickMs: 100 });

    for (const id of ['a', 'b']) {
      const snapshot = swarm.peers.get(id)!.engine.snapshot();
      // Two other peers to tell about 64 pieces: far fewer than 128 messages.
      expect(snapshot.messagesSent.have ?? 0).toBeLessThan(64);
      expect(snapshot.messagesSent.have ?? 0).toBeGreaterThan(0);
    }
    // Each leecher knows every other peer holds the whole file. (Nobody tells the seed: it has it all.)
    for (const id of ['a', 'b']) {
      const views = swarm.peers.get(id)!.engine.snapshot().peers;
      expect(views.map((v) => [v.id, v.havePieces]).sort()).toEqual(
        ['a', 'b', 'seed'].filter((other) => other !== id).map((other) => [other, 64]),
      );
    }
  });
});
