/**
 * npm run experiment -- --file <path> --peers 4,8 --strategy rarest,random --runs 3
 *                       [--upload-cap 1MB] [--free-riders 1] [--choking tit-for-tat|unchoke-all] [--out <dir>]
 *
 * Runs every combination of downloader count and piece-picking strategy as a real headless swarm
 * (a tracker process on loopback, one browser context per peer driving the real page, the same
 * machinery as `npm run swarm`), sets the swarm's settings through the teacher's dashboard socket,
 * and writes results.csv (one line per run), results.json, results.md (the summary table) and
 * chart.svg (completion time and the sharer's share of bytes against peers, per strategy).
 */
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { DEFAULT_SWARM_SETTINGS, type PickStrategy } from '@minibit/protocol';
import { launchOptions } from '../chromium-flags.ts';
import { sha256OfFile } from '../fixture-files.ts';
import { Swarm } from '../swarm-harness.ts';
import { TrackerProcess } from '../tracker-process.ts';
import { DashboardControl, dashboardKey } from './dashboard-control.ts';
import { chartSpec, renderSvg } from './experiment-chart.ts';
import { type ExperimentPlan, parseExperimentArgs, planRuns } from './experiment-options.ts';
import { type RunRecord, summarize, toCsv, toMarkdown } from './experiment-results.ts';

const parsed = parseExperimentArgs(process.argv.slice(2));
if (!parsed.ok) {
  console.error(parsed.error);
  process.exit(2);
}
const plan: ExperimentPlan = { ...parsed.plan, file: resolve(parsed.plan.file) };
const name = basename(plan.file);
const { size } = await stat(plan.file);
const expectedSha = await sha256OfFile(plan.file);
const out = resolve(plan.out ?? join('experiment-results', new Date().toISOString().replace(/[:.]/g, '-')));
await mkdir(out, { recursive: true });
const scratch = await mkdtemp(join(tmpdir(), 'minibit-experiment-'));

const capText = plan.uploadCap === null ? 'no upload cap' : `upload cap ${plan.uploadCap} B/s per peer`;
console.log(
  `MiniBit experiment: ${name} (${size} bytes); downloaders ${plan.peers.join(', ')} (+1 sharer); ` +
    `${plan.strategies.join(', ')}; ${plan.choking}; ${capText}; ${plan.freeRiders} free rider(s); ` +
    `${plan.runs} run(s) each; results in ${out}`,
);

/** One swarm: a fresh tracker, fresh browser contexts, the settings set before anyone downloads. */
async function runOnce(peers: number, strategy: PickStrategy, run: number): Promise<RunRecord> {
  const key = dashboardKey();
  const tracker = await TrackerProcess.start(0, ['--dashboard-key', key]);
  const browser = await chromium.launch(launchOptions);
  let control: DashboardControl | null = null;
  try {
    control = await DashboardControl.connect(tracker.url, key);
    const swarm = await Swarm.open(browser, { peers: peers + 1, baseURL: tracker.url });
    const ids = await Promise.all(swarm.peers.map((p) => p.peerId()));
    const sharerId = ids[0]!;
    await swarm.sharer.share(plan.file);
    const swarmId = await control.swarmIdOf(name);
    await control.setSettings(swarmId, {
      ...DEFAULT_SWARM_SETTINGS,
      strategy,
      choking: plan.choking,
      uploadCapBytesPerSecond: plan.uploadCap,
    });
    const honest = swarm.leechers.slice(0, peers - plan.freeRiders);
    const riders = swarm.leechers.slice(peers - plan.freeRiders);
    // A free rider must be a member before the tracker lets it be marked, so it joins first and is
    // marked before the honest peers join; its clock, like theirs, starts at its own click.
    for (const rider of riders) {
      const riderId = ids[rider.index]!;
      await rider.download(name);
      await control.waitFor((swarms) =>
        swarms.find((s) => s.swarmId === swarmId)?.peers.some((p) => p.peerId === riderId) ? true : undefined,
      );
      await control.setFreeRider(swarmId, riderId, true);
    }
    await Promise.all(honest.map((p) => p.download(name)));

    const finished = await Promise.all(
      swarm.leechers.map(async (p) => {
        const saved = await p.saveDownload(name, join(scratch, `peer-${p.index}`), plan.timeoutMs);
        const ok = saved.suggestedFilename === name && (await sha256OfFile(saved.path)) === expectedSha;
        await rm(saved.path, { force: true });
        return { index: p.index, ok, stats: await p.stats(name) };
      }),
    );
    await swarm.close();
    const riderIndexes = new Set(riders.map((p) => p.index));
    let fromSharer = 0;
    let received = 0;
    for (const f of finished) {
      fromSharer += f.stats.bytesFrom[sharerId] ?? 0;
      received += Object.values(f.stats.bytesFrom).reduce((a, b) => a + b, 0);
    }
    return {
      peers,
      strategy,
      run,
      uploadCap: plan.uploadCap,
      freeRiders: plan.freeRiders,
      fileBytes: size,
      honestMs: finished.filter((f) => !riderIndexes.has(f.index)).map((f) => f.stats.downloadMs),
      freeRiderMs: finished.filter((f) => riderIndexes.has(f.index)).map((f) => f.stats.downloadMs),
      fromSharer,
      received,
      verified: finished.every((f) => f.ok),
    };
  } finally {
    control?.close();
    await browser.close();
    await tracker.stop();
  }
}

async function writeResults(records: RunRecord[]): Promise<void> {
  const summary = summarize(records);
  const title = `${name}: ${plan.choking}, ${capText}${plan.freeRiders ? `, ${plan.freeRiders} free rider(s)` : ''}`;
  await writeFile(join(out, 'results.csv'), toCsv(records));
  await writeFile(join(out, 'results.json'), JSON.stringify({ plan, records, summary }, null, 2) + '\n');
  await writeFile(join(out, 'results.md'), toMarkdown(summary));
  await writeFile(join(out, 'chart.svg'), await renderSvg(chartSpec(records, title)));
}

const records: RunRecord[] = [];
let failures = 0;
for (const { peers, strategy, run } of planRuns(plan)) {
  const label = `${peers} downloaders, ${strategy}, run ${run}/${plan.runs}`;
  try {
    const record = await runOnce(peers, strategy, run);
    records.push(record);
    const mean = record.honestMs.reduce((a, b) => a + b, 0) / record.honestMs.length / 1000;
    const riders = record.freeRiderMs.length
      ? `, free riders ${record.freeRiderMs.map((ms) => (ms / 1000).toFixed(2)).join(', ')} s`
      : '';
    console.log(
      `${label}: mean ${mean.toFixed(2)} s, slowest ${(Math.max(...record.honestMs) / 1000).toFixed(2)} s${riders}, ` +
        `sharer sent ${((record.fromSharer / record.received) * 100).toFixed(0)}% of the bytes` +
        (record.verified ? '' : ' — A DOWNLOAD DIFFERED FROM THE ORIGINAL'),
    );
    if (!record.verified) failures++;
    await writeResults(records);
  } catch (err) {
    failures++;
    console.error(`${label}: FAILED: ${(err as Error).message.split('\n')[0]}`);
  }
}
await rm(scratch, { recursive: true, force: true });
if (records.length > 0) {
  console.log('');
  console.log(toMarkdown(summarize(records)));
  console.log(`wrote results.csv, results.json, results.md and chart.svg to ${out}`);
}
process.exit(failures === 0 ? 0 : 1);
