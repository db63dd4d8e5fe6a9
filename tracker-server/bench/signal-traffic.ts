import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import type { SignalReport } from './driver-messages.ts';

/**
 * The steady signalling load of one driver: every tick it sends the signals due so far at `perSecond`,
 * each from a random page to a random other page of the same swarm, and it matches what arrives
 * against what was sent. It tracks the signals in flight by sequence number, with who must receive
 * them and from whom. Sender and receiver live in this process, so the timestamp in the payload and
 * the receive time come from one clock (performance.now).
 */

/** A page that is in a swarm and can send and receive signals. */
export interface SignalPage {
  id: string;
  swarmId: string;
  socket: WebSocket;
}

/** About the size of a data-channel-only SDP offer: what simple-peer really sends first. */
const FAKE_SDP = `v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n${'a=x-bench-padding\r\n'.repeat(28)}`;
/** One tick every this many ms; each sends the signals due since the last (a few at 1000/s). */
const TICK_MS = 5;
const DRAIN_POLL_MS = 20;

interface InFlight {
  to: SignalPage;
  from: string;
}

export class SignalTraffic {
  private readonly inFlight = new Map<number, InFlight>();
  private nextSeq = 0;
  private sent = 0;
  private delivered = 0;
  private misrouted = 0;
  private readonly latencyMs: number[] = [];

  /** `swarms`: the pages of each swarm that are in it, at least two per swarm. */
  constructor(private readonly swarms: readonly (readonly SignalPage[])[]) {
    if (swarms.length === 0) throw new Error('no swarm with two pages in it to signal between');
  }

  async run(perSecond: number, seconds: number, drainMs: number): Promise<SignalReport> {
    const senders = this.swarms.flatMap((pages) => pages.map((page) => ({ page, mates: pages })));
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    const startedAt = performance.now();
    const endAt = startedAt + seconds * 1000;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const now = performance.now();
        const due = Math.floor((perSecond * (Math.min(now, endAt) - startedAt)) / 1000);
        while (this.sent < due) {
          const { page, mates } = senders[randomIndex(senders.length)]!;
          this.send(page, otherThan(page, mates));
        }
        if (now >= endAt) {
          clearInterval(timer);
          resolve();
        }
      }, TICK_MS);
    });
    const sendingMs = performance.now() - startedAt;
    const drainUntil = performance.now() + drainMs;
    while (this.inFlight.size > 0 && performance.now() < drainUntil) {
      await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
    }
    loop.disable();
    return {
      sent: this.sent,
      delivered: this.delivered,
      lost: this.inFlight.size,
      misrouted: this.misrouted,
      latencyMs: this.latencyMs,
      elapsedMs: sendingMs,
      loopDelayP99Ms: loop.percentile(99) / 1e6,
      loopDelayMaxMs: loop.max / 1e6,
    };
  }

  /** A 'signal' frame arrived at `page`. */
  received(page: SignalPage, frame: Buffer): void {
    const receivedAt = performance.now();
    const message = JSON.parse(frame.toString('utf8')) as {
      from: string;
      data: { seq: number; sentAt: number };
    };
    const expected = this.inFlight.get(message.data.seq);
    if (!expected || expected.to !== page || expected.from !== message.from) {
      this.misrouted++;
      return;
    }
    this.inFlight.delete(message.data.seq);
    this.delivered++;
    this.latencyMs.push(receivedAt - message.data.sentAt);
  }

  private send(from: SignalPage, to: SignalPage): void {
    const seq = this.nextSeq++;
    this.sent++;
    this.inFlight.set(seq, { to, from: from.id });
    // A closed sender's signal is never delivered: it stays in flight and is reported lost.
    if (from.socket.readyState !== WebSocket.OPEN) return;
    const data = { type: 'offer', seq, sentAt: performance.now(), sdp: FAKE_SDP };
    from.socket.send(JSON.stringify({ type: 'signal', swarmId: from.swarmId, to: to.id, data }));
  }
}

function randomIndex(length: number): number {
  return Math.floor(Math.random() * length);
}

function otherThan<T>(self: T, pool: readonly T[]): T {
  // Pools hold at least two, so this ends quickly.
  for (;;) {
    const pick = pool[randomIndex(pool.length)]!;
    if (pick !== self) return pick;
  }
}
