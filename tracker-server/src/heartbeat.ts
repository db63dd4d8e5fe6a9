import type { WebSocket } from 'ws';

/**
 * Ping/pong liveness for open sockets. It tracks, per socket, whether anything came back since the last
 * ping: a pong, or any bytes at all. A page uploading one large message cannot answer a ping until that
 * message is through (its pong queues behind the message in the same TCP stream), yet it is plainly
 * there; counting only pongs cut such pages off mid-upload. Each interval a socket that stayed silent
 * is terminated (its 'close' handler then announces the departure, like any disconnect); every other
 * socket is pinged again. A page whose tab was killed or whose network vanished thus leaves its swarms
 * within two intervals.
 */

/** Where a socket's raw bytes arrive (the HTTP request's TCP or TLS socket): any of them proves the page is there. */
export interface InboundBytes {
  on(event: 'data', listener: () => void): unknown;
}

export class Heartbeat {
  private readonly answered = new Map<WebSocket, boolean>();
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(intervalMs: number) {
    this.timer = setInterval(() => this.beat(), intervalMs);
    this.timer.unref?.();
  }

  watch(socket: WebSocket, inbound?: InboundBytes): void {
    this.answered.set(socket, true);
    const heard = () => {
      if (this.answered.has(socket)) this.answered.set(socket, true);
    };
    socket.on('pong', heard);
    inbound?.on('data', heard);
  }

  forget(socket: WebSocket): void {
    this.answered.delete(socket);
  }

  stop(): void {
    clearInterval(this.timer);
    this.answered.clear();
  }

  private beat(): void {
    for (const [socket, answered] of this.answered) {
      if (!answered) {
        this.answered.delete(socket);
        socket.terminate();
        continue;
      }
      this.answered.set(socket, false);
      try {
        socket.ping();
      } catch {
        // A socket that cannot be pinged is closing already; its 'close' handler cleans up.
      }
    }
  }
}
