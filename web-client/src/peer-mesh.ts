import SimplePeer from 'simple-peer';
import { ChannelSender } from './channel-sender.ts';

type SignalData = Record<string, unknown>;

export interface PeerMeshHandlers {
  sendSignal(swarmId: string, to: string, data: SignalData): void;
  onOpen(swarmId: string, peerId: string): void;
  onData(swarmId: string, peerId: string, data: string | ArrayBuffer): void;
  onClose(swarmId: string, peerId: string, reason: string): void;
  /** A call that never opened a channel. */
  onFailed(swarmId: string, peerId: string, reason: string): void;
}

interface Connection {
  peer: SimplePeer.Instance;
  sender: ChannelSender | null;
  initiator: boolean;
  open: boolean;
  /** Messages that arrived before simple-peer said 'connect' (it waits for stats after the channel opens). */
  early: (string | ArrayBuffer)[];
}

/**
 * A channel that has not opened in this long is given up (a peer behind a wall, or gone). On a LAN a
 * channel opens within a second or two.
 */
const CONNECT_TIMEOUT_MS = 15_000;

/**
 * The page's WebRTC connections, one simple-peer per (swarm, remote peer), signalled through the
 * tracker. It only moves bytes: whatever arrives goes to `onData`, whatever the engine sends goes out
 * through a ChannelSender (backpressure).
 */
export class PeerMesh {
  private readonly connections = new Map<string, Connection>();

  constructor(
    private readonly selfId: () => string,
    private readonly iceServers: RTCIceServer[],
    private readonly handlers: PeerMeshHandlers,
  ) {}

  /** Calls a peer (the newcomer calls every peer the tracker listed). */
  call(swarmId: string, peerId: string): void {
    if (!this.connections.has(key(swarmId, peerId))) this.create(swarmId, peerId, true);
  }

  /** Signalling from a peer; an offer from someone we have not met opens a connection. */
  signal(swarmId: string, from: string, data: SignalData): void {
    let c = this.connections.get(key(swarmId, from));
    // Both sides called each other at once: the lower peer id keeps its call, the other answers.
    if (c?.initiator && !c.open && data.type === 'offer' && this.selfId() > from) {
      this.drop(swarmId, from, 'simultaneous call', false);
      c = undefined;
    }
    c ??= this.create(swarmId, from, false);
    try {
      c.peer.signal(data as unknown as SimplePeer.SignalData);
    } catch (err) {
      console.warn('MiniBit: bad signal from', from, err);
    }
  }

  send(swarmId: string, peerId: string, data: string | ArrayBuffer): void {
    this.connections.get(key(swarmId, peerId))?.sender?.send(data);
  }

  close(swarmId: string, peerId: string, reason: string): void {
    this.drop(swarmId, peerId, reason, true);
  }

  closeSwarm(swarmId: string, reason: string): void {
    for (const k of [...this.connections.keys()]) {
      if (k.startsWith(`${swarmId}/`)) this.drop(swarmId, k.slice(swarmId.length + 1), reason, false);
    }
  }

  isOpen(swarmId: string, peerId: string): boolean {
    return this.connections.get(key(swarmId, peerId))?.open ?? false;
  }

  private create(swarmId: string, peerId: string, initiator: boolean): Connection {
    const peer = new SimplePeer({
      initiator,
      trickle: true,
      objectMode: true,
      config: { iceServers: this.iceServers },
    });
    const c: Connection = { peer, sender: null, initiator, open: false, early: [] };
    this.connections.set(key(swarmId, peerId), c);
    const timeout = setTimeout(() => {
      if (c.open) return;
      const reason = 'no route between the two browsers';
      this.drop(swarmId, peerId, reason, false);
      this.handlers.onFailed(swarmId, peerId, reason);
    }, CONNECT_TIMEOUT_MS);
    peer.on('signal', (data) => this.handlers.sendSignal(swarmId, peerId, data as unknown as SignalData));
    peer.on('connect', () => {
      clearTimeout(timeout);
      // simple-peer keeps the RTCDataChannel private; backpressure needs its bufferedAmount.
      const channel = (peer as unknown as { _channel: RTCDataChannel })._channel;
      c.sender = new ChannelSender(channel);
      c.open = true;
      this.handlers.onOpen(swarmId, peerId);
      for (const data of c.early.splice(0)) this.handlers.onData(swarmId, peerId, data);
    });
    peer.on('data', (raw: string | Uint8Array) => {
      const data = typeof raw === 'string' ? raw : ownBuffer(raw);
      if (c.open) this.handlers.onData(swarmId, peerId, data);
      else c.early.push(data);
    });
    peer.on('error', (err) => console.warn('MiniBit: connection to', peerId, 'failed:', err.message));
    peer.on('close', () => {
      clearTimeout(timeout);
      if (this.connections.get(key(swarmId, peerId)) !== c) return;
      this.connections.delete(key(swarmId, peerId));
      if (c.open) this.handlers.onClose(swarmId, peerId, 'channel closed');
    });
    return c;
  }

  private drop(swarmId: string, peerId: string, reason: string, notify: boolean): void {
    const c = this.connections.get(key(swarmId, peerId));
    if (!c) return;
    this.connections.delete(key(swarmId, peerId));
    c.peer.destroy();
    if (notify && c.open) this.handlers.onClose(swarmId, peerId, reason);
  }
}

const key = (swarmId: string, peerId: string) => `${swarmId}/${peerId}`;

/** simple-peer wraps each ArrayBuffer in a Buffer view; hand over the whole buffer without copying. */
function ownBuffer(view: Uint8Array): ArrayBuffer {
  if (view.byteOffset === 0 && view.byteLength === view.buffer.byteLength) return view.buffer as ArrayBuffer;
  return view.slice().buffer as ArrayBuffer;
}
