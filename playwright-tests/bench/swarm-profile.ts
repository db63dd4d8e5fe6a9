/**
 * npm run bench:profile [-- --size-mb 32 --peers 5 --seconds 12 --relay --no-skip]
 *
 * Where a browser swarm's CPU goes: 1 sharer + N leechers in one browser (incognito contexts, pieces
 * in memory), with a Chromium trace of the whole browser for `--seconds` in mid-transfer. Prints the
 * CPU time of each kind of thread over all renderers (trace `tdur`, so time spent waiting for a core
 * is not counted) and the main thread's costliest events. Measures, never asserts.
 *   --relay    pages keep the peer channel and relay it to the worker (the fallback path)
 *   --no-skip  busy off-screen views are rendered anyway (content-visibility off)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { launchOptions } from '../chromium-flags.ts';
import { Swarm } from '../swarm-harness.ts';
import { TrackerProcess } from '../tracker-process.ts';
import { MiB, writeRandomFile } from './random-file.ts';

const { values } = parseArgs({
  options: {
    'size-mb': { type: 'string', default: '32' },
    peers: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '12' },
    relay: { type: 'boolean', default: false },
    'no-skip': { type: 'boolean', default: false },
  },
});
const sizeMiB = Number(values['size-mb']);
const peers = Number(values.peers);
const traceMs = Number(values.seconds) * 1000;

interface TraceEvent {
  ph: string;
  name: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

const dir = await mkdtemp(join(tmpdir(), 'minibit-profile-'));
const tracker = await TrackerProcess.start(0, ['--host', '127.0.0.1']);
const browser = await chromium.launch(launchOptions);
try {
  const name = 'profile.bin';
  const { path } = await writeRandomFile(dir, name, sizeMiB * MiB);
  const faults = Object.fromEntries(
    Array.from({ length: peers }, (_, i) => [i, { noOpfs: true, relayChannels: values.relay }]),
  );
  const swarm = await Swarm.open(browser, { peers, baseURL: tracker.url, faults });
  if (values['no-skip']) {
    for (const p of swarm.peers)
      await p.page.addStyleTag({
        content: '.peers-body, .event-log ol { content-visibility: visible !important; }',
      });
  }
  await swarm.sharer.share(path);
  await Promise.all(swarm.leechers.map((p) => p.waitForCatalog(name, 60_000)));
  const started = Date.now();
  await Promise.all(swarm.leechers.map((p) => p.download(name)));
  const done = Promise.all(swarm.leechers.map((p) => p.waitComplete(name, 900_000)));

  await new Promise((r) => setTimeout(r, 3000));
  await browser.startTracing(undefined, {
    categories: ['toplevel', '__metadata', 'devtools.timeline', 'blink', 'v8', 'webrtc'],
  });
  await new Promise((r) => setTimeout(r, traceMs));
  const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
  await done;
  console.log(
    `${sizeMiB} MiB, 1 + ${peers - 1}, one browser, memory store${values.relay ? ', relayed channels' : ''}` +
      `${values['no-skip'] ? ', off-screen views rendered' : ''}: ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  report(trace.traceEvents);
  await swarm.close();
} finally {
  await browser.close();
  await tracker.stop();
  await rm(dir, { recursive: true, force: true });
}

function report(events: TraceEvent[]): void {
  const threadName = new Map<string, string>();
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name') threadName.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');
  }
  // Top-level tasks only (nested events would count twice); CPU time, not wall time.
  const cpu = new Map<string, number>();
  const mainEvents = new Map<string, number>();
  for (const e of events) {
    if (e.ph !== 'X' || e.tdur === undefined) continue;
    const thread = (threadName.get(`${e.pid}:${e.tid}`) ?? '?').replace(/\d+$/, '');
    if (e.name === 'ThreadControllerImpl::RunTask' || e.name === 'ThreadPool_RunTask')
      cpu.set(thread, (cpu.get(thread) ?? 0) + e.tdur / 1e6);
    if (thread === 'CrRendererMain') mainEvents.set(e.name, (mainEvents.get(e.name) ?? 0) + e.tdur / 1e6);
  }
  const total = [...cpu.values()].reduce((a, b) => a + b, 0);
  console.log(
    `CPU seconds per thread kind over ${traceMs / 1000} s (all processes; 2 cores = ${(2 * traceMs) / 1000} s):`,
  );
  for (const [thread, s] of [...cpu].sort((a, b) => b[1] - a[1]).slice(0, 10))
    console.log(
      `  ${s.toFixed(2).padStart(7)} s  ${((100 * s) / total).toFixed(0).padStart(3)} %  ${thread}`,
    );
  console.log('renderer main threads, costliest events (nested: they overlap):');
  for (const [event, s] of [...mainEvents].sort((a, b) => b[1] - a[1]).slice(2, 14))
    console.log(`  ${s.toFixed(2).padStart(7)} s  ${event}`);
}
