import { parseArgs } from 'node:util';

/**
 * The fuzz script's command line: `--count N --seconds S --seed N`. Tracks nothing; refuses values
 * that are not positive integers, naming the option.
 */

export interface FuzzCliOptions {
  count: number;
  seconds: number;
  seed: number;
  help: boolean;
}

export const FUZZ_USAGE =
  'usage: npm run fuzz:tracker -- [--count 100000] [--seconds 60] [--seed 1]\n' +
  '  plays up to --count hostile inputs, for at most --seconds, drawn from --seed';

export function readFuzzCliOptions(args: string[]): FuzzCliOptions {
  const { values } = parseArgs({
    args,
    options: {
      count: { type: 'string', default: '100000' },
      seconds: { type: 'string', default: '60' },
      seed: { type: 'string', default: '1' },
      help: { type: 'boolean', default: false },
    },
  });
  return {
    count: positiveInteger('--count', values.count),
    seconds: positiveInteger('--seconds', values.seconds),
    // Zero is a fine seed.
    seed: positiveInteger('--seed', values.seed, 0),
    help: values.help,
  };
}

function positiveInteger(name: string, text: string, min = 1): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min)
    throw new RangeError(`${name} must be an integer ≥ ${min}, got ${text}`);
  return value;
}
