import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebSocket } from 'ws';
import { Heartbeat } from './heartbeat.ts';

/** Who the heartbeat cuts off: sockets that neither pong nor send anything for a whole interval. */

const INTERVAL_MS = 100;

class FakeSocket extends EventEmitter {
  readonly ping = vi.fn();
  readonly terminate = vi.fn();
}

describe('Heartbeat', () => {
  let heartbeat: Heartbeat;
  beforeEach(() => {
    vi.useFakeTimers();
    heartbeat = new Heartbeat(INTERVAL_MS);
  });
  afterEach(() => {
    heartbeat.stop();
    vi.useRealTimers();
  });

  const watched = () => {
    const socket = new FakeSocket();
    const inbound = new EventEmitter();
    heartbeat.watch(
      socket as unknown as WebSocket,
      inbound as { on(event: 'data', listener: () => void): unknown },
    );
    return { socket, inbound };
  };

  it('terminates a socket silent for a whole interval after a ping', () => {
    const { socket } = watched();
    vi.advanceTimersByTime(INTERVAL_MS);
    expect(socket.ping).toHaveBeenCalledTimes(1);
    expect(socket.terminate).not.toHaveBeenCalled();
    vi.advanceTimersByTime(INTERVAL_MS);
    expect(socket.terminate).toHaveBeenCalledTimes(1);
  });

  it('keeps a socket that answers each ping', () => {
    const { socket } = watched();
    for (let beat = 0; beat < 5; beat++) {
      vi.advanceTimersByTime(INTERVAL_MS);
      socket.emit('pong');
    }
    expect(socket.terminate).not.toHaveBeenCalled();
    expect(socket.ping).toHaveBeenCalledTimes(5);
  });

  it('keeps a socket whose pong is stuck behind a long upload, as long as bytes keep arriving', () => {
    // Regression: a page sending one large message over a slow link was cut off mid-upload, because its
    // pong cannot overtake the message in the TCP stream and only pongs counted as signs of life.
    const { socket, inbound } = watched();
    for (let beat = 0; beat < 5; beat++) {
      vi.advanceTimersByTime(INTERVAL_MS);
      inbound.emit('data');
    }
    expect(socket.terminate).not.toHaveBeenCalled();
  });

  it('ignores bytes and pongs from a socket it has forgotten', () => {
    const { socket, inbound } = watched();
    heartbeat.forget(socket as unknown as WebSocket);
    inbound.emit('data');
    socket.emit('pong');
    vi.advanceTimersByTime(3 * INTERVAL_MS);
    expect(socket.ping).not.toHaveBeenCalled();
    expect(socket.terminate).not.toHaveBeenCalled();
  });

  it('spreads the pings over the interval, and still visits each socket once per interval', () => {
    // A longer interval than the other tests: 1000 ms is ten ticks of 100 ms, one tenth of the sockets each.
    heartbeat.stop();
    heartbeat = new Heartbeat(1000);
    const sockets = Array.from({ length: 300 }, () => watched().socket);
    const pinged = () => sockets.reduce((n, s) => n + s.ping.mock.calls.length, 0);
    vi.advanceTimersByTime(100);
    expect(pinged()).toBe(30);
    vi.advanceTimersByTime(900);
    expect(pinged()).toBe(300);
    expect(sockets.every((s) => s.ping.mock.calls.length === 1)).toBe(true);

    // Nine in ten answer; the last 30 stay silent and are cut off at their next visit, slot by slot.
    for (const socket of sockets.slice(0, 270)) socket.emit('pong');
    vi.advanceTimersByTime(100);
    const terminated = () => sockets.filter((s) => s.terminate.mock.calls.length > 0).length;
    expect(terminated()).toBe(3); // three of the silent ones are in the first slot
    vi.advanceTimersByTime(900);
    expect(terminated()).toBe(30);
    expect(sockets.slice(0, 270).some((s) => s.terminate.mock.calls.length > 0)).toBe(false);
  });
});
