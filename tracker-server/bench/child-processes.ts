import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Starting the bench's child processes (the tracker and the client drivers) with a raised open-file
 * limit, and ending every one of them however the bench ends. It tracks the children still running.
 *
 * Each socket is a file descriptor, and the tracker alone needs one per page plus a few dozen of its
 * own, so 20,000 pages do not fit a default `ulimit -n` of 1024, nor even one of exactly 20,000. Node
 * cannot change its own limits, so each child starts under `sh`, which raises the limit (soft and hard)
 * and then execs node: same pid, so /proc/<pid> and kill(pid) reach node itself. Raising the hard limit
 * needs CAP_SYS_RESOURCE (root normally has it; some containers drop it). Without it, the soft limit
 * is raised as far as the hard one and the bench reads the limit the child really got from
 * /proc/<pid>/limits, so it never counts on descriptors it does not have.
 */

const running = new Set<ChildProcess>();

/** Children run here, so the relative paths in their command lines hold wherever the bench was started. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

const RAISE_AND_EXEC =
  'ulimit -n "$MINIBIT_BENCH_NOFILE" 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec "$@"';

export function spawnWithFileLimit(
  command: string,
  args: string[],
  fileLimit: number,
  options: SpawnOptions,
): ChildProcess {
  const child = spawn('sh', ['-c', RAISE_AND_EXEC, 'sh', command, ...args], {
    cwd: REPO_ROOT,
    ...options,
    env: { ...(options.env ?? process.env), MINIBIT_BENCH_NOFILE: String(fileLimit) },
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** Resolves once the child has exited, or after `ms`. True when it exited. */
export function exited(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Asks nicely, then insists: SIGTERM, and SIGKILL if it has not exited after `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  if (!(await exited(child, graceMs))) {
    child.kill('SIGKILL');
    await exited(child, graceMs);
  }
}

/** SIGKILLs every child still running, by pid; synchronous, so it works in an 'exit' handler. */
export function killAllChildren(): void {
  for (const child of running) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  running.clear();
}
