/**
 * Backpressure for one data channel: sends while the channel's buffer is under a high-water mark,
 * queues the rest, and drains the queue when the channel reports `bufferedamountlow`. Without it a
 * fast sender fills the SCTP buffer and Chromium closes the channel.
 */
export const HIGH_WATER_MARK = 4 * 1024 * 1024;
export const LOW_WATER_MARK = 1024 * 1024;

type Sendable = string | ArrayBuffer;

export class ChannelSender {
  private readonly queue: Sendable[] = [];

  constructor(private readonly channel: RTCDataChannel) {
    channel.bufferedAmountLowThreshold = LOW_WATER_MARK;
    channel.addEventListener('bufferedamountlow', () => this.drain());
  }

  send(data: Sendable): void {
    if (this.queue.length === 0 && this.channel.bufferedAmount < HIGH_WATER_MARK) this.write(data);
    else this.queue.push(data);
  }

  /** Bytes waiting here, not yet handed to the channel. */
  get queued(): number {
    return this.queue.length;
  }

  private drain(): void {
    while (this.queue.length > 0 && this.channel.bufferedAmount < HIGH_WATER_MARK)
      this.write(this.queue.shift()!);
  }

  private write(data: Sendable): void {
    if (this.channel.readyState !== 'open') return;
    // The DOM typings want a narrower ArrayBuffer; any ArrayBuffer goes.
    this.channel.send(data as string);
  }
}
