import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { DASHBOARD_PAGE_PATH } from '@minibit/protocol';
import { pino } from 'pino';
import QRCode from 'qrcode';
import { readCliOptions, type TlsSource, USAGE } from './cli-options.ts';
import { certificateHosts, lanUrls, localUrl } from './listen-urls.ts';
import { startTracker } from './server.ts';
import { selfSignedCertificate, type TlsCredentials } from './tls-certificate.ts';

/**
 * Command-line entry: `node --import tsx tracker-server/src/main.ts [--host h] [--port p] [--https] …`.
 * Prints where to point a browser, the join URL as a QR code for students' phones, the teacher's
 * dashboard URL with its key, plus one `MINIBIT_TRACKER_URL=…` line for scripts that start it with
 * --port 0, and shuts down cleanly on SIGINT / SIGTERM.
 */

/** A shutdown that takes longer than this is cut short. */
const SHUTDOWN_DEADLINE_MS = 5000;

const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' });

let options: ReturnType<typeof readCliOptions>;
try {
  options = readCliOptions(process.argv.slice(2), process.env);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  console.error(USAGE);
  process.exit(2);
}
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}

if (!existsSync(options.staticDir)) {
  logger.warn(
    { event: 'no-static-dir', staticDir: options.staticDir },
    'web client not built; run `npm run build`',
  );
}

/** The key and certificate for --https or --cert/--key; none for plain http. */
async function loadTls(source: TlsSource, host: string): Promise<TlsCredentials | undefined> {
  switch (source.kind) {
    case 'none':
      return undefined;
    case 'self-signed':
      return selfSignedCertificate({ hosts: certificateHosts(host, networkInterfaces()) });
    case 'files':
      return { cert: readFileSync(source.certFile, 'utf8'), key: readFileSync(source.keyFile, 'utf8') };
  }
}

let tls: TlsCredentials | undefined;
try {
  tls = await loadTls(options.tls, options.host);
} catch (error) {
  console.error(`cannot set up https: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}

const tracker = await startTracker({
  host: options.host,
  port: options.port,
  staticDir: options.staticDir,
  logger,
  tls,
  ...(options.dashboardKey !== undefined && { dashboardKey: options.dashboardKey }),
  ...options.limits,
}).catch((error: unknown) => {
  logger.fatal({ event: 'start-failed', err: error }, 'tracker failed to start');
  process.exit(1);
});

const scheme = tls ? 'https' : 'http';
const local = localUrl(options.host, tracker.port, scheme);
const lan = lanUrls(options.host, tracker.port, networkInterfaces(), scheme);
logger.info({ event: 'listening', url: local, lan, staticDir: options.staticDir }, 'tracker listening');
console.log(`MiniBit tracker listening: ${local}${lan.length > 0 ? `  LAN: ${lan.join('  ')}` : ''}`);
if (tls) {
  const certificate = new X509Certificate(tls.cert);
  logger.info(
    {
      event: 'certificate',
      source: options.tls.kind,
      names: certificate.subjectAltName,
      validTo: certificate.validTo,
      sha256: certificate.fingerprint256,
    },
    'https certificate',
  );
  if (options.tls.kind === 'self-signed') {
    console.log(
      `Self-signed certificate (valid until ${new Date(certificate.validTo).toDateString()}): each browser ` +
        'warns once per device; click "Advanced" then "Proceed to …" (Chrome, Edge), "Accept the Risk and ' +
        'Continue" (Firefox) or "Show Details" then "visit this website" (Safari).',
    );
  }
}
logger.info({ event: 'join-url', url: tracker.joinUrl }, 'students join here');
console.log(`Students join: ${tracker.joinUrl}`);
try {
  console.log(await QRCode.toString(tracker.joinUrl, { type: 'terminal', small: true }));
} catch (error) {
  logger.warn({ event: 'qr-failed', err: error }, 'could not draw the QR code');
}
// The key is in the fragment, which browsers never send: it stays out of request logs.
console.log(
  `Teacher's dashboard (keep this link to yourself): ${local}${DASHBOARD_PAGE_PATH}#key=${tracker.dashboardKey}`,
);
// Read by test harnesses; keep the exact form.
console.log(`MINIBIT_TRACKER_URL=${tracker.url}`);

let stopping = false;
async function stop(signal: NodeJS.Signals): Promise<void> {
  // A second Ctrl-C means "now".
  if (stopping) process.exit(1);
  stopping = true;
  logger.info({ event: 'shutdown', signal }, 'shutting down');
  setTimeout(() => process.exit(1), SHUTDOWN_DEADLINE_MS).unref();
  try {
    await tracker.close();
    process.exit(0);
  } catch (error) {
    logger.error({ event: 'shutdown-failed', err: error }, 'shutdown failed');
    process.exit(1);
  }
}
process.on('SIGINT', (signal) => void stop(signal));
process.on('SIGTERM', (signal) => void stop(signal));
