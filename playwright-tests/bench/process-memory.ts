import { readdir, readFile } from 'node:fs/promises';
import { samplePeaks } from './peak-sampler.ts';

/**
 * Memory of Chromium processes as the OS sees it (/proc, Linux only). A tab's page and its dedicated
 * worker live in one renderer process, so that process's peak resident size (VmHWM) is the tab's
 * peak memory, whatever the JS heaps say.
 */

export interface Proc {
  pid: number;
  ppid: number;
  cmdline: string;
}

export async function processes(): Promise<Proc[]> {
  const out: Proc[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      // The command name may hold spaces and parentheses: fields resume after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmdline = (await readFile(`/proc/${entry}/cmdline`, 'utf8')).replaceAll('\0', ' ');
      out.push({ pid: Number(entry), ppid, cmdline });
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

/** Renderer processes descending from the browser started with `--user-data-dir=<profileDir>`. */
export async function rendererPids(profileDir: string): Promise<number[]> {
  const all = await processes();
  const root = all.find(
    (p) => p.cmdline.includes(`--user-data-dir=${profileDir}`) && !p.cmdline.includes('--type='),
  );
  if (!root) return [];
  const children = new Map<number, Proc[]>();
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const found: number[] = [];
  const walk = (pid: number) => {
    for (const c of children.get(pid) ?? []) {
      if (c.cmdline.includes('--type=renderer')) found.push(c.pid);
      walk(c.pid);
    }
  };
  walk(root.pid);
  return found;
}

/**
 * VmHWM (peak resident set), VmRSS and RssAnon of a process, in bytes. RssAnon is the private part:
 * the resident set also counts the pages of Chromium's own code and data files (RssFile), shared by
 * all its processes, about 110 MiB in an idle tab's renderer and 140 MiB in a busy one.
 */
export async function residentBytes(pid: number): Promise<{ peak: number; now: number; anon: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { peak: kib('VmHWM'), now: kib('VmRSS'), anon: kib('RssAnon') };
}

/**
 * The largest peak among a browser's renderers (with one page per browser, that page's process), and
 * the largest private (anonymous) memory among them now.
 */
export async function rendererBytes(profileDir: string): Promise<{ peak: number; anon: number }> {
  let peak = 0;
  let anon = 0;
  for (const pid of await rendererPids(profileDir)) {
    try {
      const r = await residentBytes(pid);
      peak = Math.max(peak, r.peak);
      anon = Math.max(anon, r.anon);
    } catch {
      // gone
    }
  }
  return { peak, anon };
}

/**
 * Reads each browser's {@link rendererBytes} every `everyMs` until stopped and returns, per browser,
 * the largest VmHWM and the largest private memory seen. Chromium resets its processes' VmHWM itself
 * (it writes to `/proc/<pid>/clear_refs` about a minute after launch, for its own peak tracking), so
 * one reading at the end misses any peak before that reset: the sharer's hashing peak of a 1 GiB file
 * (683 MiB once) read as 264 MiB. The private memory is a current value, so a peak between two
 * readings is missed.
 */
export function sampleRendererPeaks(
  profileDirs: string[],
  everyMs = 500,
): { stop: () => Promise<{ peak: number[]; anon: number[] }> } {
  const n = profileDirs.length;
  const sampler = samplePeaks(
    2 * n,
    async () => {
      const now = await Promise.all(profileDirs.map((dir) => rendererBytes(dir)));
      return [...now.map((r) => r.peak), ...now.map((r) => r.anon)];
    },
    everyMs,
  );
  return {
    stop: async () => {
      const all = await sampler.stop();
      return { peak: all.slice(0, n), anon: all.slice(n) };
    },
  };
}
