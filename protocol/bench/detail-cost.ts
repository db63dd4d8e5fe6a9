import {
  Bitfield,
  detailTransferables,
  encodeWireMessage,
  MemoryPieceStore,
  nobleHasher,
  PROTOCOL_VERSION,
  SwarmEngine,
} from '../src/index.ts';

/**
 * `npm run bench:detail [-- --pieces 2000 --peers 30 --runs 2000]`: what the page's detail view
 * (SwarmEngine.detail(), sent by SwarmRunner about once a second while watched) costs the worker, next
 * to the regular snapshot it already sends 4×/s. Prints build time and structured-clone time (what
 * postMessage pays) with the arrays transferred and copied, and the same for a naive per-peer boolean
 * map. Reports numbers only; asserts nothing.
 */

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} needs a positive integer`);
  return v;
}

const pieceCount = option('pieces', 2000);
const peerCount = option('peers', 30);
const runs = option('runs', 2000);

/** Mulberry32: the same swarm on every run. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = seeded(42);
const pieceSize = 16 * 1024;
const manifest = {
  v: 1 as const,
  name: 'bench.bin',
  size: pieceCount * pieceSize,
  pieceSize,
  pieces: Array.from({ length: pieceCount }, () => '0'.repeat(64)),
};
const swarmId = 'b'.repeat(64);
let now = 0;
const engine = new SwarmEngine({
  manifest,
  swarmId,
  selfId: 'me',
  store: new MemoryPieceStore(),
  hasher: nobleHasher,
  clock: { now: () => now },
  random,
  have: Array.from({ length: pieceCount / 2 }, (_, i) => i * 2),
  onEvent: (e) => {
    if (e.kind === 'protocol-error') throw new Error(`bench peer dropped: ${e.error}`);
  },
});
const silent = { sendText: () => {}, sendBinary: () => {}, close: () => {} };
for (let p = 0; p < peerCount; p++) {
  const id = `peer-${p}`;
  engine.addPeer(id, silent);
  const stock = new Bitfield(pieceCount);
  for (let i = 0; i < pieceCount; i++) if (random() < 0.6) stock.set(i);
  const say = (m: Parameters<typeof encodeWireMessage>[0]) => engine.receive(id, encodeWireMessage(m));
  say({ t: 'handshake', v: PROTOCOL_VERSION, swarm: swarmId, peer: id });
  say({ t: 'bitfield', bits: stock.toHex() });
  say({ t: 'interested' });
  if (p % 3 === 0) say({ t: 'unchoke' });
}
now = 700_000; // a full ten minutes of (empty) rate history to read back
engine.tick();

/** Microseconds per call of `fn`, as median, mean and 99th percentile over `runs` calls. */
function time(fn: () => void): { median: number; mean: number; p99: number } {
  for (let i = 0; i < Math.min(200, runs); i++) fn(); // warm up
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    samples.push((performance.now() - t0) * 1000);
  }
  samples.sort((a, b) => a - b);
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  return { median: samples[samples.length >> 1]!, mean, p99: samples[Math.floor(samples.length * 0.99)]! };
}

const rows: [string, ReturnType<typeof time>][] = [];
rows.push([
  'snapshot() + pieceStates() (4×/s today)',
  time(() => void [engine.snapshot(), engine.pieceStates()]),
]);
rows.push(['detail() build', time(() => void engine.detail())]);
rows.push([
  'detail() build + clone, arrays transferred',
  time(() => {
    const d = engine.detail();
    structuredClone(d, { transfer: detailTransferables(d) });
  }),
]);
rows.push([
  'detail() build + clone, arrays copied',
  time(() => {
    structuredClone(engine.detail());
  }),
]);
const detail = engine.detail();
const naiveMaps = detail.peers.map((_, row) =>
  Array.from(
    { length: pieceCount },
    (_, i) => (detail.peerBits[row * detail.bitfieldBytes + (i >> 3)]! & (0x80 >> (i & 7))) !== 0,
  ),
);
rows.push(['naive alternative: clone peers × boolean[] maps', time(() => void structuredClone(naiveMaps))]);

const arrayBytes = detailTransferables(detail).reduce((n, b) => n + b.byteLength, 0);
const objectBytes = JSON.stringify({
  ...detail,
  pieces: 0,
  availability: 0,
  sources: 0,
  peerBits: 0,
  history: 0,
}).length;
console.log(
  `detail view for ${pieceCount} pieces, ${peerCount} peers, ${detail.history.download.length} s of history:`,
);
console.log(`  typed arrays ${arrayBytes} B (transferred), plain part ~${objectBytes} B (cloned)`);
console.log(`  (runs: ${runs}; µs per call)`);
for (const [name, t] of rows) {
  console.log(
    `  ${name.padEnd(48)} median ${t.median.toFixed(1).padStart(7)}  mean ${t.mean.toFixed(1).padStart(7)}  p99 ${t.p99.toFixed(1).padStart(7)}`,
  );
}
