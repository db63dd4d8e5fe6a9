/**
 * How MiniBit's tests and tools launch Chromium. Browser downloads are impossible here, so the
 * system Chromium is used (override with MINIBIT_CHROMIUM=/path/to/chrome on other machines).
 */
export const CHROMIUM_PATH = process.env.MINIBIT_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Playwright passes its own --disable-features list, and Chromium honours only the last
 * --disable-features switch. So ours repeats Playwright's list (as of 1.65) and adds
 * WebRtcHideLocalIpsWithMdns, without which loopback peers offer only mDNS names that never resolve.
 */
const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
];

export const CHROMIUM_ARGS = [
  '--no-sandbox', // running as root in CI
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
  '--allow-loopback-in-peer-connection',
  // A LAN-style host name that is not localhost, for tests of a page that is not a secure context.
  '--host-resolver-rules=MAP classroom.test 127.0.0.1',
  `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, 'WebRtcHideLocalIpsWithMdns'].join(',')}`,
];

/** Launch options for Playwright's chromium.launch(). */
export const launchOptions = { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS };
