import { parseArgs } from 'node:util';
import { DEFAULT_CHOKER_CONFIG } from '../src/choker.ts';
import { MemorySwarm, randomBytes } from '../src/test-support/memory-swarm.ts';

/**
 * `npm run bench:free-rider [-- --leechers 3,4,8 --optimistic 1,0 --rechoke-s 1,10 --runs 4]`: when
 * does a free rider finish, next to the honest peers? Engines in memory (MemorySwarm), every uplink
 * capped at u = 1 MiB/s, a 4 MiB file, one sharer, one of the leechers marked free rider. Times are
 * in units of F/u (4 s). Each run has its own seeds, so runs differ as separate browsers do. Prints
 * numbers only; asserts nothing (the dashboard e2e test asserts the order in real browsers).
 */

const { values } = parseArgs({
  options: {
    leechers: { type: 'string', default: '3,4,8' },
    optimistic: { type: 'string', default: '1,0' },
    'rechoke-s': { type: 'string', default: '10,1' },
    runs: { type: 'string', default: '4' },
    // The same swarms with every leecher honest: what the rider costs the others.
    'no-rider': { type: 'boolean', default: false },
  },
});
const list = (text: string) => text.split(',').map(Number);

const cap = 1024 * 1024;
const size = 4 * 1024 * 1024;
const fu = size / cap;

async function run(leechers: number, optimisticSlots: number, rechokeIntervalMs: number, seed: number) {
  const swarm = new MemorySwarm(randomBytes(size, 7 + seed), 'rider.bin', 16 * 1024);
  const config = {
    uploadBytesPerSecond: cap,
    choker: { ...DEFAULT_CHOKER_CONFIG, optimisticSlots, rechokeIntervalMs },
  };
  swarm.addPeer('sharer', { seed: true, config, random: 101 + seed });
  for (let i = 1; i <= leechers; i++) swarm.addPeer(`l${i}`, { config, random: 1000 + i + seed * 77 });
  const riderId = `l${leechers}`;
  if (!values['no-rider']) swarm.peers.get(riderId)!.engine.setFreeRider(true);
  swarm.connectAll();
  const doneAt = new Map<string, number>();
  await swarm.run(
    () => {
      for (const p of swarm.peers.values())
        if (p.engine.isComplete && !doneAt.has(p.id)) doneAt.set(p.id, swarm.now);
      return doneAt.size === swarm.peers.size;
    },
    { tickMs: 50, maxSteps: 400_000 },
  );
  const honest = [...doneAt]
    .filter(([id]) => id !== 'sharer' && id !== riderId)
    .map(([, t]) => t / 1000 / fu);
  const sharerSent = swarm.peers
    .get('sharer')!
    .engine.snapshot()
    .peers.reduce((n, p) => n + p.bytesTo, 0);
  return {
    honestLast: Math.max(...honest),
    rider: doneAt.get(riderId)! / 1000 / fu,
    copies: sharerSent / size,
  };
}

const f = (x: number) => x.toFixed(2);
console.log(
  'leechers  optimistic  rechoke  honest last (F/u)   rider (F/u)         rider last  sharer copies',
);
for (const leechers of list(values.leechers)) {
  for (const optimistic of list(values.optimistic)) {
    for (const rechokeS of list(values['rechoke-s'])) {
      const runs = [];
      for (let seed = 0; seed < Number(values.runs); seed++)
        runs.push(await run(leechers, optimistic, rechokeS * 1000, seed));
      const range = (xs: number[]) => `${f(Math.min(...xs))}–${f(Math.max(...xs))}`.padEnd(20);
      console.log(
        `${String(leechers).padEnd(10)}${String(optimistic).padEnd(12)}${`${rechokeS} s`.padEnd(9)}` +
          range(runs.map((r) => r.honestLast)) +
          (values['no-rider']
            ? 'none'.padEnd(20) + '—'.padEnd(12)
            : range(runs.map((r) => r.rider)) +
              `${runs.filter((r) => r.rider > r.honestLast).length}/${runs.length}`.padEnd(12)) +
          range(runs.map((r) => r.copies)),
      );
    }
  }
}
