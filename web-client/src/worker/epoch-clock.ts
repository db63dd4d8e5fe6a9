/**
 * The engine's clock in a worker: milliseconds since the epoch, yet monotonic (the worker's time
 * origin plus its monotonic counter; Date.now can step). Epoch-based so that times from different
 * tabs on one machine compare directly: which peer of a swarm finished first, for instance.
 */
export const epochNow = (): number => performance.timeOrigin + performance.now();
