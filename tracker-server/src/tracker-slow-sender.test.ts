import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { testManifest, trackerTestBed } from './test-fixtures.ts';

/**
 * A page on a slow uplink sending one large message: it cannot answer pings until the message is
 * through, since its pong queues behind it in the same TCP stream. The tracker must not take it for dead.
 * The client here speaks raw WebSocket so the upload can be paced byte by byte; it never answers a ping.
 */

describe('tracker and a slow sender', () => {
  const bed = trackerTestBed();

  it('keeps a socket that is still sending one large message across several ping intervals', async () => {
    const pingIntervalMs = 100;
    const tracker = await bed.start({ pingIntervalMs });
    const page = await rawWebSocket(tracker.port);

    // A share of a 4,000-piece manifest (~270 KB), sent over ~1 s: ten ping intervals.
    const manifest = testManifest('slow.bin', 4000 * 16_384, 16_384);
    const payload = Buffer.from(JSON.stringify({ type: 'share', manifest }));
    page.socket.write(maskedTextFrameHeader(payload.length));
    const chunks = 25;
    for (let i = 0; i < chunks; i++) {
      page.socket.write(payload.subarray((i * payload.length) / chunks, ((i + 1) * payload.length) / chunks));
      await sleep(pingIntervalMs / 2.5);
    }

    await expect(page.received('"type":"joined"')).resolves.toBe(true);
    expect(page.closed()).toBe(false);
    page.socket.destroy();
  });
});

/** A TCP socket that has completed the WebSocket handshake on /ws, and what the tracker sent on it. */
async function rawWebSocket(port: number) {
  const socket: Socket = connect(port, '127.0.0.1');
  let text = '';
  let closed = false;
  socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
  socket.on('close', () => (closed = true));
  socket.on('error', () => {});
  socket.write(
    'GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
  );
  const received = async (needle: string, limitMs = 5000): Promise<boolean> => {
    for (const started = Date.now(); Date.now() - started < limitMs; await sleep(10)) {
      if (text.includes(needle)) return true;
      if (closed) return false;
    }
    return false;
  };
  if (!(await received('"type":"welcome"'))) throw new Error(`no welcome: ${text.slice(0, 200)}`);
  return { socket, received, closed: () => closed };
}

/**
 * The header of one masked text frame (FIN, opcode 1, 64-bit length) with an all-zero mask key, so the
 * payload goes on the wire as it is (RFC 6455 §5.3: clients must mask; a zero key is a valid key).
 */
function maskedTextFrameHeader(length: number): Buffer {
  const header = Buffer.alloc(14);
  header[0] = 0x81;
  header[1] = 0x80 | 127;
  header.writeBigUInt64BE(BigInt(length), 2);
  return header; // bytes 10–13: the mask key, all zero
}
