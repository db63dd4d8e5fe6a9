import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from '@playwright/test';

/**
 * The floor a swarm is measured against: one page sending `bytes` to each of `receivers` pages at
 * once over plain RTCDataChannels, with the same backpressure MiniBit uses and nothing else — no
 * tracker, no engine, no hashing, no worker. Each page is its own browser context, as in the swarm.
 */

export interface FloorOptions {
  receivers: number;
  bytes: number;
  /** Bytes per channel message (MiniBit's block size, by default). */
  messageBytes: number;
  /** Contexts to use instead of browser.newContext() (e.g. persistent ones); one per page. */
  contexts?: BrowserContext[];
}

export interface FloorResult {
  /** From the sender's first send to the last receiver's last byte, by the pages' clocks. */
  ms: number;
  /** The same as Node saw it (includes the DevTools round trips that start and report it). */
  nodeMs: number;
  /** Payload bytes delivered to all receivers together. */
  totalBytes: number;
}

/** A blank page on loopback: an origin to grant camera/microphone to (for 127.0.0.1 ICE candidates). */
async function blankOrigin(): Promise<{ origin: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>MiniBit floor</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

type Sdp = { type: RTCSdpType; sdp: string };

export async function measureRawFloor(browser: Browser | null, opts: FloorOptions): Promise<FloorResult> {
  const { origin, server } = await blankOrigin();
  const owned: BrowserContext[] = [];
  const pages: Page[] = [];
  try {
    for (let i = 0; i <= opts.receivers; i++) {
      let context = opts.contexts?.[i];
      if (!context) {
        if (!browser) throw new Error('measureRawFloor needs a browser or one context per page');
        context = await browser.newContext();
        owned.push(context);
      }
      await context.grantPermissions(['camera', 'microphone'], { origin });
      const page = await context.newPage();
      await page.goto(origin);
      pages.push(page);
    }
    const [sender, ...receivers] = pages as [Page, ...Page[]];

    // Non-trickle signalling through Playwright: each side waits for ICE gathering to finish.
    for (const [i, receiver] of receivers.entries()) {
      const offer = await sender.evaluate(async (index): Promise<Sdp> => {
        const pc = new RTCPeerConnection({ iceServers: [] });
        const dc = pc.createDataChannel('floor', { ordered: true });
        dc.binaryType = 'arraybuffer';
        const w = window as unknown as { floor: { pcs: RTCPeerConnection[]; dcs: RTCDataChannel[] } };
        w.floor ??= { pcs: [], dcs: [] };
        w.floor.pcs[index] = pc;
        w.floor.dcs[index] = dc;
        await pc.setLocalDescription(await pc.createOffer());
        await new Promise<void>((resolve) => {
          if (pc.iceGatheringState === 'complete') resolve();
          pc.addEventListener('icegatheringstatechange', () => {
            if (pc.iceGatheringState === 'complete') resolve();
          });
        });
        return pc.localDescription!.toJSON() as Sdp;
      }, i);
      const answer = await receiver.evaluate(
        async ({ offer, bytes }): Promise<Sdp> => {
          const pc = new RTCPeerConnection({ iceServers: [] });
          const w = window as unknown as { floorDone: Promise<number>; floorPc: RTCPeerConnection };
          w.floorPc = pc;
          w.floorDone = new Promise<number>((resolve) => {
            pc.addEventListener('datachannel', ({ channel }) => {
              channel.binaryType = 'arraybuffer';
              let got = 0;
              channel.addEventListener('message', (e: MessageEvent<ArrayBuffer>) => {
                got += e.data.byteLength;
                if (got >= bytes) resolve(performance.timeOrigin + performance.now());
              });
            });
          });
          await pc.setRemoteDescription(offer);
          await pc.setLocalDescription(await pc.createAnswer());
          await new Promise<void>((resolve) => {
            if (pc.iceGatheringState === 'complete') resolve();
            pc.addEventListener('icegatheringstatechange', () => {
              if (pc.iceGatheringState === 'complete') resolve();
            });
          });
          return pc.localDescription!.toJSON() as Sdp;
        },
        { offer, bytes: opts.bytes },
      );
      await sender.evaluate(
        async ({ index, answer }) => {
          const w = window as unknown as { floor: { pcs: RTCPeerConnection[]; dcs: RTCDataChannel[] } };
          await w.floor.pcs[index]!.setRemoteDescription(answer);
          const dc = w.floor.dcs[index]!;
          if (dc.readyState !== 'open')
            await new Promise((resolve) => dc.addEventListener('open', resolve, { once: true }));
        },
        { index: i, answer },
      );
    }

    const done = Promise.all(
      receivers.map((r) => r.evaluate(() => (window as unknown as { floorDone: Promise<number> }).floorDone)),
    );
    done.catch(() => {}); // if sending fails, that error is the one to report
    const started = Date.now();
    // The same backpressure as MiniBit's ChannelSender: fill to a high-water mark, refill when low.
    const sentFrom = await sender.evaluate(
      async ({ bytes, messageBytes }) => {
        const from = performance.timeOrigin + performance.now();
        const HIGH = 4 * 1024 * 1024;
        const LOW = 1024 * 1024;
        const w = window as unknown as { floor: { dcs: RTCDataChannel[] } };
        await Promise.all(
          w.floor.dcs.map(
            (dc) =>
              new Promise<void>((resolve) => {
                let sent = 0;
                dc.bufferedAmountLowThreshold = LOW;
                // No named inner functions: tsx would wrap them in a helper the page does not have.
                dc.addEventListener('bufferedamountlow', () => {
                  while (sent < bytes && dc.bufferedAmount < HIGH) {
                    const n = Math.min(messageBytes, bytes - sent);
                    dc.send(new ArrayBuffer(n));
                    sent += n;
                  }
                  if (sent >= bytes) resolve();
                });
                dc.dispatchEvent(new Event('bufferedamountlow'));
              }),
          ),
        );
        return from;
      },
      { bytes: opts.bytes, messageBytes: opts.messageBytes },
    );
    const receivedAt = await done;
    return {
      ms: Math.max(...receivedAt) - sentFrom,
      nodeMs: Date.now() - started,
      totalBytes: opts.bytes * opts.receivers,
    };
  } finally {
    await Promise.all(pages.map((p) => p.close().catch(() => {})));
    await Promise.all(owned.map((c) => c.close().catch(() => {})));
    server.close();
  }
}
