import type { SwarmSettings } from './swarm-settings.ts';
import type { SlotKind } from './choker.ts';
import type { PickReason } from './piece-picker.ts';
import type { WireMessageType } from './wire-messages.ts';

/** What the engine reports as it works: the UI's event log and the shell's cues. */
export type EngineEvent =
  | { kind: 'peer-connected'; peer: string }
  | { kind: 'peer-disconnected'; peer: string; reason: string }
  | { kind: 'protocol-error'; peer: string; error: string }
  | { kind: 'piece-started'; piece: number; peer: string; availability: number; reason: PickReason }
  | { kind: 'piece-verified'; piece: number; from: string | null }
  | { kind: 'hash-failed'; piece: number; peers: string[] }
  | { kind: 'peer-banned'; peer: string; badPieces: number }
  | { kind: 'interest'; peer: string; interested: boolean; wanted: number }
  | { kind: 'choke'; peer: string; by: 'us' | 'them' }
  | { kind: 'unchoke'; peer: string; by: 'us' | 'them'; slot?: SlotKind }
  | { kind: 'optimistic-rotated'; peers: string[] }
  | { kind: 'snubbed'; peer: string }
  | { kind: 'request-timeout'; peer: string; piece: number; offset: number }
  | { kind: 'endgame' }
  | { kind: 'storage-error'; piece: number; error: string }
  | { kind: 'complete'; elapsedMs: number };

export type PieceState = 0 | 1 | 2;
export const PIECE_MISSING: PieceState = 0;
export const PIECE_REQUESTED: PieceState = 1;
export const PIECE_VERIFIED: PieceState = 2;

export interface PeerSnapshot {
  id: string;
  amChoking: boolean;
  amInterested: boolean;
  peerChoking: boolean;
  peerInterested: boolean;
  slot: SlotKind | null;
  downloadRate: number;
  uploadRate: number;
  bytesFrom: number;
  bytesTo: number;
  piecesFrom: number;
  havePieces: number;
  /** Pieces the peer has that we lack. */
  wanted: number;
  outstanding: number;
}

export interface EngineSnapshot {
  pieceCount: number;
  haveCount: number;
  bytesVerified: number;
  complete: boolean;
  endgame: boolean;
  startedAt: number;
  completedAt: number | null;
  /** When the first piece was verified (engine clock), or null: the time to first piece. */
  firstPieceAt: number | null;
  downloadRate: number;
  uploadRate: number;
  peers: PeerSnapshot[];
  /** Bytes of verified pieces credited to each source peer (including peers that have left). */
  bytesFromPeer: Record<string, number>;
  messagesSent: Partial<Record<WireMessageType | 'block', number>>;
  messagesReceived: Partial<Record<WireMessageType | 'block', number>>;
  hashFailures: number;
  /**
   * Longest wait between two blocks arriving while we were still downloading (ms): how long a stall
   * lasted when a peer vanished or stopped answering.
   */
  longestStallMs: number;
  /** The swarm's settings in force here, and whether this peer is told to free-ride. */
  settings: SwarmSettings;
  freeRider: boolean;
  /** A pre-distribution runs: only the assigned share is fetched, and the demo waits for the rest. */
  predistributing: boolean;
}
