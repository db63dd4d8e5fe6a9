import { MAX_TRACKER_MESSAGE_BYTES, swarmIdOf } from '@minibit/protocol';
import { describe, expect, it } from 'vitest';
import { testManifest, trackerTestBed } from './test-fixtures.ts';

/** Frames no page should send, floods, and silent sockets: each is refused or cut off, and others carry on. */

const movie = testManifest('movie.mp4');
const movieId = swarmIdOf(movie);

describe('tracker against bad frames', () => {
  const bed = trackerTestBed();

  const badFrames: { what: string; frame: string | Buffer; reason: RegExp }[] = [
    { what: 'malformed JSON', frame: '{"type": "join", ', reason: /malformed JSON/ },
    { what: 'a binary frame', frame: Buffer.from('{"type":"leave"}'), reason: /text frame/ },
    {
      what: 'an unknown type',
      frame: JSON.stringify({ type: 'announce', swarmId: movieId }),
      reason: /type/,
    },
    { what: 'a wrong shape', frame: JSON.stringify({ type: 'join', swarmId: 'NOT-HEX' }), reason: /swarmId/ },
    {
      what: 'an extra key',
      frame: JSON.stringify({ type: 'join', swarmId: movieId, as: 'x' }),
      reason: /as|key/i,
    },
    { what: 'a JSON array', frame: '[1,2,3]', reason: /invalid message/ },
    { what: 'a JSON null', frame: 'null', reason: /invalid message/ },
  ];
  it.each(badFrames)('answers $what with bad-message and keeps the socket', async ({ frame, reason }) => {
    await bed.start();
    const page = await bed.connect();
    page.sendRaw(frame);
    expect((await page.nextError('bad-message')).message).toMatch(reason);
    page.send({ type: 'share', manifest: movie });
    await page.next('joined');
  });

  it('closes a socket that sends a frame over maxPayload with 1009, and serves others', async () => {
    await bed.start();
    const bystander = await bed.connect();
    const page = await bed.connect();
    page.sendRaw('x'.repeat(MAX_TRACKER_MESSAGE_BYTES + 1));
    expect((await page.closed).code).toBe(1009);
    bystander.send({ type: 'share', manifest: movie });
    await bystander.next('joined');
  });

  it('refuses messages over the rate, then closes a socket that keeps flooding with 1008', async () => {
    // A frozen clock: tokens never come back, so the count of messages alone decides.
    await bed.start({ messagesPerSecond: 1, messageBurst: 3, now: () => 0 });
    const bystander = await bed.connect();
    const flooder = await bed.connect();
    const join = { type: 'join', swarmId: movieId } as const;
    for (let i = 0; i < 3; i++) flooder.send(join);
    for (let i = 0; i < 3; i++) await flooder.nextError('unknown-swarm');
    flooder.send(join);
    expect((await flooder.nextError('rate-limited')).message).toMatch(/slow down/);
    for (let i = 0; i < 3; i++) flooder.send(join);
    expect((await flooder.closed).code).toBe(1008);
    expect(
      flooder.received.filter((m) => m.type === 'error').map((m) => m.type === 'error' && m.code),
    ).toEqual([
      'unknown-swarm',
      'unknown-swarm',
      'unknown-swarm',
      'rate-limited',
      'rate-limited',
      'rate-limited',
    ]);
    // Each socket has its own bucket.
    bystander.send({ type: 'share', manifest: movie });
    await bystander.next('joined');
  });

  it('evicts a socket that stops answering pings and announces it left', async () => {
    await bed.start({ pingIntervalMs: 200 });
    const silent = await bed.connect({ autoPong: false });
    silent.send({ type: 'share', manifest: movie });
    await silent.next('joined');
    const leecher = await bed.connect();
    leecher.send({ type: 'join', swarmId: movieId });
    await leecher.next('joined');

    expect(await leecher.next('peer-left')).toEqual({
      type: 'peer-left',
      swarmId: movieId,
      peerId: silent.peerId,
    });
    expect((await silent.closed).code).toBe(1006);
    // The socket that answers pings is still served.
    await leecher.next('catalog', (m) => m.files[0]?.seeders === 0 && m.files[0]?.leechers === 1);
    await leecher.sync();
  });
});
