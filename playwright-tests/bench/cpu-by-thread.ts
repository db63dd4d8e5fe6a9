/**
 * npm run bench:threads [-- --size-mb 64 --leechers 4]
 *
 * Where the CPU goes in the uncapped swarm as `npm run bench` runs it (a browser per peer, OPFS),
 * next to the raw DataChannel floor in the same browsers: CPU seconds of every Chromium thread of
 * every peer's browser, from /proc, grouped by process kind and thread name. Both windows include
 * their set-up (pages loading, channels opening; for MiniBit, the sharer's hashing too). Measures,
 * never asserts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_ENGINE_CONFIG } from '@minibit/protocol';
import { type BrowserContext, chromium } from '@playwright/test';
import { launchOptions } from '../chromium-flags.ts';
import { Swarm } from '../swarm-harness.ts';
import { TrackerProcess } from '../tracker-process.ts';
import { MiB, writeRandomFile } from './random-file.ts';
import { measureRawFloor } from './raw-channel-floor.ts';
import { runSwarm } from './swarm-run.ts';
import { sampleThreadCpu } from './thread-cpu.ts';

const { values } = parseArgs({
  options: {
    'size-mb': { type: 'string', default: '64' },
    leechers: { type: 'string', default: '4' },
  },
});
const size = Number(values['size-mb']) * MiB;
const leechers = Number(values.leechers);

const dir = await mkdtemp(join(tmpdir(), 'minibit-threads-'));
const tracker = await TrackerProcess.start(0, ['--host', '127.0.0.1']);
const contexts: BrowserContext[] = [];
const profiles = Array.from({ length: leechers + 1 }, (_, i) => join(dir, `profile-${i}`));
try {
  const name = 'threads.bin';
  const { path, sha256 } = await writeRandomFile(dir, name, size);
  for (const profile of profiles)
    contexts.push(
      await chromium.launchPersistentContext(profile, { ...launchOptions, acceptDownloads: true }),
    );

  let sampler = await sampleThreadCpu(profiles);
  const floor = await measureRawFloor(null, {
    receivers: leechers,
    bytes: size,
    messageBytes: DEFAULT_ENGINE_CONFIG.blockSize,
    contexts,
  });
  const floorCpu = await sampler.stop();

  sampler = await sampleThreadCpu(profiles);
  const run = await runSwarm((o) => Swarm.openIn(contexts, o), tracker.url, {
    file: path,
    name,
    size,
    sha256,
    leechers,
    timeoutMs: 900_000,
  });
  const swarmCpu = await sampler.stop();

  const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  console.log(
    `${values['size-mb']} MiB, 1 + ${leechers}, a browser per peer, OPFS. ` +
      `Floor ${(floor.ms / 1000).toFixed(1)} s, CPU ${total(floorCpu).toFixed(1)} s; ` +
      `MiniBit ${(run.ms / 1000).toFixed(1)} s (timed part), CPU ${total(swarmCpu).toFixed(1)} s. 2 cores.`,
  );
  console.log(
    `${'thread (process kind, name)'.padEnd(56)} ${'floor s'.padStart(8)} ${'MiniBit s'.padStart(10)}`,
  );
  const kinds = [...new Set([...floorCpu.keys(), ...swarmCpu.keys()])]
    .map((k) => [k, floorCpu.get(k) ?? 0, swarmCpu.get(k) ?? 0] as const)
    .filter(([, f, s]) => f + s >= 0.05)
    .sort((a, b) => b[2] - a[2]);
  for (const [kind, f, s] of kinds)
    console.log(`${kind.padEnd(56)} ${f.toFixed(2).padStart(8)} ${s.toFixed(2).padStart(10)}`);
} finally {
  await Promise.all(contexts.map((c) => c.close().catch(() => {})));
  await tracker.stop();
  await rm(dir, { recursive: true, force: true });
}
