import type { WebSocket } from 'ws';

/**
 * Ping/pong liveness for open sockets. It tracks, per socket, whether a pong came back since the last
 * ping. Each interval a socket that stayed silent is terminated (its 'close' handler then announces
 * the departure, like any disconnect); every other socket is pinged again. A page whose tab was
 * killed or whose network vanished thus leaves its swarms within two intervals.
 */
export class Heartbeat {
  private readonly answered = new Map<WebSocket, boolean>();
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(intervalMs: number) {
    this.timer = setInterval(() => this.beat(), intervalMs);
    this.timer.unref?.();
  }

  watch(socket: WebSocket): void {
    this.answered.set(socket, true);
    socket.on('pong', () => {
      if (this.answered.has(socket)) this.answered.set(socket, true);
    });
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
