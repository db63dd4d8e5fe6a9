import { DashboardPage, peerSettings, type SettingsInput } from './dashboard-page.ts';
import { fixtureFiles, sha256OfFile } from './fixture-files.ts';
import { type Classroom, expect, test } from './swarm-fixture.ts';
import type { Swarm, SwarmPeer } from './swarm-harness.ts';

/**
 * The teacher's dashboard against a tracker of its own (started with --dashboard-key, so the test
 * knows the key): it lists the swarm and its peers' progress; a per-peer upload cap and a strategy
 * set on it reach the peers' engines; a free rider uploads nothing and still gets the whole file, and
 * with the classroom's settings for it finishes after every honest peer; the QR code is the join URL.
 */

const files = fixtureFiles();
const video = files.find((f) => f.name === 'video.mp4')!;
const image = files.find((f) => f.name === 'image.png')!;

/** Bytes each peer uploaded, as the others' final stats credit it (bytes of verified pieces). */
async function uploadedBy(s: Swarm, name: string, ids: string[]): Promise<Record<string, number>> {
  const sent: Record<string, number> = Object.fromEntries(ids.map((id) => [id, 0]));
  for (const leecher of s.leechers) {
    for (const [id, bytes] of Object.entries((await leecher.stats(name)).bytesFrom))
      sent[id] = (sent[id] ?? 0) + bytes;
  }
  return sent;
}

type OpenSwarm = (opts: { peers: number; baseURL: string }) => Promise<Swarm>;

/**
 * A sharer sharing the video, two honest downloaders and a free rider (the last peer). The rider
 * starts first, alone, and is marked on the dashboard before the others join, so it never gives
 * anyone a byte (which would earn it reciprocity). `first` holds meanwhile; `then`, if given, is
 * applied as the others join. Returns once all three are downloading.
 */
async function swarmWithRider(
  swarm: OpenSwarm,
  classroom: Classroom,
  first: SettingsInput,
  then?: SettingsInput,
): Promise<{ s: Swarm; ids: string[]; rider: SwarmPeer; riderId: string }> {
  const s = await swarm({ peers: 4, baseURL: classroom.tracker.url });
  const ids = await Promise.all(s.peers.map((p) => p.peerId()));
  const rider = s.peers[3]!;
  const dashboard = await classroom.dashboard();
  await s.sharer.share(video.path);
  await dashboard.applySettings(video.name, first);
  await rider.download(video.name);
  await dashboard.setFreeRider(video.name, ids[3]!, true);
  await expect
    .poll(async () => (await peerSettings(rider, video.name))?.freeRider, { timeout: 30_000 })
    .toBe(true);
  if (then) await dashboard.applySettings(video.name, then);
  await Promise.all(s.peers.slice(1, 3).map((p) => p.download(video.name)));
  return { s, ids, rider, riderId: ids[3]! };
}

test('lists a running swarm and every peer with its progress and the piece availability', async ({
  swarm,
  classroom,
}) => {
  const s = await swarm({ peers: 3, baseURL: classroom.tracker.url });
  const ids = await Promise.all(s.peers.map((p) => p.peerId()));
  const dashboard = await classroom.dashboard();
  await expect(dashboard.connection()).toHaveText('connected');
  await expect(dashboard.page.getByText('No file is shared yet')).toBeVisible();

  await s.sharer.share(image.path);
  await expect(dashboard.swarm(image.name)).toBeVisible();
  await Promise.all(s.leechers.map((p) => p.download(image.name)));
  await Promise.all(s.leechers.map((p) => p.waitComplete(image.name)));

  // Progress reports reach the tracker at most once a second, and the dashboard twice a second.
  await expect
    .poll(async () => (await dashboard!.rows(image.name)).map((r) => `${r.peerId} ${r.complete}`).sort(), {
      timeout: 30_000,
    })
    .toEqual(ids.map((id) => `${id} true`).sort());
  const pieceCount = Math.ceil(image.size / 16_384);
  for (const row of await dashboard.rows(image.name)) expect(row.have).toBe(pieceCount);
  for (const id of ids) {
    await expect(dashboard.page.getByRole('progressbar', { name: `Progress of ${id}` })).toHaveAttribute(
      'aria-valuenow',
      '100',
    );
  }
  expect(await dashboard.availability(image.name)).toEqual(Array(pieceCount).fill(3));
});

