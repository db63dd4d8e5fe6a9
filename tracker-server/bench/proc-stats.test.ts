import { describe, expect, it } from 'vitest';
import { parseCpuTicks, parseOpenFileLimit, parseStatus } from './proc-stats.ts';

describe('/proc parsers', () => {
  it('reads VmRSS and VmHWM from status', () => {
    const status = 'Name:\tnode\nVmPeak:\t 1000 kB\nVmHWM:\t  107140 kB\nVmRSS:\t   90000 kB\nThreads:\t11\n';
    expect(parseStatus(status)).toEqual({ rssBytes: 90_000 * 1024, peakRssBytes: 107_140 * 1024 });
  });

  it('reads the soft open file limit', () => {
    const limits =
      'Limit                     Soft Limit           Hard Limit           Units     \n' +
      'Max processes             95000                95000                processes \n' +
      'Max open files            20000                65536                files     \n';
    expect(parseOpenFileLimit(limits)).toBe(20_000);
    expect(parseOpenFileLimit(limits.replace('20000  ', 'unlimited'))).toBe(Infinity);
  });

  it('adds utime and stime, even when the command name has spaces and parentheses', () => {
    const stat = '4242 (node (x) y) S 1 4242 4242 0 -1 4194304 100 0 0 0 250 75 0 0 20 0 11 0 5 0 0';
    expect(parseCpuTicks(stat)).toBe(325);
  });
});
