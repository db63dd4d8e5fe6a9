import {
  type ClientMessage,
  encodeTrackerMessage,
  type Manifest,
  parseServerMessage,
  type ServerMessage,
  type SwarmSettings,
} from '@minibit/protocol';

export type TrackerState = 'connecting' | 'connected' | 'disconnected';

/**
 * The page's WebSocket to the tracker. Parses every reply with the protocol's schema, and reconnects
 * after a drop with exponential backoff and jitter (so thirty tabs do not all knock at once when a
 * restarted tracker comes back).
 */
export class TrackerClient {
  private socket: WebSocket | null = null;
  private attempt = 0;
  private closedByUs = false;

  constructor(
    private readonly url: string,
    private readonly handlers: {
      onMessage: (m: ServerMessage) => void;
      onState: (s: TrackerState, retry?: { retryMs: number; closeCode: number }) => void;
    },
  ) {}

  connect(): void {
    this.closedByUs = false;
    this.handlers.onState('connecting');
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.handlers.onState('connected');
    };
    socket.onmessage = (event) => {
      const parsed = parseServerMessage(event.data);
      if (parsed.ok) this.handlers.onMessage(parsed.value);
      else console.warn('MiniBit: ignored a bad tracker message:', parsed.error);
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.closedByUs) return this.handlers.onState('disconnected');
      const delay = Math.min(30_000, 500 * 2 ** this.attempt) * (0.5 + Math.random() / 2);
      this.attempt++;
      this.handlers.onState('disconnected', { retryMs: delay, closeCode: event.code });
      setTimeout(() => {
        if (!this.closedByUs) this.connect();
      }, delay);
    };
  }

  send(m: ClientMessage): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(encodeTrackerMessage(m));
    return true;
  }

  close(): void {
    this.closedByUs = true;
    this.socket?.close();
  }
}

/**
 * The tracker's socket URL for this page. `key` is a secret made once per page load: the tracker
 * derives our peer id from it, so after a tracker restart we come back under the same id and the
 * WebRTC connections that survived the restart still match the ids the tracker hands out.
 */
export function trackerUrlFor(location: Location, key: string): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws?key=${key}`;
}

/** 32 url-safe random characters (getRandomValues works in insecure contexts too). */
export function newPeerKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_');
}

/**
 * { type: 'share', manifest, settings? }: announces a file this tab holds whole. `settings` (when
 * given) are the swarm's if the share creates it.
 */
export function shareMessage(manifest: Manifest, settings?: SwarmSettings): ClientMessage {
  return { type: 'share', manifest, ...(settings && { settings }) };
}
