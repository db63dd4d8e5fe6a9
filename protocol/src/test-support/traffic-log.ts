import { decodeBlockFrame } from '../block-frame.ts';
import type { EngineEvent } from '../engine-events.ts';
import { parseWireMessage, type WireMessage } from '../wire-messages.ts';
import type { MemorySwarm } from './memory-swarm.ts';

/**
 * A log of what every engine of a MemorySwarm sent, in the order it sent it (not the order the
 * network delivered it), and a clock stamp for each engine event. Tests use it to say "after this
 * request timed out, the block was asked of someone else".
 */

export type SentMessage = WireMessage | { t: 'block'; piece: number; offset: number; length: number };

export interface SentEntry {
  from: string;
  to: string;
  /** The swarm clock when it was sent. */
  at: number;
  /** How many events the sender had emitted when it sent this: later events have higher indexes. */
  afterEvents: number;
  message: SentMessage;
}

/** Records every message sent over links made after this call (call it before `connect`). */
export function logTraffic(swarm: MemorySwarm): SentEntry[] {
  const log: SentEntry[] = [];
  const linkFor = swarm.linkFor.bind(swarm);
  const record = (from: string, to: string, message: SentMessage) =>
    log.push({ from, to, at: swarm.now, afterEvents: swarm.peers.get(from)?.events.length ?? 0, message });
  swarm.linkFor = (from, to) => {
    const link = linkFor(from, to);
    return {
      sendText(text) {
        const parsed = parseWireMessage(text);
        if (parsed.ok) record(from, to, parsed.value);
        link.sendText(text);
      },
      sendBinary(frame) {
        const decoded = decodeBlockFrame(frame);
        if (decoded.ok) {
          const { piece, offset, data } = decoded.value;
          record(from, to, { t: 'block', piece, offset, length: data.byteLength });
        }
        link.sendBinary(frame);
      },
      close: (reason) => link.close(reason),
    };
  };
  return log;
}

/** Requests `from` sent, optionally only those after its event number `afterEvent`. */
export function requestsSent(
  log: readonly SentEntry[],
  from: string,
  afterEvent = -1,
): (SentEntry & { message: Extract<WireMessage, { t: 'request' }> })[] {
  return log.filter(
    (e): e is SentEntry & { message: Extract<WireMessage, { t: 'request' }> } =>
      e.from === from && e.message.t === 'request' && e.afterEvents > afterEvent,
  );
}

/**
 * Wraps a `run` condition so each event of `peer` gets the swarm clock at which `run` first saw it.
 * Events emitted by `tick()` (request timeouts, rechokes) are stamped with the exact time.
 */
export function stampingEvents(
  swarm: MemorySwarm,
  peer: string,
  done: () => boolean,
): { done: () => boolean; timeOf: Map<EngineEvent, number> } {
  const timeOf = new Map<EngineEvent, number>();
  return {
    timeOf,
    done: () => {
      for (const e of swarm.peers.get(peer)?.events ?? []) if (!timeOf.has(e)) timeOf.set(e, swarm.now);
      return done();
    },
  };
}
