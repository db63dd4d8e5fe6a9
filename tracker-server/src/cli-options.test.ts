import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCliOptions } from './cli-options.ts';
import { DEFAULT_STATIC_DIR } from './tracker-options.ts';

describe('readCliOptions', () => {
  const cases = [
    { story: 'defaults', argv: [], env: {}, host: '0.0.0.0', port: 8080 },
    { story: 'flags', argv: ['--host', '127.0.0.1', '--port', '0'], env: {}, host: '127.0.0.1', port: 0 },
    {
      story: 'MINIBIT_ env',
      argv: [],
      env: { MINIBIT_HOST: '::', MINIBIT_PORT: '9000' },
      host: '::',
      port: 9000,
    },
    { story: 'plain PORT', argv: [], env: { PORT: '3000' }, host: '0.0.0.0', port: 3000 },
    {
      story: 'MINIBIT_PORT over PORT',
      argv: [],
      env: { PORT: '3000', MINIBIT_PORT: '9000' },
      host: '0.0.0.0',
      port: 9000,
    },
    {
      story: 'flags over env',
      argv: ['--port=81', '--host', 'localhost'],
      env: { MINIBIT_PORT: '9000', MINIBIT_HOST: '::' },
      host: 'localhost',
      port: 81,
    },
    {
      story: 'blank env ignored',
      argv: [],
      env: { MINIBIT_PORT: ' ', PORT: '' },
      host: '0.0.0.0',
      port: 8080,
    },
  ];
  it.each(cases)('$story', ({ argv, env, host, port }) => {
    expect(readCliOptions(argv, env)).toMatchObject({
      host,
      port,
      staticDir: DEFAULT_STATIC_DIR,
      help: false,
    });
  });

  it('reads the static dir and limits', () => {
    const options = readCliOptions(
      [
        '--static',
        'some/dir',
        '--max-peers-per-join',
        '5',
        '--ping-interval-ms',
        '1000',
        '--message-burst',
        '10',
      ],
      {},
    );
    expect(options.staticDir).toBe(path.resolve('some/dir'));
    expect(options.limits).toEqual({ maxPeersPerJoin: 5, pingIntervalMs: 1000, messageBurst: 10 });
  });

  const tlsCases = [
    { story: 'plain http by default', argv: [], env: {}, tls: { kind: 'none' } },
    { story: '--https', argv: ['--https'], env: {}, tls: { kind: 'self-signed' } },
    { story: 'MINIBIT_HTTPS=1', argv: [], env: { MINIBIT_HTTPS: '1' }, tls: { kind: 'self-signed' } },
    { story: 'MINIBIT_HTTPS=0', argv: [], env: { MINIBIT_HTTPS: '0' }, tls: { kind: 'none' } },
    { story: 'blank MINIBIT_HTTPS', argv: [], env: { MINIBIT_HTTPS: ' ' }, tls: { kind: 'none' } },
    {
      story: '--cert and --key',
      argv: ['--cert', 'class.crt', '--key', 'class.key'],
      env: {},
      tls: { kind: 'files', certFile: path.resolve('class.crt'), keyFile: path.resolve('class.key') },
    },
    {
      story: 'own files win over --https',
      argv: ['--https', '--cert=/etc/class.crt', '--key=/etc/class.key'],
      env: { MINIBIT_HTTPS: '1' },
      tls: { kind: 'files', certFile: '/etc/class.crt', keyFile: '/etc/class.key' },
    },
  ];
  it.each(tlsCases)('https: $story', ({ argv, env, tls }) => {
    expect(readCliOptions(argv, env).tls).toEqual(tls);
  });

  it.each([
    { story: 'a random key by default', argv: [], env: {}, key: undefined },
    { story: '--dashboard-key', argv: ['--dashboard-key', 'class-2b_key'], env: {}, key: 'class-2b_key' },
    {
      story: 'MINIBIT_DASHBOARD_KEY',
      argv: [],
      env: { MINIBIT_DASHBOARD_KEY: 'from-env-key' },
      key: 'from-env-key',
    },
    {
      story: 'the flag over the env',
      argv: ['--dashboard-key=from-flag-key'],
      env: { MINIBIT_DASHBOARD_KEY: 'from-env-key' },
      key: 'from-flag-key',
    },
  ])('dashboard key: $story', ({ argv, env, key }) => {
    expect(readCliOptions(argv, env).dashboardKey).toBe(key);
  });

  const mistakes = [
    { argv: ['--dashboard-key', 'short'], error: /--dashboard-key/ },
    { argv: ['--dashboard-key', 'has space in it'], error: /--dashboard-key/ },
    { argv: ['--port', 'http'], error: /port/ },
    { argv: ['--port', '70000'], error: /port/ },
    { argv: ['--port', '-1'], error: /port/ },
    { argv: ['--max-peers-per-join', '0'], error: /--max-peers-per-join/ },
    { argv: ['--max-peers-per-join', 'many'], error: /--max-peers-per-join/ },
    { argv: ['--bogus'], error: /bogus/ },
    { argv: ['--cert', 'class.crt'], error: /--cert and --key/ },
    { argv: ['--https', '--key', 'class.key'], error: /--cert and --key/ },
  ];
  it.each(mistakes)('refuses $argv', ({ argv, error }) => {
    expect(() => readCliOptions(argv, {})).toThrow(error);
  });

  it('refuses a MINIBIT_HTTPS that is neither on nor off', () => {
    expect(() => readCliOptions([], { MINIBIT_HTTPS: 'maybe' })).toThrow(/MINIBIT_HTTPS/);
  });
});
