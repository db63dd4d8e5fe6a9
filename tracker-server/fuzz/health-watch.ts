import type { FuzzRecord } from './fuzz-record.ts';

/**
 * Asks the tracker's GET /health every so often for the whole run: the server must keep answering
 * while its sockets are abused. Tracks how many checks passed and the slowest answer.
 */

export interface Health {
  peers: number;
  swarms: number;
}

const HEALTH_TIMEOUT_MS = 3000;

export async function fetchHealth(trackerUrl: string): Promise<Health> {
  const response = await fetch(`${trackerUrl}/health`, { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`GET /health answered ${response.status}`);
  const body = (await response.json()) as Partial<Health & { ok: boolean }>;
  if (body.ok !== true || typeof body.peers !== 'number' || typeof body.swarms !== 'number') {
    throw new Error(`GET /health answered ${JSON.stringify(body)}`);
  }
  return { peers: body.peers, swarms: body.swarms };
}

export class HealthWatch {
  checks = 0;
  failures = 0;
  slowestMs = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pending: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly trackerUrl: string,
    private readonly record: FuzzRecord,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.pending;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.pending = this.check().then(() => this.schedule());
    }, this.intervalMs);
  }

  private async check(): Promise<void> {
    const started = performance.now();
    try {
      await fetchHealth(this.trackerUrl);
      this.checks++;
      this.slowestMs = Math.max(this.slowestMs, performance.now() - started);
    } catch (error) {
      this.failures++;
      this.record.fail(`GET /health failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
