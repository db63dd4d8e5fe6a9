import { readdir, readFile } from 'node:fs/promises';
import { processes } from './process-memory.ts';

/**
 * CPU time of every thread of some Chromium browsers (each started with its own `--user-data-dir`),
 * from /proc (Linux only), grouped by process kind and thread name: "renderer DedicatedWorker", "renderer main",
 * "utility:NetworkService Chrome_ChildIOThread", … Polled, so that threads and processes that end
 * during the window (a page closed) still count up to their last reading.
 */

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

interface ThreadTicks {
  kind: string;
  first: number;
  last: number;
}

/** Where a process sits in Chromium's model: browser, renderer, gpu-process, utility:NetworkService… */
function processKind(cmdline: string): string {
  const type = /--type=(\S+)/.exec(cmdline)?.[1];
  if (!type) return 'browser';
  const sub = /--utility-sub-type=(\S+)/.exec(cmdline)?.[1];
  return sub ? `utility:${sub.split('.').pop()}` : type;
}

async function readThreads(profileDirs: string[], seen: Map<string, ThreadTicks>, initial: boolean) {
  const all = await processes();
  const children = new Map<number, number[]>();
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p.pid]);
  const byPid = new Map(all.map((p) => [p.pid, p]));
  for (const dir of profileDirs) {
    const root = all.find(
      (p) => p.cmdline.includes(`--user-data-dir=${dir}`) && !p.cmdline.includes('--type='),
    );
    const stack = root ? [root.pid] : [];
    while (stack.length > 0) {
      const pid = stack.pop()!;
      stack.push(...(children.get(pid) ?? []));
      const kind = processKind(byPid.get(pid)?.cmdline ?? '');
      try {
        for (const tid of await readdir(`/proc/${pid}/task`)) {
          const stat = await readFile(`/proc/${pid}/task/${tid}/stat`, 'utf8');
          // The name may hold spaces and parentheses; numbered pool threads share one name.
          // A process's main thread carries the executable's name ("chromium").
          const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replace(/\d+$/, '');
          const name = tid === String(pid) ? 'main' : comm;
          const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
          const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime
          const id = `${pid}/${tid}`;
          const known = seen.get(id);
          if (known) known.last = ticks;
          else seen.set(id, { kind: `${kind} ${name}`, first: initial ? ticks : 0, last: ticks });
        }
      } catch {
        // The process or thread ended while we read it.
      }
    }
  }
}

/** Starts counting; `stop()` returns CPU seconds per "process-kind thread-name" since the start. */
export async function sampleThreadCpu(
  profileDirs: string[],
  everyMs = 200,
): Promise<{ stop: () => Promise<Map<string, number>> }> {
  const seen = new Map<string, ThreadTicks>();
  await readThreads(profileDirs, seen, true);
  let running = true;
  const loop = (async () => {
    while (running) {
      await new Promise((r) => setTimeout(r, everyMs));
      await readThreads(profileDirs, seen, false);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      await readThreads(profileDirs, seen, false);
      const seconds = new Map<string, number>();
      for (const t of seen.values())
        seconds.set(t.kind, (seconds.get(t.kind) ?? 0) + (t.last - t.first) / TICKS_PER_SECOND);
      return seconds;
    },
  };
}
