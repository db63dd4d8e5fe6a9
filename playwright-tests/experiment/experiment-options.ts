import { parseArgs } from 'node:util';
import type { PickStrategy } from '@minibit/protocol';

/**
 * The experiment runner's command line, read into a plan. Pure: argv in, plan or error out.
 *
 *   npm run experiment -- --file <path> --peers 4,8 --strategy rarest,random --runs 3
 *                         [--upload-cap 1MB] [--free-riders 1] [--choking tit-for-tat] [--out <dir>]
 *
 * --peers counts the downloading peers; one more page shares the file. Free riders are taken from
 * the downloaders (so `--peers 4 --free-riders 1` is 3 honest downloaders and 1 free rider).
 */

export const USAGE =
  'usage: npm run experiment -- --file <path> --peers 4,8,12 --strategy rarest,random --runs 3 ' +
  '[--upload-cap 1MB] [--free-riders 1] [--choking tit-for-tat|unchoke-all] [--out <dir>] [--timeout <s>]';

export interface ExperimentPlan {
  file: string;
  peers: number[];
  strategies: PickStrategy[];
  runs: number;
  /** Bytes per second every peer may upload (the swarm's per-peer cap), or null for none. */
  uploadCap: number | null;
  freeRiders: number;
  choking: 'tit-for-tat' | 'unchoke-all';
  out: string | null;
  timeoutMs: number;
}

export type PlanResult = { ok: true; plan: ExperimentPlan } | { ok: false; error: string };

const STRATEGY_NAMES: Record<string, PickStrategy> = {
  rarest: 'rarest-first',
  'rarest-first': 'rarest-first',
  random: 'random',
  sequential: 'sequential',
};

/** '1MB' → 1,000,000; '1MiB' → 1,048,576; '500KB', '2.5MB', '800000' (bytes). Per second. */
export function parseRate(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*(B|KB|KiB|MB|MiB|GB|GiB)?(?:\/s)?$/i.exec(text.trim());
  if (!m) return null;
  const units: Record<string, number> = {
    b: 1,
    kb: 1e3,
    kib: 1024,
    mb: 1e6,
    mib: 1024 ** 2,
    gb: 1e9,
    gib: 1024 ** 3,
  };
  const bytes = Number(m[1]) * units[(m[2] ?? 'b').toLowerCase()]!;
  return Number.isFinite(bytes) && bytes >= 1 ? Math.round(bytes) : null;
}

function parseCountList(text: string, flag: string, min: number): number[] | string {
  const parts = text.split(',').map((s) => s.trim());
  const values = parts.map(Number);
  if (parts.some((p) => p === '') || values.some((v) => !Number.isInteger(v) || v < min))
    return `${flag} takes whole numbers of at least ${min}, separated by commas (got "${text}")`;
  return [...new Set(values)];
}

export function parseExperimentArgs(argv: string[]): PlanResult {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        file: { type: 'string' },
        peers: { type: 'string', default: '4,8' },
        strategy: { type: 'string', default: 'rarest,random' },
        runs: { type: 'string', default: '3' },
        'upload-cap': { type: 'string' },
        'free-riders': { type: 'string', default: '0' },
        choking: { type: 'string', default: 'tit-for-tat' },
        out: { type: 'string' },
        timeout: { type: 'string', default: '900' },
      },
    }));
  } catch (err) {
    return { ok: false, error: `${(err as Error).message}\n${USAGE}` };
  }
  if (!values.file) return { ok: false, error: `--file is required\n${USAGE}` };

  const peers = parseCountList(values.peers, '--peers', 1);
  if (typeof peers === 'string') return { ok: false, error: peers };
  const runs = parseCountList(values.runs, '--runs', 1);
  if (typeof runs === 'string' || runs.length !== 1)
    return { ok: false, error: `--runs takes one whole number of at least 1 (got "${values.runs}")` };
  const freeRiders = parseCountList(values['free-riders'], '--free-riders', 0);
  if (typeof freeRiders === 'string' || freeRiders.length !== 1)
    return { ok: false, error: `--free-riders takes one whole number (got "${values['free-riders']}")` };
  if (freeRiders[0]! >= Math.min(...peers))
    return { ok: false, error: `--free-riders must leave at least one honest downloader in every swarm` };

  const strategies: PickStrategy[] = [];
  for (const name of values.strategy.split(',').map((s) => s.trim())) {
    const s = STRATEGY_NAMES[name];
    if (!s) return { ok: false, error: `unknown strategy "${name}" (rarest, random or sequential)` };
    if (!strategies.includes(s)) strategies.push(s);
  }

  let uploadCap: number | null = null;
  if (values['upload-cap'] !== undefined) {
    uploadCap = parseRate(values['upload-cap']);
    if (uploadCap === null)
      return {
        ok: false,
        error: `--upload-cap takes a rate like 1MB, 512KiB or 200000 (got "${values['upload-cap']}")`,
      };
  }
  if (values.choking !== 'tit-for-tat' && values.choking !== 'unchoke-all')
    return { ok: false, error: `--choking is tit-for-tat or unchoke-all (got "${values.choking}")` };
  const timeout = Number(values.timeout);
  if (!(timeout > 0)) return { ok: false, error: `--timeout takes seconds (got "${values.timeout}")` };

  return {
    ok: true,
    plan: {
      file: values.file,
      peers,
      strategies,
      runs: runs[0]!,
      uploadCap,
      freeRiders: freeRiders[0]!,
      choking: values.choking,
      out: values.out ?? null,
      timeoutMs: timeout * 1000,
    },
  };
}

/** Every run of the plan, in the order they are made: runs interleaved, so drift hits all alike. */
export function planRuns(plan: ExperimentPlan): { peers: number; strategy: PickStrategy; run: number }[] {
  const out = [];
  for (let run = 1; run <= plan.runs; run++)
    for (const peers of plan.peers)
      for (const strategy of plan.strategies) out.push({ peers, strategy, run });
  return out;
}
