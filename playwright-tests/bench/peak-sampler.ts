/**
 * Reads a set of figures every `everyMs` until stopped and keeps the largest of each: for peaks that
 * nothing records for us (a page's JS heap) or that may be reset under us (Chromium's VmHWM). `stop`
 * takes one last reading, so a run shorter than one interval is still measured.
 */
export interface PeakSampler {
  stop: () => Promise<number[]>;
}

export function samplePeaks(count: number, read: () => Promise<number[]>, everyMs = 500): PeakSampler {
  const peaks = Array.from({ length: count }, () => 0);
  const keep = (now: number[]) => now.forEach((value, i) => (peaks[i] = Math.max(peaks[i]!, value)));
  let running = true;
  const loop = (async () => {
    while (running) {
      keep(await read());
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      keep(await read());
      return peaks;
    },
  };
}
