import { describe, expect, it } from 'vitest';
import { FramePool } from './frame-pool.ts';

describe('FramePool', () => {
  it('hands back a buffer given to it, by byte length', () => {
    const pool = new FramePool();
    const a = pool.take(1000);
    const b = pool.take(2000);
    expect(a.byteLength).toBe(1000);
    expect(b.byteLength).toBe(2000);
    pool.give(a);
    pool.give(b);
    expect(pool.take(2000)).toBe(b);
    expect(pool.take(1000)).toBe(a);
    expect(pool.take(1000)).not.toBe(a);
  });

  it('never hands one buffer to two takers', () => {
    const pool = new FramePool();
    const a = pool.take(64);
    pool.give(a);
    const first = pool.take(64);
    const second = pool.take(64);
    expect(first).toBe(a);
    expect(second).not.toBe(a);
  });

  it('drops detached buffers and keeps at most keepPerSize spares per length', () => {
    const pool = new FramePool(2);
    const moved = pool.take(16);
    structuredClone(moved, { transfer: [moved] });
    pool.give(moved);
    expect(pool.spare).toBe(0);
    for (let i = 0; i < 5; i++) pool.give(new ArrayBuffer(16));
    pool.give(new ArrayBuffer(32));
    expect(pool.spare).toBe(3);
  });
});
