import { describe, expect, it } from 'vitest';
import { ChannelSender, HIGH_WATER_MARK } from './channel-sender.ts';
import { FakeChannel } from './test-support/fake-data-channel.ts';

const asChannel = (c: FakeChannel) => c as unknown as RTCDataChannel;

describe('ChannelSender', () => {
  it('holds what is sent before a pre-negotiated channel opens, then sends it in order', () => {
    const channel = new FakeChannel();
    const sender = new ChannelSender(asChannel(channel));
    sender.send('handshake');
    sender.send(new ArrayBuffer(8));
    expect(channel.sent).toEqual([]);
    expect(sender.queued).toBe(2);
    channel.open();
    expect(channel.sent.map((d) => (typeof d === 'string' ? d : d.byteLength))).toEqual(['handshake', 8]);
    expect(sender.queued).toBe(0);
  });

  it('queues above the high-water mark and drains when the buffer runs low', () => {
    const channel = new FakeChannel();
    channel.open();
    const sender = new ChannelSender(asChannel(channel));
    sender.send(new ArrayBuffer(HIGH_WATER_MARK));
    sender.send('after');
    expect(channel.sent).toHaveLength(1);
    channel.drainTo(0);
    expect(channel.sent[1]).toBe('after');
  });

  it('drops what is sent once the channel is closing or closed, instead of throwing', () => {
    const channel = new FakeChannel();
    const sender = new ChannelSender(asChannel(channel));
    channel.close();
    expect(() => sender.send('late')).not.toThrow();
    expect(sender.queued).toBe(0);
    expect(channel.sent).toEqual([]);
  });

  it('hands each binary message to onSent once the channel has it, not while it waits in the queue', () => {
    const channel = new FakeChannel();
    const given: ArrayBuffer[] = [];
    const sender = new ChannelSender(asChannel(channel), (b) => given.push(b));
    const early = new ArrayBuffer(8);
    sender.send(early);
    sender.send('text');
    expect(given).toEqual([]);
    channel.open();
    expect(given).toEqual([early]);
    const big = new ArrayBuffer(HIGH_WATER_MARK);
    const waiting = new ArrayBuffer(16);
    sender.send(big);
    sender.send(waiting);
    expect(given).toEqual([early, big]);
    channel.drainTo(0);
    expect(given).toEqual([early, big, waiting]);
  });

  it('is ready while sends go straight out, and says so again once the channel has drained', () => {
    const channel = new FakeChannel();
    let readyCalls = 0;
    const sender = new ChannelSender(asChannel(channel), undefined, () => readyCalls++);
    expect(sender.ready).toBe(false); // not open yet
    channel.open();
    expect(sender.ready).toBe(true);
    expect(readyCalls).toBe(1);
    sender.send(new ArrayBuffer(HIGH_WATER_MARK));
    expect(sender.ready).toBe(false); // the channel's buffer is full
    sender.send('queued');
    channel.drainTo(HIGH_WATER_MARK / 2);
    // Under the low-water mark's event the queue went out, but the buffer is still above the mark:
    expect(sender.queued).toBe(0);
    expect(sender.ready).toBe(true);
    expect(readyCalls).toBe(2);
    sender.send(new ArrayBuffer(HIGH_WATER_MARK));
    sender.send(new ArrayBuffer(8));
    channel.drainTo(HIGH_WATER_MARK - 4);
    // The queued block went out and filled the buffer again: not ready, and nobody is told.
    expect(sender.ready).toBe(false);
    expect(readyCalls).toBe(2);
  });
});
