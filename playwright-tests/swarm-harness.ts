import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from '@playwright/test';
import { launchOptions } from './chromium-flags.ts';
import type { TestFaults } from '../web-client/src/worker/fault-injection.ts';

/**
 * Drives a swarm of MiniBit pages through the real UI: each peer is its own browser context (its own
 * storage, its own WebRTC stack), as separate tabs on separate machines would be. Used by the
 * Playwright fixture and by `npm run swarm`; a new scenario is a few lines on top of it.
 */

export interface PeerStats {
  /** Milliseconds from the download starting to the last piece verified (the page's own clock). */
  downloadMs: number;
  /** When the last piece was verified: ms since the epoch by the worker's monotonic clock, so it
   * compares across the tabs of one machine. */
  completedAt: number;
  messagesSent: number;
  /** From the swarm opening in this tab (just after the click) to its first verified piece. */
  firstPieceMs: number;
  /** Longest wait between two blocks while downloading. */
  longestStallMs: number;
  messagesByType: Record<string, number>;
  /** Bytes of verified pieces per source peer id. */
  bytesFrom: Record<string, number>;
}

export interface SavedFile {
  path: string;
  suggestedFilename: string;
}

export class SwarmPeer {
  constructor(
    readonly index: number,
    readonly context: BrowserContext,
    readonly page: Page,
  ) {}

  /** The id the tracker gave this page. */
  async peerId(): Promise<string> {
    const el = this.page.getByTestId('self-id');
    await el.waitFor({ timeout: 30_000 });
    return (await el.textContent())!.trim();
  }

  /** Caps this tab's upload (bytes per second) through the page's own control. */
  async setUploadLimit(bytesPerSecond: number): Promise<void> {
    await this.page.getByLabel('Upload limit (MiB/s)').fill(String(bytesPerSecond / (1024 * 1024)));
    await this.page.getByLabel('Upload limit (MiB/s)').press('Enter');
  }

  /** Lifts this tab's upload limit (an empty field). */
  async clearUploadLimit(): Promise<void> {
    await this.page.getByLabel('Upload limit (MiB/s)').fill('');
    await this.page.getByLabel('Upload limit (MiB/s)').press('Enter');
  }

  /** Waits until a shared file is hashed; returns the hashing time the page measured. */
  async hashedMs(name: string, timeoutMs = 60_000): Promise<number> {
    const job = this.page.locator(`li[data-file-name="${name}"][data-hash-ms]`);
    await job.waitFor({ timeout: timeoutMs });
    return Number(await job.getAttribute('data-hash-ms'));
  }

  /** Picks a file in the share input and waits until it is hashed and announced. */
  async share(filePath: string): Promise<void> {
    await this.page.getByLabel('Share a file').setInputFiles(filePath);
  }

  /** The transfer card of a file. */
  transfer(name: string) {
    return this.page.getByRole('region', { name: `Transfer: ${name}`, exact: true });
  }

  /** Waits for the file to appear in the catalog and clicks its Download button. */
  async download(name: string): Promise<void> {
    await this.downloadButton(name).click({ timeout: 60_000 });
  }

  /** Waits until the file is offered in this page's catalog. */
  async waitForCatalog(name: string, timeoutMs = 60_000): Promise<void> {
    await this.downloadButton(name).waitFor({ timeout: timeoutMs });
  }

  private downloadButton(name: string) {
    return this.page.getByRole('button', { name: `Download ${name}`, exact: true });
  }

