/**
 * What the fuzzer sends, and how it names peers whose ids exist only at run time. Tracks nothing.
 *
 * Inputs are made in full from the seed before they are sent, so a seed replays the same inputs; only
 * peer ids, which the tracker hands out, are filled in at send time. A generated frame names a peer by a
 * placeholder string (peerPlaceholder), which resolvePeers swaps for the id the tracker gave that peer.
 */

export type Frame =
  | { kind: 'text'; text: string }
  | { kind: 'binary'; bytes: Buffer }
  /** Bytes sent as a text frame as they are, so they can be invalid UTF-8. */
  | { kind: 'raw-text'; bytes: Buffer };

/** Which peer a placeholder stands for: an honest peer by index, or a hostile socket by slot. */
export type PeerRole = 'honest' | 'hostile';

export interface PeerDirectory {
  /** The id the tracker gave that peer now, or undefined when it is not connected. */
  idOf(role: PeerRole | 'self', index: number): string | undefined;
}

/** An id that fits the protocol's pattern but that the tracker never hands out (tracker ids are 10 long). */
export const GONE_PEER_ID = 'gone-peer-000';

// NUL cannot occur in an id and JSON.stringify escapes it, so the escaped form below is unambiguous.
export const peerPlaceholder = (role: PeerRole | 'self', index = 0): string =>
  `\u0000peer:${role}:${index}\u0000`;
const PLACEHOLDER_IN_JSON = /\\u0000peer:(honest|hostile|self):(\d+)\\u0000/g;

export function resolvePeers(frame: Frame, peers: PeerDirectory): Frame {
  if (frame.kind !== 'text' || !frame.text.includes('\\u0000peer:')) return frame;
  const text = frame.text.replace(
    PLACEHOLDER_IN_JSON,
    (_, role: PeerRole | 'self', index: string) => peers.idOf(role, Number(index)) ?? GONE_PEER_ID,
  );
  return { kind: 'text', text };
}

export const textFrame = (text: string): Frame => ({ kind: 'text', text });

/** Bytes on the wire, which is what the tracker's size limit counts. */
export function frameBytes(frame: Frame): number {
  return frame.kind === 'text' ? Buffer.byteLength(frame.text, 'utf8') : frame.bytes.length;
}
