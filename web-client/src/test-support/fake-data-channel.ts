/** For unit tests: just enough of an RTCDataChannel: a state, a buffer that fills with what is sent, and events. */
export class FakeChannel extends EventTarget {
  readyState: RTCDataChannelState = 'connecting';
  bufferedAmount = 0;
  bufferedAmountLowThreshold = 0;
  binaryType = 'blob';
  readonly sent: (string | ArrayBuffer)[] = [];
  closed = false;

  send(data: string | ArrayBuffer): void {
    if (this.readyState !== 'open') throw new Error(`send() while ${this.readyState}`);
    this.sent.push(data);
    this.bufferedAmount += typeof data === 'string' ? data.length : data.byteLength;
  }
  open(): void {
    this.readyState = 'open';
    this.dispatchEvent(new Event('open'));
  }
  drainTo(bytes: number): void {
    this.bufferedAmount = bytes;
    this.dispatchEvent(new Event('bufferedamountlow'));
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.readyState = 'closed';
    this.dispatchEvent(new Event('close'));
  }
  receive(data: string | ArrayBuffer): void {
    this.dispatchEvent(new MessageEvent('message', { data }));
  }
}
