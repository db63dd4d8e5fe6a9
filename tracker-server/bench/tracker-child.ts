import type { ChildProcess } from 'node:child_process';
import { createReadStream, mkdirSync, openSync, closeSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { SOCKET_PATH } from '../src/server.ts';
import { exited, spawnWithFileLimit, stopChild } from './child-processes.ts';
import { cpuSeconds, openFileCount, openFileLimit, type ProcMemory, procMemory } from './proc-stats.ts';

/**
 * The real tracker, as its own process (`tracker-server/src/main.ts`) listening on 127.0.0.1 with a
 * free port, exactly as `npm run serve` starts it: the bench measures that process from the outside.
 * It tracks the child and the file its log goes to.
 *
 * The log goes to a file, not a pipe to the bench: pino writes synchronously, and when a pipe is full
 * (the bench, busy on the same two cores, reads it a little late) it sleeps 100 ms and retries,
 * stalling the tracker for reasons no deployment that logs to a file or journald would see.
 */

const START_LIMIT_MS = 30_000;
const START_POLL_MS = 50;
/** A tracker that takes longer than this to answer GET /health is counted as holding nobody. */
const HEALTH_LIMIT_MS = 15_000;
/** The tracker's own shutdown deadline is 5 s; past that it is killed. */
const STOP_GRACE_MS = 8000;
/** pino levels: 40 warn, 50 error, 60 fatal. */
const WARN_LEVEL = 40;

export interface TrackerLog {
  lines: number;
  /** Warning and error lines, by their `event` field. */
  warnings: Record<string, number>;
}

export class TrackerChild {
  url = '';

  private constructor(
    private readonly child: ChildProcess,
    readonly logPath: string,
  ) {}

  /**
   * `nodeArgs` are node's own flags (they must load tsx); `fileLimit` is the open-file limit asked for
   * (see child-processes.ts for what happens when it cannot be had); its log is written to `logPath`.
   */
  static async start(options: {
    nodeArgs: string[];
    fileLimit: number;
    logLevel: string;
    logPath: string;
  }): Promise<TrackerChild> {
    mkdirSync(dirname(options.logPath), { recursive: true });
    const logFile = openSync(options.logPath, 'w');
    const child = spawnWithFileLimit(
      process.execPath,
      [...options.nodeArgs, 'tracker-server/src/main.ts', '--host', '127.0.0.1', '--port', '0'],
      options.fileLimit,
      { stdio: ['ignore', logFile, 'inherit'], env: { ...process.env, LOG_LEVEL: options.logLevel } },
    );
    closeSync(logFile); // the child has its own copy
    const tracker = new TrackerChild(child, options.logPath);
    try {
      tracker.url = await tracker.announcedUrl();
    } catch (error) {
      await stopChild(child, STOP_GRACE_MS);
      throw error;
    }
    return tracker;
  }

  get pid(): number {
    return this.child.pid!;
  }

  get wsUrl(): string {
    return `${this.url.replace(/^http/, 'ws')}${SOCKET_PATH}`;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  memory(): ProcMemory {
    return procMemory(this.pid);
  }

  cpuSeconds(): number {
    return cpuSeconds(this.pid);
  }

  openFileLimit(): number {
    return openFileLimit(this.pid);
  }

  openFileCount(): number {
    return openFileCount(this.pid);
  }

  /** Sockets the tracker holds, by its GET /health; undefined if it does not answer in time. */
  async peersHeld(): Promise<number | undefined> {
    try {
      const response = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(HEALTH_LIMIT_MS) });
      const body = (await response.json()) as { peers?: unknown };
      return typeof body.peers === 'number' ? body.peers : undefined;
    } catch {
      return undefined;
    }
  }

  /** SIGTERM (the tracker says goodbye to its sockets), SIGKILL if it takes too long. */
  async stop(): Promise<void> {
    await stopChild(this.child, STOP_GRACE_MS);
    await exited(this.child, STOP_GRACE_MS);
  }

  /** Waits for the `MINIBIT_TRACKER_URL=…` line that main.ts prints once it listens. */
  private async announcedUrl(): Promise<string> {
    const deadline = performance.now() + START_LIMIT_MS;
    while (performance.now() < deadline) {
      const announced = /^MINIBIT_TRACKER_URL=(\S+)$/m.exec(readFileSync(this.logPath, 'utf8'));
      if (announced) return announced[1]!;
      if (!this.running) throw new Error(`the tracker exited before listening; see ${this.logPath}`);
      await sleep(START_POLL_MS);
    }
    throw new Error(`the tracker did not start in time; see ${this.logPath}`);
  }
}

/** Lines in a tracker log, and its warning and error lines by event. */
export async function readTrackerLog(path: string): Promise<TrackerLog> {
  const log: TrackerLog = { lines: 0, warnings: {} };
  for await (const line of createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity })) {
    log.lines++;
    const level = /"level":(\d+)/.exec(line);
    if (level && Number(level[1]) >= WARN_LEVEL) {
      const event = /"event":"([^"]*)"/.exec(line)?.[1] ?? 'unnamed';
      log.warnings[event] = (log.warnings[event] ?? 0) + 1;
    }
  }
  return log;
}
