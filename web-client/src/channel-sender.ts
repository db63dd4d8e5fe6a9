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

  /**
   * @param onSent gets each binary message once the channel has it: `send` copies the bytes, so the
   *   buffer may be reused (a FramePool takes it back)
   */
  constructor(
    private readonly channel: RTCDataChannel,
    private readonly onSent?: (buffer: ArrayBuffer) => void,
  ) {
    channel.bufferedAmountLowThreshold = LOW_WATER_MARK;
    channel.addEventListener('bufferedamountlow', () => this.drain());
    // A pre-negotiated channel may be written to before it opens: hold those until it does.
    channel.addEventListener('open', () => this.drain());
  }

  send(data: Sendable): void {
    if (this.queue.length === 0 && this.writable()) this.write(data);
    else if (this.channel.readyState === 'connecting' || this.channel.readyState === 'open')
      this.queue.push(data);
  }

  /** Bytes waiting here, not yet handed to the channel. */
  get queued(): number {
    return this.queue.length;
  }

  private writable(): boolean {
    return this.channel.readyState === 'open' && this.channel.bufferedAmount < HIGH_WATER_MARK;
  }

  private drain(): void {
    while (this.queue.length > 0 && this.writable()) this.write(this.queue.shift()!);
  }

  private write(data: Sendable): void {
    // The DOM typings want a narrower ArrayBuffer; any ArrayBuffer goes.
    this.channel.send(data as string);
    if (typeof data !== 'string') this.onSent?.(data);
  }
}
