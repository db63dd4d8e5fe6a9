import { parseArgs } from 'node:util';

/**
 * The tracker load bench's command line. Tracks nothing; refuses values that make no sense, naming
 * the option.
 */

export interface LoadOptions {
  /** Pages to hold at once (the target: 20,000). */
  peers: number;
  swarms: number;
  /** Steady signalling load, across all pages (the issue's: 1,000/s). */
  signalsPerSecond: number;
  /** How long the steady signalling lasts. */
  seconds: number;
  runs: number;
  json: string;
  /** Pages arriving (connect, then join) per second after the sharers are in. */
  joinsPerSecond: number;
  clientProcesses: number;
  /** Pieces in each shared file: the manifest every 'share' and 'joined' carries grows with it. */
  pieces: number;
  /** Extra node flags for the tracker process, e.g. "--cpu-prof --cpu-prof-dir=.tmp/prof". */
  trackerNodeFlags: string[];
  /** The tracker's LOG_LEVEL: 'info' (as deployed) logs a line per connect and per join. */
  logLevel: string;
  help: boolean;
}

export const LOAD_USAGE = `usage: npm run bench:tracker -- [options]
  --peers 20000               pages held at once
  --swarms 200                swarms they are spread over (the first page of each shares it)
  --signals-per-second 1000   steady signal relay load
  --seconds 20                how long the steady load lasts
  --runs 3                    fresh tracker and clients each run; figures give min / median / max
  --json .tmp/bench/tracker-load.json
  --joins-per-second 500      pages arriving per second after the sharers (about what the tracker
                              takes on two cores: each join tells every swarm member, ~50 messages)
  --client-processes 2        processes driving the pages (each swarm stays in one)
  --pieces 256                pieces per shared file (sizes 'share' and 'joined')
  --tracker-node-flags=""     extra node flags for the tracker (relative paths from the repository root),
                              e.g. --tracker-node-flags="--cpu-prof --cpu-prof-dir=.tmp/prof"
  --log-level info            the tracker's LOG_LEVEL`;

export function readLoadOptions(args: string[]): LoadOptions {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      peers: { type: 'string', default: '20000' },
      swarms: { type: 'string', default: '200' },
      'signals-per-second': { type: 'string', default: '1000' },
      seconds: { type: 'string', default: '20' },
      runs: { type: 'string', default: '3' },
      json: { type: 'string', default: '.tmp/bench/tracker-load.json' },
      'joins-per-second': { type: 'string', default: '500' },
      'client-processes': { type: 'string', default: '2' },
      pieces: { type: 'string', default: '256' },
      'tracker-node-flags': { type: 'string', default: '' },
      'log-level': { type: 'string', default: 'info' },
      help: { type: 'boolean', default: false },
    },
  });
  return {
    peers: positiveInteger('--peers', values.peers),
    swarms: positiveInteger('--swarms', values.swarms),
    signalsPerSecond: positiveInteger('--signals-per-second', values['signals-per-second']),
    seconds: positiveInteger('--seconds', values.seconds),
    runs: positiveInteger('--runs', values.runs),
    json: values.json,
    joinsPerSecond: positiveInteger('--joins-per-second', values['joins-per-second']),
    clientProcesses: positiveInteger('--client-processes', values['client-processes']),
    pieces: positiveInteger('--pieces', values.pieces),
    trackerNodeFlags: values['tracker-node-flags'].split(/\s+/).filter((flag) => flag !== ''),
    logLevel: values['log-level'],
    help: values.help,
  };
}

function positiveInteger(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1)
    throw new RangeError(`${name} must be an integer ≥ 1, got ${text}`);
  return value;
}
