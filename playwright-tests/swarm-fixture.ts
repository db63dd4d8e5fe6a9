import { test as base } from '@playwright/test';
import { Swarm, type SwarmOptions } from './swarm-harness.ts';

/**
 * `swarm({ peers: 5 })` opens a swarm of pages against the test tracker; all are closed after the test.
 *
 *   test('five peers', async ({ swarm }, info) => {
 *     const s = await swarm({ peers: 5 });
 *     const saved = await s.shareAndDownloadAll(file, name, info.outputPath());
 *   });
 */
export const test = base.extend<{
  swarm: (opts: Omit<SwarmOptions, 'baseURL'> & { baseURL?: string }) => Promise<Swarm>;
}>({
  swarm: async ({ browser, baseURL }, use) => {
    const opened: Swarm[] = [];
    await use(async (opts) => {
      const s = await Swarm.open(browser, { ...opts, baseURL: opts.baseURL ?? baseURL! });
      opened.push(s);
      return s;
    });
    await Promise.all(opened.map((s) => s.close()));
  },
});

export { expect } from '@playwright/test';
