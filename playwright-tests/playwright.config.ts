import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { launchOptions } from './chromium-flags.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * A free loopback port for the test tracker, chosen once: the runner sets it in the environment and
 * its workers (which load this file again) inherit it.
 */
function freePort(): string {
  return execFileSync(process.execPath, [
    '-e',
    "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})",
  ])
    .toString()
    .trim();
}
process.env.MINIBIT_TEST_PORT ??= freePort();
const port = process.env.MINIBIT_TEST_PORT;
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  // Every peer is a browser context and WebRTC costs CPU: one test at a time on a 2-core machine.
  workers: 1,
  fullyParallel: false,
  timeout: 240_000,
  expect: { timeout: 60_000 },
  retries: 0,
  reporter: [['list']],
  outputDir: join(root, 'test-results'),
  use: {
    baseURL,
    launchOptions,
    trace: 'retain-on-failure',
  },
  webServer: {
    command: `node --import tsx tracker-server/src/main.ts --host 127.0.0.1 --port ${port}`,
    cwd: root,
    url: `${baseURL}/health`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
