/**
 * Calls a function for each item of a list, a slice at a time, letting the event loop run between
 * slices (setImmediate), so a long loop never holds up the messages waiting behind it. It tracks where
 * it is and whether it was cancelled. The first slice runs at once, so a short list is done before
 * forEachInSlices returns. Used for catalog broadcasts: sending 26 KiB to each of 20,000 sockets in one
 * loop took the tracker about a second, and every signal relayed meanwhile waited for it.
 */

export interface SlicedLoop {
  /** Stops before the next slice (items not reached yet are skipped). */
  cancel(): void;
  readonly done: boolean;
}

export function forEachInSlices<T>(
  items: readonly T[],
  perSlice: number,
  each: (item: T) => void,
  onError: (error: unknown) => void,
): SlicedLoop {
  const size = Math.max(1, Math.floor(perSlice));
  let next = 0;
  let cancelled = false;
  const loop: SlicedLoop = {
    cancel: () => {
      cancelled = true;
    },
    get done() {
      return cancelled || next >= items.length;
    },
  };
  const slice = () => {
    if (cancelled) return;
    const end = Math.min(items.length, next + size);
    for (; next < end; next++) {
      try {
        each(items[next]!);
      } catch (error) {
        // Later slices run from setImmediate, where a throw would take the process down.
        onError(error);
      }
    }
    if (next < items.length) setImmediate(slice);
  };
  slice();
  return loop;
}
