import { describe, expect, it } from 'vitest';
import { FakeChannel } from '../test-support/fake-data-channel.ts';
import { HIGH_WATER_MARK } from '../channel-sender.ts';
import { PeerChannels } from './peer-channels.ts';

const asChannel = (c: FakeChannel) => c as unknown as RTCDataChannel;
const flush = () => new Promise<void>((resolve) => queueMicrotask(resolve));

describe('PeerChannels', () => {
  it('keeps messages that arrive before the engine has the peer, and hands them over first, in order', async () => {
    const channels = new PeerChannels();
    const channel = new FakeChannel();
    channels.adopt('s', 'p', asChannel(channel));
    channel.open();
    channel.receive('{"t":"handshake"}');
    channel.receive('{"t":"bitfield"}');
    const got: unknown[] = [];
    const link = channels.connect('s', 'p', (d) => got.push(d));
    expect(link).not.toBeNull();
    await flush();
    channel.receive('{"t":"have"}');
    expect(got).toEqual(['{"t":"handshake"}', '{"t":"bitfield"}', '{"t":"have"}']);
    expect(channel.binaryType).toBe('arraybuffer');
  });

  it('sends straight onto the channel, holding what is sent before it opens', () => {
    const channels = new PeerChannels();
    const channel = new FakeChannel();
    channels.adopt('s', 'p', asChannel(channel));
    const link = channels.connect('s', 'p', () => {})!;
    link.send('{"t":"handshake"}');
    expect(channel.sent).toEqual([]);
    channel.open();
    expect(channel.sent).toEqual(['{"t":"handshake"}']);
  });

  it('says whether the channel takes blocks now, and tells the engine when it has drained', () => {
    const channels = new PeerChannels();
    const channel = new FakeChannel();
    channels.adopt('s', 'p', asChannel(channel));
    let drained = 0;
    const link = channels.connect(
      's',
      'p',
      () => {},
      () => drained++,
    )!;
    expect(link.ready()).toBe(false);
    channel.open();
    expect(link.ready()).toBe(true);
    link.send(new ArrayBuffer(HIGH_WATER_MARK));
    expect(link.ready()).toBe(false);
    const before = drained;
    channel.drainTo(0);
    expect(link.ready()).toBe(true);
    expect(drained).toBe(before + 1);
    channels.drop('s', 'p');
    channel.dispatchEvent(new Event('bufferedamountlow'));
    expect(drained).toBe(before + 1);
  });

  it('answers null for a peer whose channel the page kept (the relayed path)', () => {
    expect(new PeerChannels().connect('s', 'nobody', () => {})).toBeNull();
  });

  it('closes a dropped channel and delivers nothing more from it', async () => {
    const channels = new PeerChannels();
    const channel = new FakeChannel();
    channels.adopt('s', 'p', asChannel(channel));
    channel.open();
    const got: unknown[] = [];
    channels.connect('s', 'p', (d) => got.push(d));
    channels.drop('s', 'p');
    channel.receive('late');
    await flush();
    expect(channel.closed).toBe(true);
    expect(got).toEqual([]);
    expect(channels.connect('s', 'p', () => {})).toBeNull();
  });

  it('a new channel for the same peer replaces the old one; leaving a swarm closes all of its channels', () => {
    const channels = new PeerChannels();
    const [old, fresh, other, elsewhere] = [
      new FakeChannel(),
      new FakeChannel(),
      new FakeChannel(),
      new FakeChannel(),
    ];
    channels.adopt('s', 'p', asChannel(old));
    channels.adopt('s', 'p', asChannel(fresh));
    channels.adopt('s', 'q', asChannel(other));
    channels.adopt('t', 'p', asChannel(elsewhere));
    expect(old.closed).toBe(true);
    channels.dropSwarm('s');
    expect([fresh.closed, other.closed, elsewhere.closed]).toEqual([true, true, false]);
  });

  it('forgets a channel that closes by itself (a connection that failed before it opened)', () => {
    const channels = new PeerChannels();
    const channel = new FakeChannel();
    channels.adopt('s', 'p', asChannel(channel));
    channel.close();
    expect(channels.connect('s', 'p', () => {})).toBeNull();
  });
});
