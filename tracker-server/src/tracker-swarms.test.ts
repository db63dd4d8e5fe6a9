import { type CatalogEntry, swarmIdOf } from '@minibit/protocol';
import { beforeEach, describe, expect, it } from 'vitest';
import { testManifest, trackerTestBed } from './test-fixtures.ts';

/** Swarm life over real sockets: connect, share, join, progress, leave, disconnect. */

const movie = testManifest('movie.mp4');
const movieId = swarmIdOf(movie);
const song = testManifest('song.ogg', 20_000);

/** A catalog predicate: the entry for `swarmId` has these counts (or is absent when counts is null). */
const listing =
  (swarmId: string, counts: Pick<CatalogEntry, 'seeders' | 'leechers'> | null) =>
  (m: { files: CatalogEntry[] }) => {
    const entry = m.files.find((f) => f.swarmId === swarmId);
    return counts === null
      ? entry === undefined
      : entry?.seeders === counts.seeders && entry.leechers === counts.leechers;
  };

describe('tracker swarms', () => {
  const bed = trackerTestBed();
  beforeEach(async () => {
    await bed.start();
  });

  it('greets every socket with welcome, then the catalog', async () => {
    const page = await bed.open();
    const welcome = await page.next('welcome');
    expect(welcome.peerId).toMatch(/^[A-Za-z0-9_-]{10}$/);
    expect(welcome.version).toBe(1);
    expect(await page.next('catalog')).toEqual({ type: 'catalog', files: [] });
    expect(page.received.map((m) => m.type)).toEqual(['welcome', 'catalog']);
    const other = await bed.connect();
    expect(other.peerId).not.toBe(welcome.peerId);
  });

  it('answers a share with joined and shows the file to other sockets', async () => {
    const seeder = await bed.connect();
    const browser = await bed.connect();
    seeder.send({ type: 'share', manifest: movie });
    expect(await seeder.next('joined')).toEqual({
      type: 'joined',
      swarmId: movieId,
      manifest: movie,
      peers: [],
    });
    const catalog = await browser.next('catalog', (m) => m.files.length > 0);
    expect(catalog.files).toEqual([
      { swarmId: movieId, name: 'movie.mp4', size: movie.size, seeders: 1, leechers: 0 },
    ]);
    // A socket that connects later gets the file in its first catalog.
    const late = await bed.open();
    expect((await late.next('catalog')).files).toHaveLength(1);
  });

  it('refuses a share whose manifest does not add up', async () => {
    const seeder = await bed.connect();
    seeder.send({ type: 'share', manifest: { ...movie, size: movie.size * 10 } });
    expect((await seeder.nextError('bad-message')).message).toMatch(/piece count/);
  });

  it('refuses a join to an unknown swarm', async () => {
    const page = await bed.connect();
    page.send({ type: 'join', swarmId: movieId });
    expect((await page.nextError('unknown-swarm')).message).toContain(movieId.slice(0, 12));
  });

  it('answers a join with the manifest and peers, and tells existing members', async () => {
    const seeder = await bed.connect();
    seeder.send({ type: 'share', manifest: movie });
    await seeder.next('joined');
    const leecher = await bed.connect();
    leecher.send({ type: 'join', swarmId: movieId });
    expect(await leecher.next('joined')).toEqual({
      type: 'joined',
      swarmId: movieId,
      manifest: movie,
      peers: [seeder.peerId],
    });
    expect(await seeder.next('peer-joined')).toEqual({
      type: 'peer-joined',
      swarmId: movieId,
      peerId: leecher.peerId,
    });
    await seeder.next('catalog', listing(movieId, { seeders: 1, leechers: 1 }));

    const third = await bed.connect();
    third.send({ type: 'join', swarmId: movieId });
    expect((await third.next('joined')).peers.sort()).toEqual([seeder.peerId, leecher.peerId].sort());
    await seeder.next('peer-joined', (m) => m.peerId === third.peerId);
    await leecher.next('peer-joined', (m) => m.peerId === third.peerId);
  });

  it('lists at most maxPeersPerJoin peers to a newcomer', async () => {
    await bed.start({ maxPeersPerJoin: 2 });
    const seeders = await Promise.all([1, 2, 3, 4].map(() => bed.connect()));
    for (const seeder of seeders) {
      seeder.send({ type: 'share', manifest: movie });
      await seeder.next('joined');
    }
    const leecher = await bed.connect();
    leecher.send({ type: 'join', swarmId: movieId });
    const { peers } = await leecher.next('joined');
    expect(peers).toHaveLength(2);
    expect(new Set(peers).size).toBe(2);
    for (const peer of peers) expect(seeders.map((s) => s.peerId)).toContain(peer);
    // Every member still hears of the newcomer, listed or not.
    for (const seeder of seeders) await seeder.next('peer-joined', (m) => m.peerId === leecher.peerId);
  });

  it('moves a peer to the seeders column when it reports completion', async () => {
    const seeder = await bed.connect();
    seeder.send({ type: 'share', manifest: movie });
    await seeder.next('joined');
    const leecher = await bed.connect();
    leecher.send({ type: 'join', swarmId: movieId });
    await leecher.next('joined');
    leecher.send({ type: 'progress', swarmId: movieId, have: 1, complete: false });
    leecher.send({ type: 'progress', swarmId: movieId, have: movie.pieces.length, complete: true });
    await seeder.next('catalog', listing(movieId, { seeders: 2, leechers: 0 }));
  });

  it('refuses progress for a swarm the peer is not in', async () => {
    const page = await bed.connect();
    page.send({ type: 'progress', swarmId: movieId, have: 1, complete: false });
    await page.nextError('not-in-swarm');
  });

  it('announces a leave, updates the catalog, and drops the swarm with its last member', async () => {
    const seeder = await bed.connect();
    seeder.send({ type: 'share', manifest: movie });
    await seeder.next('joined');
    const leecher = await bed.connect();
    leecher.send({ type: 'join', swarmId: movieId });
    await leecher.next('joined');
    leecher.send({ type: 'leave', swarmId: movieId });
    expect(await seeder.next('peer-left')).toEqual({
      type: 'peer-left',
      swarmId: movieId,
      peerId: leecher.peerId,
    });
    await leecher.next('catalog', listing(movieId, { seeders: 1, leechers: 0 }));
    seeder.send({ type: 'leave', swarmId: movieId });
    await leecher.next('catalog', listing(movieId, null));
  });

  it('treats a closed socket as leaving every swarm', async () => {
    const seeder = await bed.connect();
    seeder.send({ type: 'share', manifest: movie });
    await seeder.next('joined');
    seeder.send({ type: 'share', manifest: song });
    await seeder.next('joined');
    const leecher = await bed.connect();
    leecher.send({ type: 'join', swarmId: movieId });
    await leecher.next('joined');
    const watcher = await bed.connect();

    await seeder.close();
    expect(await leecher.next('peer-left')).toEqual({
      type: 'peer-left',
      swarmId: movieId,
      peerId: seeder.peerId,
    });
    const catalog = await watcher.next('catalog', listing(movieId, { seeders: 0, leechers: 1 }));
    expect(catalog.files.map((f) => f.name)).toEqual(['movie.mp4']);
    const health = (await (await fetch(`${bed.url}/health`)).json()) as unknown;
    expect(health).toEqual({ ok: true, peers: 2, swarms: 1 });
  });

  it('refuses a socket joining more swarms than allowed', async () => {
    await bed.start({ maxSwarmsPerSocket: 1 });
    const seeder = await bed.connect();
    seeder.send({ type: 'share', manifest: movie });
    await seeder.next('joined');
    seeder.send({ type: 'share', manifest: song });
    await seeder.nextError('too-many-swarms');
  });

  it('coalesces catalog broadcasts from a burst of changes', async () => {
    await bed.start({ catalogIntervalMs: 60_000 });
    const watcher = await bed.connect();
    const seeder = await bed.connect();
    seeder.send({ type: 'share', manifest: movie });
    seeder.send({ type: 'share', manifest: song });
    await seeder.next('joined');
    await seeder.next('joined');
    await watcher.sync();
    // The first change is broadcast at once; the second waits for the interval to end.
    expect(watcher.unreadOf('catalog').map((m) => m.files.length)).toEqual([1]);
  });
});

describe('tracker connection limits', () => {
  const bed = trackerTestBed();

  it('closes sockets past maxSocketsPerAddress with 1013, and counts closed ones out', async () => {
    await bed.start({ maxSocketsPerAddress: 2 });
    const first = await bed.connect();
    first.send({ type: 'share', manifest: movie });
    await first.next('joined');
    const second = await bed.connect();
    second.send({ type: 'join', swarmId: movieId });
    await second.next('joined');

    const third = await bed.open();
    expect((await third.closed).code).toBe(1013);
    expect(third.received).toEqual([]);

    await first.close();
    // The peer-left is sent from the tracker's close handler, after the address count went down.
    await second.next('peer-left');
    const fourth = await bed.connect();
    expect(fourth.peerId).not.toBe('');
  });
});
