import path from 'node:path';
import { parseArgs } from 'node:util';
import { isDashboardKey } from '@minibit/protocol';
import { DEFAULT_HOST, DEFAULT_PORT, DEFAULT_STATIC_DIR, type TrackerLimits } from './tracker-options.ts';

/**
 * Reads the command line and environment into tracker options. Tracks nothing; argv and env are
 * passed in so tests need no process. Flags win over MINIBIT_HOST / MINIBIT_PORT, which win over PORT.
 */

/** Where the certificate comes from when the tracker serves https. */
export type TlsSource =
  | { kind: 'none' }
  /** --https (or MINIBIT_HTTPS=1): made at start, kept in memory. */
  | { kind: 'self-signed' }
  /** --cert and --key: a class's own PEM files. */
  | { kind: 'files'; certFile: string; keyFile: string };

export interface CliOptions {
  host: string;
  port: number;
  staticDir: string;
  limits: Partial<TrackerLimits>;
  tls: TlsSource;
  /** The teacher's dashboard key, or undefined for a random one made at start. */
  dashboardKey: string | undefined;
  help: boolean;
}

/** Each limit's flag, e.g. --max-peers-per-join for maxPeersPerJoin. */
const LIMIT_FLAGS: Record<string, keyof TrackerLimits> = {
  'max-peers-per-join': 'maxPeersPerJoin',
  'ping-interval-ms': 'pingIntervalMs',
  'max-swarms-per-socket': 'maxSwarmsPerSocket',
  'max-swarms': 'maxSwarms',
  'messages-per-second': 'messagesPerSecond',
  'message-burst': 'messageBurst',
  'max-sockets-per-address': 'maxSocketsPerAddress',
  'catalog-interval-ms': 'catalogIntervalMs',
  'catalog-bytes-per-second': 'catalogBytesPerSecond',
  'max-buffered-bytes': 'maxBufferedBytes',
};

export const USAGE = `Usage: node --import tsx tracker-server/src/main.ts [options]

  --host <addr>     interface to listen on (env MINIBIT_HOST; default ${DEFAULT_HOST})
  --port <n>        port, 0 for any free one (env MINIBIT_PORT or PORT; default ${DEFAULT_PORT})
  --static <dir>    built web client to serve (default web-client/dist)
  --https           serve https/wss with a self-signed certificate made at start (env MINIBIT_HTTPS=1)
  --cert <file>     serve https/wss with this PEM certificate instead (needs --key)
  --key <file>      the PEM private key of --cert
  --dashboard-key <key>
                    the key of the teacher's dashboard, 8–128 of A–Z a–z 0–9 _ -
                    (env MINIBIT_DASHBOARD_KEY; default: a random key made at start)
${Object.keys(LIMIT_FLAGS)
  .map((flag) => `  --${flag} <n>`)
  .join('\n')}
  --help            show this text

Log level: env LOG_LEVEL (default info).`;

export function readCliOptions(argv: string[], env: NodeJS.ProcessEnv): CliOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      static: { type: 'string' },
      https: { type: 'boolean', default: false },
      cert: { type: 'string' },
      key: { type: 'string' },
      'dashboard-key': { type: 'string' },
      help: { type: 'boolean', default: false },
      ...Object.fromEntries(Object.keys(LIMIT_FLAGS).map((flag) => [flag, { type: 'string' as const }])),
    },
  });
  const flag = (name: string): string | undefined => {
    const value = (values as Record<string, unknown>)[name];
    return typeof value === 'string' ? value : undefined;
  };

  const portText = flag('port') ?? nonEmpty(env.MINIBIT_PORT) ?? nonEmpty(env.PORT);
  const limits: Partial<TrackerLimits> = {};
  for (const [name, key] of Object.entries(LIMIT_FLAGS)) {
    const text = flag(name);
    if (text !== undefined) limits[key] = positiveNumber(`--${name}`, text);
  }
  return {
    host: flag('host') ?? nonEmpty(env.MINIBIT_HOST) ?? DEFAULT_HOST,
    port: portText === undefined ? DEFAULT_PORT : portNumber(portText),
    staticDir: path.resolve(flag('static') ?? DEFAULT_STATIC_DIR),
    limits,
    tls: tlsSource(
      values.https === true || envSwitch('MINIBIT_HTTPS', env.MINIBIT_HTTPS),
      flag('cert'),
      flag('key'),
    ),
    dashboardKey: dashboardKey(flag('dashboard-key') ?? nonEmpty(env.MINIBIT_DASHBOARD_KEY)),
    help: values.help === true,
  };
}

function dashboardKey(key: string | undefined): string | undefined {
  if (key === undefined || isDashboardKey(key)) return key;
  throw new RangeError('--dashboard-key must be 8–128 characters of A–Z, a–z, 0–9, _ and -');
}

function tlsSource(https: boolean, certFile: string | undefined, keyFile: string | undefined): TlsSource {
  if ((certFile === undefined) !== (keyFile === undefined)) {
    throw new RangeError('--cert and --key go together: give both files or neither');
  }
  if (certFile !== undefined && keyFile !== undefined) {
    return { kind: 'files', certFile: path.resolve(certFile), keyFile: path.resolve(keyFile) };
  }
  return https ? { kind: 'self-signed' } : { kind: 'none' };
}

/** An on/off environment variable: 1/true/yes or 0/false/no (blank: off). */
function envSwitch(name: string, value: string | undefined): boolean {
  const text = nonEmpty(value)?.toLowerCase();
  if (text === undefined || ['0', 'false', 'no'].includes(text)) return false;
  if (['1', 'true', 'yes'].includes(text)) return true;
  throw new RangeError(`${name} must be 1 or 0, got "${value}"`);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function portNumber(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535)
    throw new RangeError(`port must be an integer 0–65535, got "${text}"`);
  return port;
}

function positiveNumber(name: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive number, got "${text}"`);
  }
  return value;
}
