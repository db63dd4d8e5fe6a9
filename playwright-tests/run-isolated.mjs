#!/usr/bin/env node
// Runs a command (the e2e tests, the swarm demo, a benchmark) inside a network namespace that has
// only a loopback interface, so no browser or server it starts can reach any other address. Needs
// root and unshare(1); elsewhere it says so and runs the command plainly.
//
//   node playwright-tests/run-isolated.mjs npx playwright test -c playwright-tests
import { spawnSync } from 'node:child_process';

const command = process.argv.slice(2);
if (command.length === 0) {
  console.error('usage: run-isolated.mjs <command> [args...]');
  process.exit(2);
}

const probe = spawnSync('unshare', ['-n', 'sh', '-c', 'ip link set lo up'], { stdio: 'ignore' });
const isolated = process.env.MINIBIT_NO_NETNS !== '1' && probe.status === 0;
const argv = isolated
  ? ['unshare', '-n', 'sh', '-c', 'ip link set lo up && exec "$@"', 'sh', ...command]
  : command;
console.error(
  isolated
    ? '[run-isolated] loopback-only network namespace'
    : '[run-isolated] no network namespace available (needs root and unshare): running plainly',
);
const result = spawnSync(argv[0], argv.slice(1), { stdio: 'inherit' });
process.exit(result.status ?? 1);
