import type { Locator } from '@playwright/test';
import { fixtureFiles } from './fixture-files.ts';
import { expect, test } from './swarm-fixture.ts';

/**
 * The peer page's classroom views, in a small swarm (one sharer, two leechers) slowed by the
 * sharer's upload limit so there is time to look during the transfer: the piece map's modes (state,
 * rarity, source with the sharer in the legend), the peers view (stock, flags, slot), the graph of
 * who unchokes whom, the event log's filters, and the rate chart next to the final stats.
 */

const video = fixtureFiles().find((f) => f.name === 'video.mp4')!;

/** The peers each `[data-edge]` of `kind` points to (or comes from, for 'unchoked-by'). */
async function edgePeers(graph: Locator, kinds: string[]): Promise<string[]> {
  return graph.evaluate(
    (svg, ks) =>
      [...svg.querySelectorAll<SVGElement>('[data-edge]')]
        .filter((e) => ks.includes(e.dataset.edge!))
        .map((e) => (e.dataset.edge === 'unchoked-by' ? e.dataset.from! : e.dataset.to!))
        .sort(),
    kinds,
  );
}

test('a leecher sees the swarm: piece map modes, peers, who unchokes whom, log filters, rate chart', async ({
  swarm,
}, info) => {
  test.setTimeout(240_000);
  const s = await swarm({ peers: 3 });
  const sharerId = await s.sharer.peerId();
  const [leecher, other] = s.leechers as [(typeof s.leechers)[0], (typeof s.leechers)[0]];
  const otherId = await other.peerId();
  // ~25 s for the file from the sharer alone: time to look at the views mid-transfer.
  await s.sharer.setUploadLimit(128 * 1024);
  await s.sharer.share(video.path);
  await Promise.all([leecher.download(video.name), other.download(video.name)]);
  const card = leecher.transfer(video.name);
  await leecher.waitForProgress(video.name, 3);

  // The peers view: both other peers, each with its stock, its flags and a slot.
  const table = card.getByRole('table', { name: 'Peers' });
  const rows = table.locator('tr[data-peer-id]');
  await expect(rows).toHaveCount(2);
  // We are downloading from the sharer, so it holds every piece and we want them.
  await expect(table.locator(`tr[data-peer-id="${sharerId}"]`)).toHaveAttribute('data-am-interested', 'true');
  for (const id of [sharerId, otherId]) {
    const row = table.locator(`tr[data-peer-id="${id}"]`);
    await expect(row).toHaveAttribute('data-slot', /^(regular|optimistic|none)$/);
    for (const flag of ['am-choking', 'peer-choking', 'am-interested', 'peer-interested']) {
      await expect(row).toHaveAttribute(`data-${flag}`, /^(true|false)$/);
    }
    await expect(row.getByRole('cell').nth(6)).toHaveText(/^(regular|optimistic|none)$/);
    await expect(
      row.getByRole('img', { name: new RegExp(`^${id} holds \\d+ of \\d+ pieces$`) }),
    ).toBeVisible();
  }

  // Who unchokes whom: the sharer unchokes us while we download; one arrow per peer we unchoke.
  const graph = card.getByRole('img', { name: /^Who unchokes whom/ });
  await expect(graph.locator(`[data-edge="unchoked-by"][data-from="${sharerId}"]`)).toHaveCount(1, {
    timeout: 60_000,
  });
  await expect
    .poll(async () => {
      const unchoked = await rows.evaluateAll((trs) =>
        trs
          .filter((tr) => (tr as HTMLElement).dataset.amChoking === 'false')
          .map((tr) => (tr as HTMLElement).dataset.peerId!)
          .sort(),
      );
      const edges = await edgePeers(graph, ['regular', 'optimistic']);
      return { edges, matches: JSON.stringify(edges) === JSON.stringify(unchoked) };
    })
    .toMatchObject({ matches: true });

  // The piece map: state by default, then rarity, then source with the sharer in the legend.
  const map = card.locator('figure.piece-grid');
  await expect(map).toHaveAttribute('data-mode', 'state');
  await expect(map.locator('canvas[data-pieces]')).toHaveAttribute('data-pieces', /^[012]+$/);
  await card.getByRole('radio', { name: 'rarity' }).check();
  await expect(map).toHaveAttribute('data-mode', 'rarity');
  await expect(map.getByRole('img', { name: /^Pieces by rarity/ })).toBeVisible();
  await expect(map.locator('figcaption li[data-count="0"]')).toContainText('no peer');
  await card.getByRole('radio', { name: 'source' }).check();
  await expect(map).toHaveAttribute('data-mode', 'source');
  await expect(map.locator(`li[data-source-peer="${sharerId}"]`)).toContainText(sharerId);
  await expect(map.locator('li[data-source="self"]')).toContainText('held from the start');

  // For a person to look at (test-results/…): the views mid-transfer and at the end.
  await card.screenshot({ path: info.outputPath('during-transfer.png') });

  await leecher.waitComplete(video.name);
  await expect(card.getByRole('region', { name: 'Final stats' })).toBeVisible();

  // The rate chart sits next to the final stats, with a download line that left zero.
  const chart = card.locator('figure.rate-chart');
  await expect(chart.getByRole('img', { name: /^Download and upload rate per second/ })).toBeVisible();
  await expect.poll(async () => Number(await chart.getAttribute('data-download-peak'))).toBeGreaterThan(0);
  await expect(chart.locator('path[data-series="download"]')).toHaveAttribute(
    'd',
    /^M[\d.]+ [\d.]+( L[\d.]+ [\d.]+)+$/,
  );
  await expect(chart).toContainText('seconds since the start');
  await expect(chart).toContainText('/s');

  // Every piece verified: the state mode says so; the source legend accounts for all of them.
  await card.getByRole('radio', { name: 'state' }).check();
  await expect(map).toHaveAttribute('data-mode', 'state');
  await expect(map.locator('canvas[data-pieces]')).toHaveAttribute('data-pieces', /^2+$/);

  // The event log's filter hides the verified pieces, and shows them again.
  const log = card.getByRole('list', { name: 'Event log' });
  const verifiedRows = log.locator('li.event-piece-verified');
  await expect(verifiedRows.first()).toBeVisible();
  const verifiedBox = card.getByRole('checkbox', { name: /^piece verified \(\d+\)$/ });
  await verifiedBox.uncheck();
  await expect(verifiedRows).toHaveCount(0);
  await expect(log.getByRole('listitem').first()).toBeVisible();
  await expect(card.getByText(/^showing \d+ of \d+ events?$/)).toBeVisible();
  await verifiedBox.check();
  await expect(verifiedRows.first()).toBeVisible();
  await card.screenshot({ path: info.outputPath('complete.png') });

  // The sharer's card has the chart too, with its upload.
  const sharerChart = s.sharer.transfer(video.name).locator('figure.rate-chart');
  await expect
    .poll(async () => Number(await sharerChart.getAttribute('data-upload-peak')))
    .toBeGreaterThan(0);
});
