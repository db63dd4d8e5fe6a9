import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * A real tracker process on loopback that a test can kill and start again on the same port (the
 * Playwright config's webServer serves the other tests and cannot be restarted mid-test).
 */
export class TrackerProcess {
  private child: ChildProcess | null = null;

  private constructor(
    public url: string,
    private readonly args: string[],
  ) {}

  /**
   * Starts a tracker on `port` (0: any free port) and resolves once it listens. `args` are more
   * command-line flags (e.g. ['--https']), kept for restarts.
   */
  static async start(port = 0, args: string[] = []): Promise<TrackerProcess> {
    const tracker = new TrackerProcess('', args);
    await tracker.launch(port);
    return tracker;
  }

  get port(): number {
    return Number(new URL(this.url).port);
  }

  /** Kills the process abruptly (SIGKILL: no goodbye to the sockets, as a crash would). */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    this.child = null;
  }

  /** Starts it again on the same port. */
  async restart(): Promise<void> {
    await this.kill();
    await this.launch(this.port);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    this.child = null;
  }

  private launch(port: number): Promise<void> {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'tracker-server/src/main.ts',
        '--host',
        '127.0.0.1',
        '--port',
        String(port),
        ...this.args,
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, LOG_LEVEL: 'warn' } },
    );
    this.child = child;
    return new Promise((resolve, reject) => {
      let buffered = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const match = /MINIBIT_TRACKER_URL=(\S+)/.exec(buffered);
        if (match && !this.url.endsWith(`:${new URL(match[1]!).port}`)) this.url = match[1]!;
        if (match) resolve();
      });
      child.once('exit', (code) => reject(new Error(`tracker exited with code ${code}`)));
    });
  }
}
