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
  /**
   * The connection's peer-protocol channel, just created: hand it over (to the engine's worker) now,
   * in this task, and return true; false keeps it in this page, relayed through `onData` and `send`.
   */
  onChannel(swarmId: string, peerId: string, channel: RTCDataChannel): boolean;
}

/**
 * The peer-protocol channel: pre-negotiated (both sides create it with this id, no offer needed), so
 * each side can create it in the very task that builds the connection and transfer it to its worker.
 * simple-peer's own channel takes id 0 or 1; 1023 is the highest id Chromium's 1,024 SCTP streams
 * allow, far from any channel simple-peer would open.
 */
const PROTOCOL_CHANNEL = { negotiated: true, id: 1023, ordered: true } as const;

interface Connection {
  peer: SimplePeer.Instance;
  /** The protocol channel's sender when this page relays it; null when the worker owns the channel. */
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
 * tracker. simple-peer's own channel only tells when the connection is up and gone; the peer protocol
 * runs on a second, pre-negotiated channel that the engine's worker owns (`onChannel`). Where that
 * hand-over is refused, this page relays the same channel: whatever arrives goes to `onData`,
 * whatever the engine sends goes out through a ChannelSender (backpressure). Each side chooses for
 * itself; the wire is the same.
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
    // simple-peer keeps its RTCPeerConnection private; the protocol channel needs it.
    const pc = (peer as unknown as { _pc: RTCPeerConnection })._pc;
    const channel = pc.createDataChannel('minibit', PROTOCOL_CHANNEL);
    const handedOver = this.handlers.onChannel(swarmId, peerId, channel);
    const c: Connection = {
      peer,
      sender: handedOver ? null : new ChannelSender(channel),
      initiator,
      open: false,
      early: [],
    };
    if (!handedOver) {
      channel.binaryType = 'arraybuffer';
      channel.addEventListener('message', (e: MessageEvent<string | ArrayBuffer>) => {
        if (c.open) this.handlers.onData(swarmId, peerId, e.data);
        else c.early.push(e.data);
      });
    }
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
      c.open = true;
      this.handlers.onOpen(swarmId, peerId);
      for (const data of c.early.splice(0)) this.handlers.onData(swarmId, peerId, data);
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
