import type { FramePool } from '@minibit/protocol';
import { ChannelSender } from '../channel-sender.ts';

/**
 * The data channels the page handed to this worker, one per (swarm, remote peer). The page still
 * owns the RTCPeerConnection (it does not exist in workers) and says when a connection is up
 * ('peer-open') or gone ('peer-closed'); every byte of the peer protocol then goes straight between
 * this worker and the channel, never through the page's main thread.
 *
 * Why: in a 1 + 4 swarm on two cores the renderers' main threads took about half of all CPU time,
 * much of it relaying each block twice (channel → page → worker, worker → page → channel) through
 * simple-peer's stream and postMessage. The channel is a second, pre-negotiated one on simple-peer's
 * connection (see peer-mesh.ts), since a channel can only be transferred in the task that made it.
 */

interface Entry {
  channel: RTCDataChannel;
  sender: ChannelSender;
  /** Where inbound messages go once the engine has the peer; until then they wait in `early`. */
  deliver: ((data: string | ArrayBuffer) => void) | null;
  /** Told when the channel has drained and takes blocks again. */
  onReady: (() => void) | null;
  early: (string | ArrayBuffer)[];
}

export interface ChannelLink {
  send(data: string | ArrayBuffer): void;
  /** Whether a message sent now goes straight onto the channel (see ChannelSender.ready). */
  ready(): boolean;
}

export class PeerChannels {
  private readonly entries = new Map<string, Entry>();

  /** @param frames where block frames go back once a channel has sent them */
  constructor(private readonly frames?: FramePool) {}

  /** A channel the page transferred; it replaces any older one for the same peer. */
  adopt(swarmId: string, peerId: string, channel: RTCDataChannel): void {
    this.drop(swarmId, peerId);
    channel.binaryType = 'arraybuffer';
    const entry: Entry = {
      channel,
      sender: new ChannelSender(
        channel,
        (frame) => this.frames?.give(frame),
        () => entry.onReady?.(),
      ),
      deliver: null,
      onReady: null,
      early: [],
    };
    channel.addEventListener('message', (e: MessageEvent<string | ArrayBuffer>) => {
      if (entry.deliver) entry.deliver(e.data);
      else entry.early.push(e.data);
    });
    // A connection that fails before it opens is never reported as closed: forget its channel here.
    channel.addEventListener('close', () => {
      if (this.entries.get(key(swarmId, peerId)) === entry) this.entries.delete(key(swarmId, peerId));
    });
    this.entries.set(key(swarmId, peerId), entry);
  }

  /**
   * Routes the peer's channel to the engine: returns a way to send (what is sent before the channel
   * opens waits in its ChannelSender) and passes every inbound message, those that came early first,
   * to `deliver`, and calls `onReady` whenever the channel has drained. Null if the page kept this
   * peer's channel (it relays it).
   */
  connect(
    swarmId: string,
    peerId: string,
    deliver: (data: string | ArrayBuffer) => void,
    onReady?: () => void,
  ): ChannelLink | null {
    const entry = this.entries.get(key(swarmId, peerId));
    if (!entry) return null;
    entry.deliver = deliver;
    entry.onReady = onReady ?? null;
    queueMicrotask(() => {
      for (const data of entry.early.splice(0)) entry.deliver?.(data);
    });
    return { send: (data) => entry.sender.send(data), ready: () => entry.sender.ready };
  }

  drop(swarmId: string, peerId: string): void {
    const entry = this.entries.get(key(swarmId, peerId));
    if (!entry) return;
    this.entries.delete(key(swarmId, peerId));
    entry.deliver = null;
    entry.onReady = null;
    entry.channel.close();
  }

  dropSwarm(swarmId: string): void {
    for (const k of [...this.entries.keys()]) {
      if (k.startsWith(`${swarmId}/`)) this.drop(swarmId, k.slice(swarmId.length + 1));
    }
  }
}

const key = (swarmId: string, peerId: string) => `${swarmId}/${peerId}`;
