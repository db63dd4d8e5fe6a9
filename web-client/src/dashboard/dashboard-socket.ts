import {
  DASHBOARD_SOCKET_PATH,
  type DashboardRequest,
  type DashboardServerMessage,
  encodeDashboardMessage,
  parseDashboardServerMessage,
} from '@minibit/protocol';

/**
 * The dashboard's WebSocket to the tracker (DASHBOARD_SOCKET_PATH). Shows the key first, parses every
 * reply with the protocol's schema, and reconnects after a drop with exponential backoff and jitter,
 * except after a wrong key (trying again would not help). It tracks the socket, the attempt count and
 * whether the key was refused.
 */

export type DashboardConnection = 'connecting' | 'connected' | 'disconnected' | 'bad-key';

export interface DashboardSocketHandlers {
  onMessage: (m: DashboardServerMessage) => void;
  onState: (state: DashboardConnection, retryMs?: number) => void;
}

export class DashboardSocket {
  private socket: WebSocket | null = null;
  private attempt = 0;
  private stopped = false;
  private retry: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly url: string,
    private readonly key: string,
    private readonly handlers: DashboardSocketHandlers,
  ) {}

  connect(): void {
    this.handlers.onState('connecting');
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.onopen = () => socket.send(encodeDashboardMessage({ type: 'dashboard', key: this.key }));
    socket.onmessage = (event) => {
      const parsed = parseDashboardServerMessage(event.data);
      if (!parsed.ok) return console.warn('MiniBit dashboard: ignored a bad message:', parsed.error);
      const m = parsed.value;
      if (m.type === 'welcome') {
        this.attempt = 0;
        this.handlers.onState('connected');
      }
      if (m.type === 'error' && m.code === 'bad-key') {
        this.stopped = true;
        this.handlers.onState('bad-key');
      }
      this.handlers.onMessage(m);
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.stopped) return;
      const delay = Math.min(30_000, 500 * 2 ** this.attempt) * (0.5 + Math.random() / 2);
      this.attempt++;
      this.handlers.onState('disconnected', delay);
      this.retry = setTimeout(() => this.connect(), delay);
    };
  }

  send(m: DashboardRequest): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(encodeDashboardMessage(m));
    return true;
  }

  close(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    this.socket?.close();
  }
}

/** The dashboard socket's URL for this page (ws: or wss: as the page). */
export function dashboardSocketUrl(location: Location): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${DASHBOARD_SOCKET_PATH}`;
}

/** The key from the page's fragment (`#key=…`), or null. */
export function keyFromHash(hash: string): string | null {
  const key = new URLSearchParams(hash.replace(/^#/, '')).get('key');
  return key && key.trim() !== '' ? key.trim() : null;
}
