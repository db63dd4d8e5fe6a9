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
   * @param onReady called when the channel has drained and is {@link ready} again
   */
  constructor(
    private readonly channel: RTCDataChannel,
    private readonly onSent?: (buffer: ArrayBuffer) => void,
    private readonly onReady?: () => void,
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

  /** Messages waiting here, not yet handed to the channel. */
  get queued(): number {
    return this.queue.length;
  }

  /**
   * Whether a message sent now goes straight onto the channel instead of waiting here. An engine
   * reads a block from storage only for a peer whose channel is ready, so blocks do not pile up in
   * memory behind a full channel.
   */
  get ready(): boolean {
    return this.queue.length === 0 && this.writable();
  }

  private writable(): boolean {
    return this.channel.readyState === 'open' && this.channel.bufferedAmount < HIGH_WATER_MARK;
  }

  private drain(): void {
    while (this.queue.length > 0 && this.writable()) this.write(this.queue.shift()!);
    if (this.ready) this.onReady?.();
  }

  private write(data: Sendable): void {
    // The DOM typings want a narrower ArrayBuffer; any ArrayBuffer goes.
    this.channel.send(data as string);
    if (typeof data !== 'string') this.onSent?.(data);
  }
}
