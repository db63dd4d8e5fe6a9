import { type ChokerConfig, DEFAULT_CHOKER_CONFIG } from './choker.ts';
import type { PickStrategy } from './piece-picker.ts';

/** Every tunable of a swarm engine, with the defaults a browser tab uses. */
export interface EngineConfig {
  /**
   * Largest block asked for in one request. Bigger messages cost less per byte: every block is a
   * request, a frame, a message event in the worker and a pick. SCTP here caps a message at 256 KiB,
   * so 128 KiB plus the 9-byte header stays well inside it. 128 KiB instead of 64 KiB (with pieces to
   * match, see choosePieceSize): a 64 MiB 1 + 4 swarm took 12.9–13.5 s instead of 14.0–14.5 s, runs
   * alternated (README, Performance). A piece smaller than this is requested whole.
   */
  blockSize: number;
  /** Keep this many milliseconds of a peer's measured rate requested, so its channel never idles. */
  pipelineMs: number;
  /** Bounds on requests in flight per peer, whatever the block size. */
  minOutstanding: number;
  maxOutstanding: number;
  /** A request unanswered this long goes to another peer. */
  requestTimeoutMs: number;
  /**
   * A request waits at most this long behind requests for pieces we have sent less often (see
   * SwarmEngine.nextUpload); past it, it is served first, so a peer's pipeline never clogs with
   * requests we keep putting off. A put-off request is for a piece we already sent someone, so the
   * longer it waits, the likelier its requester gets the piece elsewhere first and cancels it: that
   * is what keeps a capped sharer's copies near one. Keep it under requesters' `requestTimeoutMs`.
   * `npm run bench:capped-sim` (every uplink 1 MiB/s, 16 MiB in 512 pieces, 8 seeds) chose 8 s:
   * time / (F/u) with 8 leechers 1.155 at 3 s, 1.137 at 5 s, 1.107 at 8 s; the sharer's copies
   * 1.10, 1.09, 1.06. (With 64 KiB blocks and 1,024 pieces, 3 s had been best of 1.5, 3 and 5 s.)
   */
  maxUploadDeferMs: number;
  /** A peer that queues more requests than this with us is misbehaving and is dropped. */
  maxQueuedRequestsFromPeer: number;
  /**
   * Bad pieces a peer may send before we disconnect and ignore it. A piece with several senders
   * counts against none of them; it is fetched again from one peer, which then answers for it.
   */
  badPieceLimit: number;
  strategy: PickStrategy;
  randomFirstPieces: number;
  choker: ChokerConfig;
  /** Window of the rate meters the choker ranks by. */
  rateWindowMs: number;
  /**
   * Most bytes per second this peer uploads to all peers of the swarm together, or null for no cap.
   * A classroom slows a demo to human speed with it; the capped benchmark gives every peer the same.
   */
  uploadBytesPerSecond: number | null;
}

export const DEFAULT_ENGINE_CONFIG: EngineConfig = {
  blockSize: 128 * 1024,
  pipelineMs: 1000,
  minOutstanding: 8,
  maxOutstanding: 64,
  requestTimeoutMs: 10_000,
  maxUploadDeferMs: 8000,
  maxQueuedRequestsFromPeer: 256,
  badPieceLimit: 2,
  strategy: 'rarest-first',
  randomFirstPieces: 4,
  choker: DEFAULT_CHOKER_CONFIG,
  rateWindowMs: 10_000,
  uploadBytesPerSecond: null,
};
