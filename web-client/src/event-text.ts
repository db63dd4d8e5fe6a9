import type { TimedEvent } from './worker-messages.ts';

/** One line of the event log per engine event. Peer ids and file names are shown as text, never markup. */
export function describeEvent(e: TimedEvent): string {
  switch (e.kind) {
    case 'peer-connected':
      return `connected to ${e.peer}`;
    case 'peer-disconnected':
      return `${e.peer} disconnected: ${e.reason}`;
    case 'protocol-error':
      return `${e.peer} broke the protocol: ${e.error}`;
    case 'piece-started':
      return e.reason === 'rarest'
        ? `rarest piece #${e.piece} chosen (held by ${e.availability} peer${e.availability === 1 ? '' : 's'}), asking ${e.peer}`
        : `piece #${e.piece} chosen (${e.reason}, held by ${e.availability}), asking ${e.peer}`;
    case 'piece-verified':
      return `piece #${e.piece} verified${e.from ? ` from ${e.from}` : ''}`;
    case 'hash-failed':
      return `piece #${e.piece} failed its hash check (sent by ${e.peers.join(', ')}); discarded, fetching again`;
    case 'peer-banned':
      return `${e.peer} banned after ${e.badPieces} corrupt pieces`;
    case 'interest':
      return e.interested
        ? `interested in ${e.peer} (it has ${e.wanted} pieces we lack)`
        : `no longer interested in ${e.peer}`;
    case 'choke':
      return e.by === 'us' ? `we choke ${e.peer}` : `${e.peer} chokes us`;
    case 'unchoke':
      return e.by === 'us'
        ? `we unchoke ${e.peer}${e.slot ? ` (${e.slot} slot)` : ''}`
        : `${e.peer} unchokes us`;
    case 'optimistic-rotated':
      return `optimistic unchoke rotated to ${e.peers.join(', ') || 'nobody'}`;
    case 'snubbed':
      return `${e.peer} snubbed us (no data for a minute): regular slot withdrawn`;
    case 'request-timeout':
      return `request for piece #${e.piece} (offset ${e.offset}) to ${e.peer} timed out; asking elsewhere`;
    case 'endgame':
      return 'endgame: asking several peers for the last blocks';
    case 'storage-error':
      return `storage error on piece #${e.piece}: ${e.error}`;
    case 'complete':
      return `download complete in ${(e.elapsedMs / 1000).toFixed(2)} s`;
  }
}
