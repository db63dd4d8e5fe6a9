import { describe, expect, it } from 'vitest';
import { parseExperimentArgs, parseRate, planRuns } from './experiment-options.ts';

const ok = (argv: string[]) => {
  const r = parseExperimentArgs(argv);
  if (!r.ok) throw new Error(r.error);
  return r.plan;
};
const error = (argv: string[]) => {
  const r = parseExperimentArgs(argv);
  if (r.ok) throw new Error('expected an error');
  return r.error;
};

describe('parseRate', () => {
  it.each([
    ['1MB', 1_000_000],
    ['1MiB', 1_048_576],
    ['512KiB', 524_288],
    ['2.5MB', 2_500_000],
    ['800000', 800_000],
    ['1 MB/s', 1_000_000],
    ['1mb', 1_000_000],
  ])('%s is %i bytes per second', (text, bytes) => expect(parseRate(text)).toBe(bytes));

  it.each(['', 'fast', '-1MB', '1TB', '0', '1e6'])('refuses "%s"', (text) =>
    expect(parseRate(text)).toBeNull(),
  );
});

describe('parseExperimentArgs', () => {
  it('reads the issue’s example', () => {
    expect(
      ok([
        '--file',
        'a.bin',
        '--peers',
        '4,8,12',
        '--strategy',
        'rarest,random',
        '--runs',
        '3',
        '--upload-cap',
        '1MB',
        '--free-riders',
        '1',
      ]),
    ).toEqual({
      file: 'a.bin',
      peers: [4, 8, 12],
      strategies: ['rarest-first', 'random'],
      runs: 3,
      uploadCap: 1_000_000,
      freeRiders: 1,
      choking: 'tit-for-tat',
      out: null,
      timeoutMs: 900_000,
    });
  });

  it('has defaults for everything but the file', () => {
    const plan = ok(['--file', 'a.bin']);
    expect(plan.peers).toEqual([4, 8]);
    expect(plan.strategies).toEqual(['rarest-first', 'random']);
    expect(plan.uploadCap).toBeNull();
  });

  it.each([
    [[], /--file is required/],
    [['--file', 'a', '--peers', '4,,8'], /--peers takes whole numbers/],
    [['--file', 'a', '--peers', '0'], /--peers takes whole numbers of at least 1/],
    [['--file', 'a', '--strategy', 'fastest'], /unknown strategy "fastest"/],
    [['--file', 'a', '--runs', '2,3'], /--runs takes one whole number/],
    [['--file', 'a', '--upload-cap', 'lots'], /--upload-cap takes a rate/],
    [['--file', 'a', '--peers', '2,4', '--free-riders', '2'], /at least one honest downloader/],
    [['--file', 'a', '--choking', 'none'], /--choking is tit-for-tat or unchoke-all/],
    [['--file', 'a', '--bogus'], /Unknown option/],
  ])('refuses %j with a clear message', (argv, message) => expect(error(argv)).toMatch(message));
});

describe('planRuns', () => {
  it('makes every combination once per run, runs interleaved', () => {
    const plan = ok(['--file', 'a', '--peers', '4,8', '--strategy', 'rarest,random', '--runs', '2']);
    const runs = planRuns(plan);
    expect(runs).toHaveLength(8);
    expect(runs.slice(0, 4).every((r) => r.run === 1)).toBe(true);
    expect(new Set(runs.map((r) => `${r.peers}/${r.strategy}/${r.run}`)).size).toBe(8);
  });
});
