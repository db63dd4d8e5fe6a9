import { formatSeconds } from './format.ts';
import type { Translate } from './i18n/i18n.ts';
import type { TimedEvent } from './worker-messages.ts';

/**
 * Reasons a peer link closes that this app itself gives (peer-mesh, the worker, the engine), with
 * their catalog keys. Any other reason is a peer's protocol fault as the engine words it, shown as is.
 */
const REASON_KEYS: Record<string, string> = {
  'channel closed': 'reasons.channelClosed',
  'left the swarm': 'reasons.leftSwarm',
  'no route between the two browsers': 'reasons.noRoute',
  'storage failed': 'reasons.storageFailed',
  'swarm stopped': 'reasons.swarmStopped',
  'replaced by a new connection': 'reasons.replaced',
  'banned: sent corrupt pieces': 'reasons.banned',
};

/** A close reason in the page's language (when it is one of ours). */
export function describeReason(reason: string, t: Translate): string {
  const key = REASON_KEYS[reason];
  return key ? t(key) : reason;
}

/** One line of the event log per engine event. Peer ids and file names are shown as text, never markup. */
export function describeEvent(e: TimedEvent, t: Translate): string {
  switch (e.kind) {
    case 'peer-connected':
      return t('events.peerConnected', { peer: e.peer });
    case 'peer-disconnected':
      return t('events.peerDisconnected', { peer: e.peer, reason: describeReason(e.reason, t) });
    case 'protocol-error':
      return t('events.protocolError', { peer: e.peer, error: e.error });
    case 'piece-started':
      return e.reason === 'rarest'
        ? t('events.rarestStarted', { piece: e.piece, count: e.availability, peer: e.peer })
        : t('events.pieceStarted', {
            piece: e.piece,
            reason: t(`pickReason.${e.reason}`),
            availability: e.availability,
            peer: e.peer,
          });
    case 'piece-verified':
      return e.from
        ? t('events.pieceVerifiedFrom', { piece: e.piece, peer: e.from })
        : t('events.pieceVerified', { piece: e.piece });
    case 'hash-failed':
      return t('events.hashFailed', { piece: e.piece, peers: e.peers.join(', ') });
    case 'peer-banned':
      return t('events.peerBanned', { peer: e.peer, count: e.badPieces });
    case 'interest':
      return e.interested
        ? t('events.interested', { peer: e.peer, count: e.wanted })
        : t('events.notInterested', { peer: e.peer });
    case 'choke':
      return t(e.by === 'us' ? 'events.weChoke' : 'events.theyChoke', { peer: e.peer });
    case 'unchoke':
      if (e.by === 'them') return t('events.theyUnchoke', { peer: e.peer });
      return e.slot
        ? t('events.weUnchokeSlot', { peer: e.peer, slot: t(`peers.slotKind.${e.slot}`) })
        : t('events.weUnchoke', { peer: e.peer });
    case 'optimistic-rotated':
      return t('events.optimisticRotated', { peers: e.peers.join(', ') || t('events.nobody') });
    case 'snubbed':
      return t('events.snubbed', { peer: e.peer });
    case 'request-timeout':
      return t('events.requestTimeout', { piece: e.piece, offset: e.offset, peer: e.peer });
    case 'endgame':
      return t('events.endgame');
    case 'storage-error':
      return t('events.storageError', { piece: e.piece, error: e.error });
    case 'complete':
      return t('events.complete', { time: formatSeconds(e.elapsedMs) });
  }
}
