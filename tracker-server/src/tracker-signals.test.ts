import { swarmIdOf } from '@minibit/protocol';
import { beforeEach, describe, expect, it } from 'vitest';
import { testManifest, trackerTestBed } from './test-fixtures.ts';
import type { TrackerTestClient } from './tracker-test-client.ts';

/** WebRTC signalling over real sockets: what passes, with which `from`, and what is refused. */

const movie = testManifest('movie.mp4');
const movieId = swarmIdOf(movie);
const song = testManifest('song.ogg');
const songId = swarmIdOf(song);
const offer = { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' };

describe('tracker signal relay', () => {
  const bed = trackerTestBed();
  /** seeder and leecher share the movie swarm; stranger seeds the song swarm. */
  let seeder: TrackerTestClient;
  let leecher: TrackerTestClient;
  let stranger: TrackerTestClient;

  beforeEach(async () => {
    await bed.start();
    seeder = await bed.connect();
    seeder.send({ type: 'share', manifest: movie });
    await seeder.next('joined');
    leecher = await bed.connect();
    leecher.send({ type: 'join', swarmId: movieId });
    await leecher.next('joined');
    await seeder.next('peer-joined');
    stranger = await bed.connect();
    stranger.send({ type: 'share', manifest: song });
    await stranger.next('joined');
  });

  /** Checks that `page` got no signal, once everything sent to it so far has arrived. */
  async function expectNoSignal(page: TrackerTestClient) {
    await page.sync();
    expect(page.unreadOf('signal')).toEqual([]);
  }

  it('relays a signal both ways with the sender id stamped by the tracker', async () => {
    leecher.send({ type: 'signal', swarmId: movieId, to: seeder.peerId, data: offer });
    expect(await seeder.next('signal')).toEqual({
      type: 'signal',
      swarmId: movieId,
      from: leecher.peerId,
      data: offer,
    });
    const answer = { type: 'answer', sdp: 'v=0' };
    seeder.send({ type: 'signal', swarmId: movieId, to: leecher.peerId, data: answer });
    expect(await leecher.next('signal')).toEqual({
      type: 'signal',
      swarmId: movieId,
      from: seeder.peerId,
      data: answer,
    });
  });

  it('refuses a signal to a peer of another swarm', async () => {
    leecher.send({ type: 'signal', swarmId: movieId, to: stranger.peerId, data: offer });
    await leecher.nextError('unknown-peer');
    await expectNoSignal(stranger);
  });

  it('refuses a signal into a swarm the sender is not in', async () => {
    stranger.send({ type: 'signal', swarmId: movieId, to: seeder.peerId, data: offer });
    await stranger.nextError('not-in-swarm');
    stranger.send({ type: 'signal', swarmId: songId, to: seeder.peerId, data: offer });
    await stranger.nextError('unknown-peer');
    await expectNoSignal(seeder);
  });

  it('refuses a signal to a peer that does not exist', async () => {
    leecher.send({ type: 'signal', swarmId: movieId, to: 'nobody1234', data: offer });
    await leecher.nextError('unknown-peer');
  });

  it('refuses a signal after its target left', async () => {
    seeder.send({ type: 'leave', swarmId: movieId });
    await leecher.next('peer-left');
    leecher.send({ type: 'signal', swarmId: movieId, to: seeder.peerId, data: offer });
    await leecher.nextError('unknown-peer');
  });

  it('refuses a signal that brings its own `from`', async () => {
    leecher.send({ type: 'signal', swarmId: movieId, to: seeder.peerId, data: offer, from: stranger.peerId });
    expect((await leecher.nextError('bad-message')).message).toMatch(/from/);
    await expectNoSignal(seeder);
  });

  it('refuses signal data over the size limit', async () => {
    leecher.send({ type: 'signal', swarmId: movieId, to: seeder.peerId, data: { sdp: 'x'.repeat(20_000) } });
    await leecher.nextError('bad-message');
    await expectNoSignal(seeder);
  });
});
