import type { ChildProcess } from 'node:child_process';
import type { DriverCommand, DriverReply } from './driver-messages.ts';
import { spawnWithFileLimit, stopChild } from './child-processes.ts';
import type { PlannedPeer } from './peer-plan.ts';
import { openFileLimit } from './proc-stats.ts';

/**
 * The client driver processes of one run, seen from the bench: starts them (each with enough file
 * descriptors for its pages), sends each the same command and collects the replies, and stops them.
 * It tracks each driver's process and the reply it is waiting for.
 */

/** Descriptors a driver needs besides its sockets (stdio, IPC, epoll, tsx). */
const DRIVER_SPARE_FILES = 64;
const STOP_GRACE_MS = 3000;

type ReplyOf<K extends DriverReply['reply']> = Extract<DriverReply, { reply: K }>;

class DriverProcess {
  private waiting: { resolve: (reply: DriverReply) => void; reject: (error: Error) => void } | undefined;
  private exitError: Error | undefined;

  constructor(
    readonly child: ChildProcess,
    readonly name: string,
  ) {
    child.on('message', (message: DriverReply) => {
      const waiting = this.waiting;
      this.waiting = undefined;
      waiting?.resolve(message);
    });
    child.once('exit', (code, signal) => {
      this.exitError = new Error(`${name} exited (${signal ?? `code ${code}`})`);
      this.waiting?.reject(this.exitError);
      this.waiting = undefined;
    });
  }

  /** Sends one command and waits for its reply, at most `timeoutMs`. */
  request<K extends DriverReply['reply']>(command: DriverCommand, expected: K, timeoutMs: number) {
    if (this.exitError) return Promise.reject(this.exitError);
    return new Promise<ReplyOf<K>>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${this.name} gave no reply to '${command.command}' in ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiting = {
        resolve: (reply) => {
          clearTimeout(timer);
          if (reply.reply === expected) resolve(reply as ReplyOf<K>);
          else if (reply.reply === 'failed') reject(new Error(`${this.name}: ${reply.message}`));
          else reject(new Error(`${this.name} answered '${reply.reply}' to '${command.command}'`));
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.child.send(command);
    });
  }
}

export class ClientFleet {
  private constructor(private readonly drivers: DriverProcess[]) {}

  /** Starts one driver per entry of `plan` and hands each its pages. */
  static async start(
    plan: PlannedPeer[][],
    setup: { wsUrl: string; swarms: number; piecesPerFile: number; nodeArgs: string[] },
  ): Promise<ClientFleet> {
    const drivers = plan.map((pages, i) => {
      const child = spawnWithFileLimit(
        process.execPath,
        [...setup.nodeArgs, 'tracker-server/bench/client-driver.ts'],
        pages.length + DRIVER_SPARE_FILES,
        // 'advanced' (structured clone) carries the latency arrays faster than JSON.
        { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' },
      );
      return new DriverProcess(child, `client driver ${i}`);
    });
    const fleet = new ClientFleet(drivers);
    try {
      await Promise.all(
        drivers.map(async (driver, i) => {
          await driver.request(
            {
              command: 'setup',
              wsUrl: setup.wsUrl,
              pages: plan[i]!,
              swarms: setup.swarms,
              piecesPerFile: setup.piecesPerFile,
            },
            'ready',
            30_000,
          );
          const limit = openFileLimit(driver.child.pid!);
          if (limit < plan[i]!.length + DRIVER_SPARE_FILES) {
            throw new Error(
              `${driver.name} may open ${limit} files, too few for ${plan[i]!.length} sockets; use more --client-processes`,
            );
          }
        }),
      );
    } catch (error) {
      await fleet.stop();
      throw error;
    }
    return fleet;
  }

  get pids(): number[] {
    return this.drivers.map((d) => d.child.pid!);
  }

  /** Sends each driver its command (`commandFor(i)`) and waits for every reply. */
  all<K extends DriverReply['reply']>(
    commandFor: (driver: number) => DriverCommand,
    expected: K,
    timeoutMs: number,
  ): Promise<ReplyOf<K>[]> {
    return Promise.all(this.drivers.map((d, i) => d.request(commandFor(i), expected, timeoutMs)));
  }

  /** Asks every driver to close its sockets and exit; stops any that does not in time. */
  async stop(): Promise<void> {
    await Promise.all(
      this.drivers.map(async (driver) => {
        try {
          await driver.request({ command: 'close' }, 'closed', 10_000);
        } catch {
          // It is stopped below either way.
        }
        await stopChild(driver.child, STOP_GRACE_MS);
      }),
    );
  }
}
