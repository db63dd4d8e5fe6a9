import { swarmIdOf } from '@minibit/protocol';
import { describe, expect, it } from 'vitest';
import { peerIdForKey } from './peer-id.ts';
import { testManifest, trackerTestBed } from './test-fixtures.ts';

/** A page that presents a key keeps its peer id across reconnects and tracker restarts. */
describe('peer keys', () => {
  const bed = trackerTestBed();
  const key = 'a-tab-secret-key-0123456789';

  it('derives the peer id from the key, across a tracker restart', async () => {
    await bed.start();
    const first = await bed.connect({}, `?key=${key}`);
    expect(first.peerId).toBe(peerIdForKey(key));
    await bed.start(); // a new tracker process knows nothing of the old one
    const again = await bed.connect({}, `?key=${key}`);
    expect(again.peerId).toBe(first.peerId);
  });

  it('a second socket with the same key replaces the first, which is closed; swarms see one peer', async () => {
    await bed.start();
    const movie = testManifest('movie.mp4');
    const old = await bed.connect({}, `?key=${key}`);
    old.send({ type: 'share', manifest: movie });
    await old.next('joined');
    const other = await bed.connect();
    other.send({ type: 'join', swarmId: swarmIdOf(movie) });
    expect((await other.next('joined')).peers).toEqual([old.peerId]);

    const fresh = await bed.connect({}, `?key=${key}`);
    expect(fresh.peerId).toBe(old.peerId);
    expect((await old.closed).code).toBe(4000);
    // The replaced socket left the swarm; the new one joins it again under the same id.
    expect((await other.next('peer-left')).peerId).toBe(old.peerId);
    fresh.send({ type: 'join', swarmId: swarmIdOf(movie) });
    expect((await fresh.next('joined')).peers).toEqual([other.peerId]);
  });

  it('an id cannot be claimed without its key', async () => {
    await bed.start();
    const owner = await bed.connect({}, `?key=${key}`);
    const stranger = await bed.connect({}, `?key=${owner.peerId}`); // the id itself is not a valid key
    expect(stranger.peerId).not.toBe(owner.peerId);
  });
});