  /**
   * Waits until every piece of the download is verified and the file can be saved. Returns when, by
   * the page's clock (epoch milliseconds), the Save link appeared; null if the page navigated while
   * it was watched (then Playwright's own wait took over, and its timing is not the page's).
   */
  async waitComplete(name: string, timeoutMs = 180_000): Promise<number | null> {
    try {
      // Watched in the page, not polled: a MutationObserver sees the Save link the moment it is
      // added, so a benchmark's clock stops when the download does. (Playwright's locator polling
      // waits up to a second between checks, and each role query computed every element's role:
      // a few percent of a downloading page's main thread.) The role query then runs once.
      const watched = this.page.evaluate<number>(saveLinkWatcher(`Transfer: ${name}`));
      let timer: ReturnType<typeof setTimeout> | undefined;
      const seenAt = await Promise.race([
        // A page that navigates away loses the observer: fall back to Playwright's own waiting.
        // Any other failure is the watcher's own, and must not hide behind the fallback.
        watched.catch((err: unknown) => {
          if (!/context was destroyed|navigat/i.test(String(err))) throw err;
          return this.saveLink(name)
            .waitFor({ timeout: timeoutMs })
            .then(() => null);
        }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no Save link after ${timeoutMs} ms`)), timeoutMs);
        }),
      ]).finally(() => clearTimeout(timer));
      await this.saveLink(name).waitFor({ timeout: 10_000 });
      return seenAt;
    } catch (err) {
      throw new Error(`peer ${this.index} never finished ${name}:\n${await this.describe(name)}`, {
        cause: err,
      });
    }
  }

  /**
   * From now on, remembers when (page clock, epoch milliseconds) the page first sees a click: with
   * `clickedAt`, a benchmark times from the user's click, not from when Playwright dispatched it.
   */
  async watchFirstClick(): Promise<void> {
    await this.page.evaluate(() => {
      const w = window as unknown as { minibitFirstClickAt?: number };
      delete w.minibitFirstClickAt;
      document.addEventListener(
        'click',
        () => {
          w.minibitFirstClickAt ??= performance.timeOrigin + performance.now();
        },
        { capture: true, once: true },
      );
    });
  }

  /** The first click's time since `watchFirstClick` (page clock, epoch milliseconds), or null. */
  async clickedAt(): Promise<number | null> {
    return this.page.evaluate(
      () => (window as unknown as { minibitFirstClickAt?: number }).minibitFirstClickAt ?? null,
    );
  }

  private saveLink(name: string) {
    return this.transfer(name).getByRole('link', { name: /^Save / });
  }

  /** Waits for the download to finish, then saves it through the browser's own download. */
  async saveDownload(name: string, dir: string, timeoutMs = 180_000): Promise<SavedFile> {
    await this.waitComplete(name, timeoutMs);
    const link = this.saveLink(name);
    const [download] = await Promise.all([this.page.waitForEvent('download'), link.click()]);
    const suggestedFilename = download.suggestedFilename();
    await mkdir(dir, { recursive: true });
    const path = join(dir, suggestedFilename);
    await download.saveAs(path);
    return { path, suggestedFilename };
  }

  /** The transfer card's text (progress, peers, event log): what a failed test needs to say. */
  async describe(name: string): Promise<string> {
    // Playwright's locator.innerText (not the DOM property) keeps the tables' layout readable.
    const card = this.transfer(name);
    const header = this.page.locator('header');
    const text = await card.innerText({ timeout: 5_000 }).catch(() => '(no transfer card)');
    return `${await header.innerText()}\n${text}`;
  }

  /** Waits for a line matching `pattern` in a transfer's event log, and returns it. */
  async waitForLog(name: string, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
    const entry = this.transfer(name)
      .getByRole('list', { name: 'Event log' })
      .getByRole('listitem')
      .filter({ hasText: pattern });
    await entry.first().waitFor({ timeout: timeoutMs });
    return (await entry.first().textContent()) ?? '';
  }

  /** The download's progress in percent, as the progress bar says. */
  async progress(name: string): Promise<number> {
    const bar = this.transfer(name).getByRole('progressbar', { name: 'Download progress' });
    return Number(await bar.getAttribute('aria-valuenow', { timeout: 10_000 }));
  }

  /** Waits until the download's progress reaches `percent`. */
  async waitForProgress(name: string, percent: number, timeoutMs = 120_000): Promise<void> {
    const bar = await this.transfer(name)
      .getByRole('progressbar', { name: 'Download progress' })
      .elementHandle({ timeout: timeoutMs });
    await this.page.waitForFunction(
      ([el, p]) => Number((el as Element).getAttribute('aria-valuenow')) >= (p as number),
      [bar, percent] as const,
      { timeout: timeoutMs, polling: 50 },
    );
  }

  /** The tracker connection state the page shows. */
  trackerStatus() {
    return this.page.getByRole('status', { name: 'Tracker connection' });
  }

  /** Closes this peer's browser context, as closing its tab would. */
  async leave(): Promise<void> {
    await this.context.close();
  }

  /** Per piece, 0 missing, 1 requested, 2 verified, as the piece grid shows them now. */
  async pieceStates(name: string): Promise<number[]> {
    const grid = this.transfer(name).locator('canvas[data-pieces]');
    const states = await grid.getAttribute('data-pieces', { timeout: 10_000 });
    return [...(states ?? '')].map(Number);
  }

  /** Reads the final stats the page shows once a download is complete. */
  async stats(name: string): Promise<PeerStats> {
    const stats = this.transfer(name).getByRole('region', { name: 'Final stats' });
    await stats.waitFor({ timeout: 30_000 });
    return stats.evaluate((root) => {
      const bytesFrom: Record<string, number> = {};
      for (const row of root.querySelectorAll<HTMLElement>(
        'table[aria-label="Bytes received from each peer"] tr[data-peer-id]',
      )) {
        bytesFrom[row.dataset.peerId!] = Number(row.dataset.bytes);
      }
      const messagesByType: Record<string, number> = {};
      for (const row of root.querySelectorAll<HTMLElement>(
        'table[aria-label="Messages sent by type"] tr[data-type]',
      )) {
        messagesByType[row.dataset.type!] = Number(row.dataset.count);
      }
      const elapsed = root.querySelector<HTMLElement>('[data-testid="download-ms"]')!.dataset;
      const sent = root.querySelector<HTMLElement>('[data-testid="messages-sent"]')!.dataset.count;
      const stall = root.querySelector<HTMLElement>('[data-testid="longest-stall"]')!.dataset.ms;
      const first = root.querySelector<HTMLElement>('[data-testid="first-piece-ms"]')!.dataset.ms;
      return {
        downloadMs: Number(elapsed.ms),
        completedAt: Number(elapsed.completedAt),
        messagesSent: Number(sent),
        longestStallMs: Number(stall),
        firstPieceMs: Number(first),
        messagesByType,
        bytesFrom,
      };
    });
  }
}

export interface SwarmOptions {
  peers: number;
  baseURL: string;
  /** Extra query string for every page (e.g. '?ice=…'). */
  query?: string;
  /**
   * Test-only misbehaviour per peer index, planted before the page loads (see
   * web-client/src/worker/fault-injection.ts): `{ 1: { corruptUploads: true } }` makes peer 1 a liar.
   */
  faults?: Record<number, TestFaults>;
  /** Accept the tracker's self-signed certificate (`--https`), as a student clicking through the warning. */
  ignoreHTTPSErrors?: boolean;
  /** The browser's language for every page (e.g. 'pt-BR'); Playwright's default otherwise. */
  locale?: string;
}

export class Swarm {
  private constructor(
    readonly peers: SwarmPeer[],
    private readonly contexts: BrowserContext[],
    private readonly options: SwarmOptions,
  ) {}

  /** Opens `peers` pages, each in a fresh context allowed to use WebRTC on loopback. */
  static async open(browser: Browser, opts: SwarmOptions): Promise<Swarm> {
    return Swarm.openWith(opts, () =>
      browser.newContext({
        acceptDownloads: true,
        ignoreHTTPSErrors: opts.ignoreHTTPSErrors ?? false,
        ...(opts.locale && { locale: opts.locale }),
      }),
    );
  }

  /**
   * Opens each peer as its own browser with a persistent profile under `profilesDir`: OPFS then lives
   * on disk rather than in the browser's memory (with a limit near 1.5 GiB), as for a real user; each
   * tab's renderer is its own process, so its memory can be read from the OS.
   */
  static async openPersistent(profilesDir: string, opts: SwarmOptions): Promise<Swarm> {
    let n = 0;
    return Swarm.openWith(opts, () =>
      chromium.launchPersistentContext(join(profilesDir, `peer-${n++}`), {
        ...launchOptions,
        acceptDownloads: true,
        ignoreHTTPSErrors: opts.ignoreHTTPSErrors ?? false,
      }),
    );
  }

  /** Opens one peer in each of `contexts` (already made, e.g. shared with another measurement). */
  static async openIn(contexts: BrowserContext[], opts: SwarmOptions): Promise<Swarm> {
    let n = 0;
    return Swarm.openWith(opts, async () => contexts[n++]!);
  }

  private static async openWith(
    opts: SwarmOptions,
    newContext: () => Promise<BrowserContext>,
  ): Promise<Swarm> {
    const origin = new URL(opts.baseURL).origin;
    const contexts: BrowserContext[] = [];
    const peers: SwarmPeer[] = [];
    for (let i = 0; i < opts.peers; i++) {
      const context = await newContext();
      // Without camera/microphone permission Chromium offers no 127.0.0.1 ICE candidate, and on a
      // loopback-only machine the channels never open.
      await context.grantPermissions(['camera', 'microphone'], { origin });
      contexts.push(context);
      const faults = opts.faults?.[i];
      if (faults) {
        await context.addInitScript((f) => {
          (window as unknown as { __MINIBIT_TEST_FAULTS__: unknown }).__MINIBIT_TEST_FAULTS__ = f;
        }, faults);
      }
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(`${origin}/${opts.query ?? ''}`);
      peers.push(new SwarmPeer(i, context, page));
    }
    const swarm = new Swarm(peers, contexts, opts);
    await Promise.all(peers.map((p) => p.peerId()));
    return swarm;
  }

  get sharer(): SwarmPeer {
    return this.peers[0]!;
  }

  get leechers(): SwarmPeer[] {
    return this.peers.slice(1);
  }

  /**
   * The whole classic run: peer 0 shares the file, every other peer downloads it and saves it into
   * `dir/peer-N/`. Resolves with each leecher's saved file.
   */
  async shareAndDownloadAll(filePath: string, name: string, dir: string): Promise<SavedFile[]> {
    await this.sharer.share(filePath);
    await Promise.all(this.leechers.map((p) => p.download(name)));
    return Promise.all(this.leechers.map((p) => p.saveDownload(name, join(dir, `peer-${p.index}`))));
  }

  /** Opens one more peer in the same swarm (a late joiner). */
  async addPeer(browser: Browser, baseURL = this.options.baseURL): Promise<SwarmPeer> {
    const { ignoreHTTPSErrors, query } = this.options;
    const [peer] = (await Swarm.open(browser, { peers: 1, baseURL, ignoreHTTPSErrors, query })).peers;
    const added = new SwarmPeer(this.peers.length, peer!.context, peer!.page);
    this.peers.push(added);
    this.contexts.push(peer!.context);
    return added;
  }

  async close(): Promise<void> {
    await Promise.all(this.contexts.map((c) => c.close().catch(() => {})));
  }
}

/**
 * Page-side source of waitComplete's watcher: resolves with the page's clock (epoch milliseconds)
 * once the transfer card labelled `label` holds a Save link. A string, not a function: the bench
 * scripts run under tsx, which wraps named inner functions in a `__name` helper the page lacks (an
 * earlier version failed that way in every bench run and silently fell back to polling).
 */
function saveLinkWatcher(label: string): string {
  return `new Promise((resolve) => {
    const label = ${JSON.stringify(label)};
    const done = () => [...document.querySelectorAll('section.transfer')].some(
      (card) => card.getAttribute('aria-label') === label && card.querySelector('a[download]'));
    const now = () => performance.timeOrigin + performance.now();
    if (done()) return resolve(now());
    const observer = new MutationObserver(() => {
      if (!done()) return;
      observer.disconnect();
      resolve(now());
    });
    observer.observe(document.body, { subtree: true, childList: true });
  })`;
}