test('a per-peer upload cap set on the dashboard holds every upload under it; the strategy reaches the peers', async ({
  swarm,
  classroom,
}, info) => {
  test.setTimeout(240_000);
  const cap = 250_000; // bytes per second: 0.25 MB/s
  const s = await swarm({ peers: 3, baseURL: classroom.tracker.url });
  const ids = await Promise.all(s.peers.map((p) => p.peerId()));
  const dashboard = await classroom.dashboard();
  await s.sharer.share(video.path);
  await dashboard.applySettings(video.name, { strategy: 'sequential', uploadCapMB: '0.25' });

  // The sharer's engine runs with them at once; each downloader gets them as it joins.
  await expect
    .poll(async () => (await peerSettings(s.sharer, video.name))?.settings, { timeout: 30_000 })
    .toMatchObject({ strategy: 'sequential', uploadCapBytesPerSecond: cap });
  await Promise.all(s.leechers.map((p) => p.download(video.name)));
  for (const leecher of s.leechers) {
    await expect
      .poll(async () => (await peerSettings(leecher, video.name))?.settings, { timeout: 30_000 })
      .toMatchObject({ strategy: 'sequential', uploadCapBytesPerSecond: cap });
  }
  const saved = await Promise.all(
    s.leechers.map((p) => p.saveDownload(video.name, info.outputPath(`peer-${p.index}`), 200_000)),
  );
  for (const f of saved) expect(await sha256OfFile(f.path)).toBe(video.sha256);

  // No peer can have sent more than the cap allows over the time anyone was downloading (plus a
  // 200 ms burst and one 64 KiB block of overdraft, and 2 s for the downloads starting apart).
  const windowMs = Math.max(
    ...(await Promise.all(s.leechers.map(async (p) => (await p.stats(video.name)).downloadMs))),
  );
  const allowed = (cap * (windowMs + 2000)) / 1000 + cap * 0.2 + 64 * 1024;
  const sent = await uploadedBy(s, video.name, ids);
  info.annotations.push({
    type: 'uploads',
    description: `${JSON.stringify(sent)} in ${windowMs} ms, cap ${cap}`,
  });
  for (const id of ids) expect(sent[id], `bytes sent by ${id}`).toBeLessThanOrEqual(allowed);
  // Someone had to send every byte twice over: the cap is why that took as long as it did.
  expect(windowMs).toBeGreaterThan(((video.size - cap * 0.2) / (3 * cap)) * 1000);
});

test('a peer marked free rider on the dashboard uploads nothing and still gets the whole file', async ({
  swarm,
  classroom,
}, info) => {
  test.setTimeout(240_000);
  // Slow enough that the free rider is still downloading when the others join.
  const { s, ids, rider, riderId } = await swarmWithRider(swarm, classroom, { uploadCapMB: '0.5' });

  const saved = await Promise.all(
    s.leechers.map((p) => p.saveDownload(video.name, info.outputPath(`peer-${p.index}`), 200_000)),
  );
  for (const f of saved) expect(await sha256OfFile(f.path)).toBe(video.sha256);
  const riderStats = await rider.stats(video.name);
  expect(riderStats.messagesByType.block ?? 0).toBe(0);
  expect((await uploadedBy(s, video.name, ids))[riderId]).toBe(0);
  const fromOthers = Object.values(riderStats.bytesFrom).reduce((a, b) => a + b, 0);
  expect(fromOthers).toBe(video.size);
  info.annotations.push({
    type: 'download times',
    description: (
      await Promise.all(
        s.leechers.map(async (p) => `peer ${p.index}: ${(await p.stats(video.name)).downloadMs} ms`),
      )
    ).join(', '),
  });
});

test('with no optimistic slots to live on, a free rider finishes after every honest peer', async ({
  swarm,
  classroom,
}, info) => {
  // The classroom recipe for starving a free rider (README, "Free rider"): no optimistic slot, and a
  // rechoke short against the download, so a rider loses a regular slot soon after it takes without
  // giving. While the others download it then gets only its share of the sharer; it catches up only
  // once they finish and seed it. The slow cap makes the download last about 20 rechokes.
  test.setTimeout(240_000);
  // The sharer's cap sits at its floor while the rider is alone, so it gains no head start.
  const { s, ids, rider } = await swarmWithRider(
    swarm,
    classroom,
    { uploadCapMB: '0.02', optimisticSlots: '0', rechokeSeconds: '1' },
    { uploadCapMB: '0.25' },
  );
  expect((await peerSettings(rider, video.name))?.settings).toMatchObject({
    optimisticSlots: 0,
    rechokeIntervalMs: 1000,
  });
  await Promise.all(s.leechers.map((p) => p.waitComplete(video.name, 200_000)));
  const finished = await Promise.all(s.leechers.map(async (p) => (await p.stats(video.name)).completedAt));
  const [riderDone, ...honestDone] = [finished[2]!, finished[0]!, finished[1]!];
  info.annotations.push({
    type: 'finished, ms after the first honest peer',
    description: `honest ${honestDone.map((t) => Math.round(t - Math.min(...honestDone))).join(', ')}; rider ${Math.round(riderDone - Math.min(...honestDone))}`,
  });
  for (const t of honestDone)
    expect(t, 'an honest peer finished after the free rider').toBeLessThan(riderDone);

  const saved = await rider.saveDownload(video.name, info.outputPath('rider'), 200_000);
  expect(await sha256OfFile(saved.path)).toBe(video.sha256);
  expect((await uploadedBy(s, video.name, ids))[ids[3]!]).toBe(0);
});

test('the dashboard shows the join URL as text and as a QR code that decodes to it; a wrong key is refused', async ({
  browser,
  classroom,
}) => {
  const dashboard = await classroom.dashboard();
  const joinUrl = dashboard.page.getByTestId('join-url');
  await expect(joinUrl).toHaveText(classroom.tracker.url);
  expect(await dashboard.decodeQr()).toBe(classroom.tracker.url);
  expect(classroom.tracker.url).not.toContain(classroom.key);

  const intruder = await DashboardPage.open(browser, classroom.tracker.url, 'not-the-class-key');
  try {
    await expect(intruder.page.getByRole('alert')).toContainText('did not accept that key');
    await expect(intruder.page.getByTestId('join-url')).toHaveCount(0);
  } finally {
    await intruder.close();
  }
});
