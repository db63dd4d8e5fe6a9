import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * What the OS says about a process, from /proc (Linux only): resident memory and its peak, the open
 * file limit and how many files are open, and CPU time. Tracks nothing. The parsers take the file text
 * so tests need no process.
 */

export interface ProcMemory {
  /** VmRSS: resident now. */
  rssBytes: number;
  /** VmHWM: the most it was ever resident. */
  peakRssBytes: number;
}

export function procMemory(pid: number): ProcMemory {
  return parseStatus(readFileSync(`/proc/${pid}/status`, 'utf8'));
}

/** The soft "Max open files" limit: the most file descriptors the process may hold. */
export function openFileLimit(pid: number): number {
  return parseOpenFileLimit(readFileSync(`/proc/${pid}/limits`, 'utf8'));
}

export function openFileCount(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/** User plus system CPU seconds the process has used so far. */
export function cpuSeconds(pid: number): number {
  return parseCpuTicks(readFileSync(`/proc/${pid}/stat`, 'utf8')) / clockTicksPerSecond();
}

export function parseStatus(text: string): ProcMemory {
  const kib = (field: string): number => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(text);
    if (!match) throw new Error(`no ${field} in /proc/<pid>/status`);
    return Number(match[1]) * 1024;
  };
  return { rssBytes: kib('VmRSS'), peakRssBytes: kib('VmHWM') };
}

export function parseOpenFileLimit(text: string): number {
  const match = /^Max open files\s+(\d+|unlimited)\s+/m.exec(text);
  if (!match) throw new Error('no "Max open files" in /proc/<pid>/limits');
  return match[1] === 'unlimited' ? Infinity : Number(match[1]);
}

/** utime + stime, in clock ticks. The command name (field 2) may hold spaces and parentheses. */
export function parseCpuTicks(text: string): number {
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of the line; `fields` starts at field 3 (state).
  return Number(fields[11]) + Number(fields[12]);
}

let ticksPerSecond: number | undefined;
function clockTicksPerSecond(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100; // USER_HZ on every mainstream Linux build
    }
  }
  return ticksPerSecond;
}
