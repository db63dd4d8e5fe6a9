import type { WebSocket } from 'ws';

/**
 * Ping/pong liveness for open sockets. It tracks, per socket, whether anything came back since the last
 * ping: a pong, or any bytes at all. A page uploading one large message cannot answer a ping until that
 * message is through (its pong queues behind the message in the same TCP stream), yet it is plainly
 * there; counting only pongs cut such pages off mid-upload. Once per interval a socket that stayed
 * silent is terminated (its 'close' handler then announces the departure, like any disconnect); every
 * other socket is pinged again. A page whose tab was killed or whose network vanished thus leaves its
 * swarms within two intervals.
 *
 * Sockets are dealt round-robin into slots, one slot per ~TICK_MS of the interval, and each tick visits
 * one slot: every socket is still visited once per interval, but the work is spread over it. Visiting
 * all sockets at once stalled the tracker for ~0.5–1 s every interval with 20,000 of them, and every
 * signal relayed meanwhile waited that long.
 */

/** Where a socket's raw bytes arrive (the HTTP request's TCP or TLS socket): any of them proves the page is there. */
export interface InboundBytes {
  on(event: 'data', listener: () => void): unknown;
}

/** About how often a tick visits its slot. */
const TICK_MS = 100;

interface Watch {
  slot: number;
  /** Anything heard since the last ping. */
  answered: boolean;
}

export class Heartbeat {
  private readonly watches = new Map<WebSocket, Watch>();
  /** The sockets of each slot; tick k visits slot k mod slots.length. */
  private readonly slots: Set<WebSocket>[];
  private readonly timer: ReturnType<typeof setInterval>;
  private nextSlot = 0;
  private ticks = 0;

  constructor(intervalMs: number) {
    const slotCount = Math.max(1, Math.floor(intervalMs / TICK_MS));
    this.slots = Array.from({ length: slotCount }, () => new Set());
    this.timer = setInterval(() => this.tick(), intervalMs / slotCount);
    this.timer.unref?.();
  }

  watch(socket: WebSocket, inbound?: InboundBytes): void {
    const watch: Watch = { slot: this.nextSlot, answered: true };
    this.nextSlot = (this.nextSlot + 1) % this.slots.length;
    this.watches.set(socket, watch);
    this.slots[watch.slot]!.add(socket);
    // After forget() the watch is no longer looked at, so a late pong or byte changes nothing.
    const heard = () => {
      watch.answered = true;
    };
    socket.on('pong', heard);
    inbound?.on('data', heard);
  }

  forget(socket: WebSocket): void {
    const watch = this.watches.get(socket);
    if (!watch) return;
    this.watches.delete(socket);
    this.slots[watch.slot]!.delete(socket);
  }

  stop(): void {
    clearInterval(this.timer);
    this.watches.clear();
    for (const slot of this.slots) slot.clear();
  }

  private tick(): void {
    const slot = this.slots[this.ticks++ % this.slots.length]!;
    for (const socket of slot) {
      const watch = this.watches.get(socket)!;
      if (!watch.answered) {
        this.forget(socket);
        socket.terminate();
        continue;
      }
      watch.answered = false;
      try {
        socket.ping();
      } catch {
        // A socket that cannot be pinged is closing already; its 'close' handler cleans up.
      }
    }
  }
}
