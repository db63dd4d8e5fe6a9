import { describe, expect, it } from 'vitest';
import { forEachInSlices } from './sliced-loop.ts';

const turn = () => new Promise((resolve) => setImmediate(resolve));
const unexpected = (error: unknown) => {
  throw error;
};

describe('forEachInSlices', () => {
  it('runs the first slice at once and one more per turn of the event loop', async () => {
    const seen: number[] = [];
    const loop = forEachInSlices([1, 2, 3, 4, 5], 2, (n) => seen.push(n), unexpected);
    expect(seen).toEqual([1, 2]);
    expect(loop.done).toBe(false);
    await turn();
    expect(seen).toEqual([1, 2, 3, 4]);
    await turn();
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(loop.done).toBe(true);
  });

  it('is done at once when the list fits one slice', () => {
    const seen: string[] = [];
    expect(forEachInSlices(['a', 'b'], 10, (s) => seen.push(s), unexpected).done).toBe(true);
    expect(seen).toEqual(['a', 'b']);
  });

  it('stops when cancelled', async () => {
    const seen: number[] = [];
    const loop = forEachInSlices([1, 2, 3, 4], 1, (n) => seen.push(n), unexpected);
    loop.cancel();
    await turn();
    await turn();
    expect(seen).toEqual([1]);
    expect(loop.done).toBe(true);
  });

  it('reports a throwing item and carries on with the rest', async () => {
    const seen: number[] = [];
    const errors: unknown[] = [];
    forEachInSlices(
      [1, 2, 3],
      1,
      (n) => {
        if (n === 2) throw new Error('boom');
        seen.push(n);
      },
      (error) => errors.push(error),
    );
    await turn();
    await turn();
    expect(seen).toEqual([1, 3]);
    expect(errors).toHaveLength(1);
  });
});
