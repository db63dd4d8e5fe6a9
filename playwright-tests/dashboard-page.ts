import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Locator, Page } from '@playwright/test';
import type { SwarmSettings } from '@minibit/protocol';
import type { SwarmPeer } from './swarm-harness.ts';

/**
 * Drives the teacher's dashboard page (/dashboard#key=…) through its real UI, shares from a peer page
 * with swarm settings, and reads what a peer page says about the swarm's settings. Used by
 * dashboard.spec.ts, share-settings.spec.ts and the screenshot script.
 */

export interface DashboardRow {
  peerId: string;
  have: number;
  complete: boolean;
  freeRider: boolean;
}

/** The settings form's fields, by their English labels. */
export interface SettingsInput {
  strategy?: 'rarest-first' | 'random' | 'sequential';
  choking?: 'tit-for-tat' | 'unchoke-all';
  /** As typed. */
  regularSlots?: string;
  /** As typed. */
  optimisticSlots?: string;
  /** Seconds, as typed. */
  rechokeSeconds?: string;
  /** MB/s as typed (1 MB = 1,000,000 bytes); '' for no cap. */
  uploadCapMB?: string;
}

/** Fills a settings form (the dashboard's or the share panel's): the fields `input` names. */
export async function fillSettings(form: Locator, input: SettingsInput): Promise<void> {
  if (input.strategy) await form.getByLabel('Piece selection').selectOption(input.strategy);
  if (input.choking) await form.getByLabel('Choking').selectOption(input.choking);
  if (input.regularSlots !== undefined)
    await form.getByLabel('Regular unchoke slots').fill(input.regularSlots);
  if (input.optimisticSlots !== undefined)
    await form.getByLabel('Optimistic unchoke slots').fill(input.optimisticSlots);
  if (input.rechokeSeconds !== undefined)
    await form.getByLabel('Rechoke every (s)').fill(input.rechokeSeconds);
  if (input.uploadCapMB !== undefined)
    await form.getByLabel('Upload cap per peer (MB/s)').fill(input.uploadCapMB);
}

/** The share panel's settings form, opened (it starts collapsed). */
export async function openShareSettings(peer: SwarmPeer): Promise<Locator> {
  const form = peer.page.getByRole('form', { name: 'Swarm settings', exact: true });
  if (!(await form.isVisible())) await peer.page.getByText('Swarm settings (optional)').click();
  await form.waitFor({ timeout: 10_000 });
  return form;
}

/** Shares a file from a peer page with the swarm settings `input` picked in its share panel. */
export async function shareWithSettings(
  peer: SwarmPeer,
  filePath: string,
  input: SettingsInput,
): Promise<void> {
  await fillSettings(await openShareSettings(peer), input);
  await peer.share(filePath);
}

export class DashboardPage {
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
  ) {}

  /** Opens the dashboard in its own browser context, with `key` in the fragment as the tracker prints it. */
  static async open(browser: Browser, trackerUrl: string, key: string): Promise<DashboardPage> {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${trackerUrl}/dashboard#key=${key}`);
    return new DashboardPage(context, page);
  }

  connection() {
    return this.page.getByRole('status', { name: 'Tracker connection' });
  }

  swarm(name: string) {
    return this.page.getByRole('region', { name: `Swarm: ${name}`, exact: true });
  }

  /** The peers listed for a swarm, as the table's rows say. */
  async rows(name: string): Promise<DashboardRow[]> {
    return this.swarm(name)
      .locator('tr[data-peer-id]')
      .evaluateAll((rows) =>
        rows.map((row) => {
          const d = (row as HTMLElement).dataset;
          return {
            peerId: d.peerId!,
            have: Number(d.have),
            complete: d.complete === 'true',
            freeRider: d.freeRider === 'true',
          };
        }),
      );
  }

  /** Per piece, how many peers hold it, as the heatmap's canvas says. */
  async availability(name: string): Promise<number[]> {
    const text = await this.swarm(name)
      .locator('canvas[data-availability]')
      .getAttribute('data-availability');
    return text ? text.split(',').map(Number) : [];
  }

  /** A swarm's settings form. */
  settingsForm(name: string): Locator {
    return this.swarm(name).getByRole('form', { name: 'Settings' });
  }

  /** Fills the swarm's settings form, submits it and waits for the tracker's answer. */
  async applySettings(name: string, input: SettingsInput): Promise<void> {
    const form = this.settingsForm(name);
    await fillSettings(form, input);
    await form.getByRole('button', { name: 'Apply to the swarm' }).click();
    await this.swarm(name).getByRole('status').filter({ hasText: 'Applied' }).waitFor({ timeout: 30_000 });
  }

  /** Ticks (or clears) a peer's free-rider box and waits until the tracker's state shows it. */
  async setFreeRider(name: string, peerId: string, on: boolean): Promise<void> {
    const box = this.swarm(name).getByRole('checkbox', { name: `Free rider: ${peerId}`, exact: true });
    await box.setChecked(on, { timeout: 60_000 });
    await this.swarm(name)
      .locator(`tr[data-peer-id="${peerId}"][data-free-rider="${on}"]`)
      .waitFor({ timeout: 30_000 });
  }

  /**
   * Starts a pre-distribution of `percent` of the pieces and waits until the tracker accepted it;
   * returns the panel (its data-predistribution says 'ready/peers' while it runs, 'none' after).
   */
  async predistribute(name: string, percent: number): Promise<Locator> {
    const panel = this.swarm(name).getByRole('form', { name: 'Pre-distribution' });
    await panel.getByLabel('Share of the pieces').fill(String(percent));
    await panel.getByRole('button', { name: 'Pre-distribute' }).click();
    return panel;
  }

  /** The join URL drawn as the QR code, decoded from the SVG on a canvas with jsQR, in the page. */
  async decodeQr(): Promise<string | null> {
    const jsQrPath = createRequire(import.meta.url).resolve('jsqr');
    await this.page.addScriptTag({ path: jsQrPath });
    const svg = this.page.getByRole('img', { name: /^QR code of / }).locator('svg');
    await svg.waitFor({ timeout: 30_000 });
    return svg.evaluate(async (element) => {
      const size = 400;
      const text = new XMLSerializer().serializeToString(element);
      const image = new Image(size, size);
      image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = size;
      canvas.height = size;
      const ctx = canvas.getContext('2d')!;
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, size, size);
      ctx.drawImage(image, 0, 0, size, size);
      const { data } = ctx.getImageData(0, 0, size, size);
      type JsQr = (d: Uint8ClampedArray, w: number, h: number) => { data: string } | null;
      const jsQR = (window as unknown as { jsQR: JsQr }).jsQR;
      return jsQR(data, size, size)?.data ?? null;
    });
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => {});
  }
}

/** The swarm's settings in force in a peer's engine, as its transfer card says (null before it opens). */
export async function peerSettings(
  peer: SwarmPeer,
  name: string,
): Promise<{ settings: SwarmSettings; freeRider: boolean } | null> {
  const card = peer.transfer(name);
  const settings = await card.getAttribute('data-settings', { timeout: 30_000 });
  const freeRider = await card.getAttribute('data-free-rider', { timeout: 30_000 });
  return settings
    ? { settings: JSON.parse(settings) as SwarmSettings, freeRider: freeRider === 'true' }
    : null;
}
