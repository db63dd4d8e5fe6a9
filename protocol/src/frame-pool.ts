/**
 * Reusable buffers, by byte length: for outgoing block frames, and (a separate pool) for the pieces
 * an engine reads back from its store to hash. Every
 * block sent used to be two fresh ArrayBuffers (the bytes read from storage, then the frame they
 * were copied into), about 35 MiB/s of garbage on a sharer, and a tab's private memory climbed by
 * ~75 MiB between collections. With a pool the block
 * is read straight into a frame, and the frame comes back once the channel has copied it out.
 *
 * Ownership: `take` hands a buffer out; whoever holds it last gives it back, or drops it (a frame
 * transferred to another thread is detached and simply never returns; the pool allocates anew).
 */
export class FramePool {
  private readonly free = new Map<number, ArrayBuffer[]>();

  /** @param keepPerSize spare buffers kept per byte length; more are left to the collector */
  constructor(private readonly keepPerSize = 64) {}

  take(byteLength: number): ArrayBuffer {
    return this.free.get(byteLength)?.pop() ?? new ArrayBuffer(byteLength);
  }

  give(buffer: ArrayBuffer): void {
    // A detached buffer (transferred away) reads as 0 bytes: nothing to keep.
    if (buffer.byteLength === 0) return;
    let list = this.free.get(buffer.byteLength);
    if (!list) this.free.set(buffer.byteLength, (list = []));
    if (list.length < this.keepPerSize) list.push(buffer);
  }

  /** Spare buffers held now, over all sizes (for tests and the curious). */
  get spare(): number {
    let n = 0;
    for (const list of this.free.values()) n += list.length;
    return n;
  }
}
