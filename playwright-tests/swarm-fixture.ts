import { randomBytes } from 'node:crypto';
import { test as base } from '@playwright/test';
import { DashboardPage } from './dashboard-page.ts';
import { Swarm, type SwarmOptions } from './swarm-harness.ts';
import { TrackerProcess } from './tracker-process.ts';

/** A tracker of the test's own with a dashboard key the test knows (the webServer's is random). */
export interface Classroom {
  tracker: TrackerProcess;
  key: string;
  /** Opens the teacher's dashboard with the key; closed after the test. */
  dashboard(): Promise<DashboardPage>;
}

/**
 * `classroom` is a tracker of the test's own started with a dashboard key, for the teacher's features:
 *
 *   test('dashboard', async ({ swarm, classroom }) => {
 *     const s = await swarm({ peers: 3, baseURL: classroom.tracker.url });
 *     const dashboard = await classroom.dashboard();
 *   });
 *
 * `swarm({ peers: 5 })` opens a swarm of pages against the test tracker; all are closed after the test.
 *
 *   test('five peers', async ({ swarm }, info) => {
 *     const s = await swarm({ peers: 5 });
 *     const saved = await s.shareAndDownloadAll(file, name, info.outputPath());
 *   });
 */
export const test = base.extend<{
  swarm: (opts: Omit<SwarmOptions, 'baseURL'> & { baseURL?: string }) => Promise<Swarm>;
  classroom: Classroom;
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
  classroom: async ({ browser }, use) => {
    const key = `test-${randomBytes(12).toString('base64url')}`;
    const tracker = await TrackerProcess.start(0, ['--dashboard-key', key]);
    const opened: DashboardPage[] = [];
    await use({
      tracker,
      key,
      dashboard: async () => {
        const page = await DashboardPage.open(browser, tracker.url, key);
        opened.push(page);
        return page;
      },
    });
    await Promise.all(opened.map((d) => d.close()));
    await tracker.stop();
  },
});

export { expect } from '@playwright/test';
