import { parseArgs } from 'node:util';
import { MemorySwarm, randomBytes } from '../src/test-support/memory-swarm.ts';

/**
 * `npm run bench:capped-sim [-- --leechers 4,8 --size-mib 16 --defer-ms 3000,5000,8000 --seeds 8]`:
 * the capped benchmark's swarm (`npm run bench -- --only capped`) with the engines in memory
 * (MemorySwarm, a hand-driven clock, no browsers): every uplink capped at u = 1 MiB/s, one sharer,
 * N leechers, a random file with the pieces the real manifest would choose. For each setting of the
 * sharer's `maxUploadDeferMs` it prints time / (F/u), the fluid model's minimum, and the copies of
 * the file the sharer uploaded, per seed and their mean. Seconds per setting, so settings can be
 * compared over many seeds before a browser run confirms the best. Prints numbers; asserts nothing.
 */

const { values } = parseArgs({
  options: {
    leechers: { type: 'string', default: '4,8' },
    'size-mib': { type: 'string', default: '16' },
    'defer-ms': { type: 'string', default: '3000,5000,8000' },
    seeds: { type: 'string', default: '8' },
  },
});
const list = (text: string) => text.split(',').map(Number);

const cap = 1024 * 1024;
const size = Number(values['size-mib']) * 1024 * 1024;
const fu = size / cap;

async function run(leechers: number, maxUploadDeferMs: number, seed: number) {
  const swarm = new MemorySwarm(randomBytes(size, 7 + seed), 'capped.bin');
  const config = { uploadBytesPerSecond: cap, maxUploadDeferMs };
  swarm.addPeer('sharer', { seed: true, config, random: 101 + seed });
  for (let i = 1; i <= leechers; i++) swarm.addPeer(`l${i}`, { config, random: 1000 + i + seed * 77 });
  swarm.connectAll();
  await swarm.run(() => [...swarm.peers.values()].every((p) => p.engine.isComplete), {
    tickMs: 20,
    maxSteps: 400_000,
  });
  const sharerSent = swarm.peers
    .get('sharer')!
    .engine.snapshot()
    .peers.reduce((n, p) => n + p.bytesTo, 0);
  return { time: swarm.now / 1000 / fu, copies: sharerSent / size, pieceSize: swarm.manifest.pieceSize };
}

const f = (x: number) => x.toFixed(3);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
for (const leechers of list(values.leechers)) {
  for (const deferMs of list(values['defer-ms'])) {
    const runs = [];
    for (let seed = 1; seed <= Number(values.seeds); seed++) runs.push(await run(leechers, deferMs, seed));
    console.log(
      `1+${leechers}, ${values['size-mib']} MiB in ${runs[0]!.pieceSize / 1024} KiB pieces, defer ${deferMs} ms: ` +
        `time/T mean ${f(mean(runs.map((r) => r.time)))} (${runs.map((r) => f(r.time)).join(' ')}), ` +
        `copies mean ${f(mean(runs.map((r) => r.copies)))} (${runs.map((r) => f(r.copies)).join(' ')})`,
    );
  }
}
