import { Bitfield, DEFAULT_SWARM_SETTINGS, type SwarmSettings, swarmIdOf } from '@minibit/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { DashboardTestClient } from './dashboard-test-client.ts';
import { testManifest, trackerTestBed } from './test-fixtures.ts';
import type { TrackerTestClient } from './tracker-test-client.ts';

/**
 * The teacher's dashboard over real sockets: the key, the state it sees, settings and free riders
 * reaching the pages, and the sharer's settings for a new swarm.
 */

const KEY = 'class-key-0123456789';
const movie = testManifest('movie.mp4', 20 * 16_384); // 20 pieces
const movieId = swarmIdOf(movie);
const random: SwarmSettings = {
  ...DEFAULT_SWARM_SETTINGS,
  strategy: 'random',
  uploadCapBytesPerSecond: 250_000,
};

describe('tracker dashboard', () => {
  const bed = trackerTestBed();
  const dashboards: DashboardTestClient[] = [];
  beforeEach(async () => {
    await bed.start({ dashboardKey: KEY, joinUrl: 'http://192.168.1.20:8080' });
  });
  afterEach(async () => {
    await Promise.all(dashboards.splice(0).map((d) => d.close()));
  });
  const openDashboard = async () => {
    const d = await DashboardTestClient.open(bed.url);
    dashboards.push(d);
    return d;
  };
  const connectDashboard = async () => {
    const d = await DashboardTestClient.connect(bed.url, KEY);
    dashboards.push(d);
    return d;
  };
  /** A sharer of the movie and `leechers` downloaders of it, each past its 'joined' and 'settings'. */
  const classroom = async (leechers: number) => {
    const sharer = await bed.connect();
    sharer.send({ type: 'share', manifest: movie });
    await sharer.next('joined');
    await sharer.next('settings');
    const pages: TrackerTestClient[] = [];
    for (let i = 0; i < leechers; i++) {
      const page = await bed.connect();
      page.send({ type: 'join', swarmId: movieId });
      await page.next('joined');
      await page.next('settings');
      pages.push(page);
    }
    return { sharer, leechers: pages };
  };

  it('closes a dashboard that shows a wrong key, after saying why', async () => {
    const d = await openDashboard();
    d.send({ type: 'dashboard', key: 'not-the-key-at-all' });
    expect(await d.next('error')).toMatchObject({ code: 'bad-key', message: 'wrong dashboard key' });
    expect((await d.closed).code).toBe(1008);
    expect(d.received.map((m) => m.type)).toEqual(['error']);
  });

  it('answers nothing but not-authorized before the key', async () => {
    await classroom(0);
    const d = await openDashboard();
    d.send({ type: 'set-settings', id: 1, swarmId: movieId, settings: random });
    expect(await d.next('error')).toMatchObject({ id: 1, code: 'not-authorized' });
    d.send({ type: 'dashboard', key: KEY });
    await d.next('welcome');
    expect((await d.next('state')).swarms[0]?.settings).toEqual(DEFAULT_SWARM_SETTINGS);
  });

  it('welcomes the right key with the join URL, then the state of every swarm', async () => {
    const { sharer, leechers } = await classroom(2);
    leechers[0]!.send({
      type: 'progress',
      swarmId: movieId,
      have: 3,
      complete: false,
      bitfield: hexOf('***'),
    });
    leechers[1]!.send({
      type: 'progress',
      swarmId: movieId,
      have: 2,
      complete: false,
      bitfield: hexOf('.**'),
    });
    await leechers[0]!.sync();
    await leechers[1]!.sync();

    const d = await DashboardTestClient.open(bed.url);
    dashboards.push(d);
    d.send({ type: 'dashboard', key: KEY });
    expect(await d.next('welcome')).toEqual({
      type: 'welcome',
      version: 1,
      joinUrl: 'http://192.168.1.20:8080',
    });
    const state = await d.next('state');
    expect(state.swarmCount).toBe(1);
    const swarm = state.swarms[0]!;
    expect(swarm).toMatchObject({ swarmId: movieId, name: 'movie.mp4', size: movie.size, pieceCount: 20 });
    expect(swarm.settings).toEqual(DEFAULT_SWARM_SETTINGS);
    const byId = Object.fromEntries(swarm.peers.map((p) => [p.peerId, p]));
    expect(byId[sharer.peerId]).toEqual({
      peerId: sharer.peerId,
      role: 'seeder',
      have: 20,
      complete: true,
      freeRider: false,
    });
    expect(byId[leechers[0]!.peerId]).toMatchObject({ role: 'leecher', have: 3, complete: false });
    expect(byId[leechers[1]!.peerId]).toMatchObject({ have: 2 });
    expect(swarm.availability.join('')).toBe('23311111111111111111');
  });

  it('sends a fresh state when pages report progress, at most twice a second', async () => {
    const { leechers } = await classroom(1);
    const d = await connectDashboard();
    await d.next('state');
    const page = leechers[0]!;
    for (let have = 1; have <= 20; have++) {
      page.send({
        type: 'progress',
        swarmId: movieId,
        have,
        complete: have === 20,
        bitfield: hexOf('*'.repeat(have)),
      });
    }
    const last = await d.next('state', (m) => m.swarms[0]?.peers.every((p) => p.complete) === true);
    expect(last.swarms[0]!.availability).toEqual(Array(20).fill(2));
    const states = d.received.filter((m) => m.type === 'state');
    for (let i = 2; i < states.length; i++) {
      // The throttle's timer may fire a few ms early on a busy machine.
      expect(states[i]!.at - states[i - 1]!.at).toBeGreaterThan(450);
    }
  });

  it('applies new settings: every member is told, and so is a peer that joins later', async () => {
    const { sharer, leechers } = await classroom(1);
    const d = await connectDashboard();
    d.send({ type: 'set-settings', id: 42, swarmId: movieId, settings: random });
    expect(await d.next('ok')).toEqual({ type: 'ok', id: 42, request: 'set-settings' });
    for (const page of [sharer, leechers[0]!]) {
      expect(await page.next('settings')).toEqual({
        type: 'settings',
        swarmId: movieId,
        settings: random,
        freeRider: false,
      });
    }
    await d.next('state', (m) => m.swarms[0]?.settings.strategy === 'random');

    const late = await bed.connect();
    late.send({ type: 'join', swarmId: movieId });
    await late.next('joined');
    expect((await late.next('settings')).settings).toEqual(random);
  });

  it('refuses invalid settings and an unknown swarm, naming the problem, and changes nothing', async () => {
    const { sharer } = await classroom(0);
    const d = await connectDashboard();
    d.send({ type: 'set-settings', id: 1, swarmId: movieId, settings: { ...random, regularSlots: 99 } });
    const invalid = await d.next('error');
    expect(invalid).toMatchObject({ id: 1, code: 'invalid-settings' });
    expect(invalid.message).toMatch(/regularSlots/);
    d.send({ type: 'set-settings', id: 2, swarmId: 'f'.repeat(64), settings: random });
    expect(await d.next('error')).toMatchObject({ id: 2, code: 'unknown-swarm' });
    d.send({ type: 'set-settings', swarmId: movieId });
    expect(await d.next('error')).toMatchObject({ code: 'bad-message' });
    await sharer.sync();
    expect(sharer.unreadOf('settings')).toEqual([]);
  });

  it('marks a free rider: only that peer is told, the state shows it, and the mark can be lifted', async () => {
    const { sharer, leechers } = await classroom(2);
    const [rider, honest] = leechers as [TrackerTestClient, TrackerTestClient];
    const d = await connectDashboard();
    d.send({ type: 'set-free-rider', id: 5, swarmId: movieId, peerId: rider.peerId, freeRider: true });
    expect(await d.next('ok')).toEqual({ type: 'ok', id: 5, request: 'set-free-rider' });
    expect(await rider.next('settings')).toMatchObject({ freeRider: true, settings: DEFAULT_SWARM_SETTINGS });
    const state = await d.next('state', (m) => m.swarms[0]!.peers.some((p) => p.freeRider));
    expect(state.swarms[0]!.peers.filter((p) => p.freeRider).map((p) => p.peerId)).toEqual([rider.peerId]);
    await honest.sync();
    await sharer.sync();
    expect([...honest.unreadOf('settings'), ...sharer.unreadOf('settings')]).toEqual([]);

    // New settings for the swarm keep the mark.
    d.send({ type: 'set-settings', swarmId: movieId, settings: random });
    expect(await rider.next('settings')).toMatchObject({ freeRider: true, settings: random });
    expect(await honest.next('settings')).toMatchObject({ freeRider: false, settings: random });

    d.send({ type: 'set-free-rider', swarmId: movieId, peerId: rider.peerId, freeRider: false });
    expect(await rider.next('settings')).toMatchObject({ freeRider: false });
  });

  it('refuses to mark a peer that is not in the swarm', async () => {
    await classroom(0);
    const stranger = await bed.connect();
    const d = await connectDashboard();
    d.send({ type: 'set-free-rider', swarmId: movieId, peerId: stranger.peerId, freeRider: true });
    expect(await d.next('error')).toMatchObject({ code: 'unknown-peer' });
  });

  it("takes the sharer's settings for a new swarm, and ignores them for an existing one", async () => {
    const sharer = await bed.connect();
    sharer.send({ type: 'share', manifest: movie, settings: random });
    await sharer.next('joined');
    expect((await sharer.next('settings')).settings).toEqual(random);
    const other = await bed.connect();
    other.send({ type: 'share', manifest: movie, settings: DEFAULT_SWARM_SETTINGS });
    await other.next('joined');
    expect((await other.next('settings')).settings).toEqual(random);
  });

  it('refuses a progress bitfield that does not fit the swarm', async () => {
    const { leechers } = await classroom(1);
    leechers[0]!.send({ type: 'progress', swarmId: movieId, have: 1, complete: false, bitfield: 'ff' });
    expect((await leechers[0]!.nextError('bad-message')).message).toMatch(/bitfield/);
  });

  it('refuses a WebSocket on any other path', async () => {
    const socket = new WebSocket(`${bed.url.replace(/^http/, 'ws')}/elsewhere`);
    const error = await new Promise<Error>((resolve) => socket.once('error', resolve));
    expect(error.message).toMatch(/400/);
  });
});

function hexOf(picture: string): string {
  const bits = new Bitfield(20);
  for (let i = 0; i < picture.length; i++) if (picture[i] === '*') bits.set(i);
  return bits.toHex();
}
