import type { PlannedPeer } from './peer-plan.ts';

/**
 * The IPC messages between the bench and a client driver process. The bench sends one command and
 * waits for its one reply before the next. Counts are plain records (name → count) so they survive
 * serialization.
 */

export type Counts = Record<string, number>;

export type DriverCommand =
  /** The tracker to load and the pages this driver plays; answered by 'ready'. */
  | { command: 'setup'; wsUrl: string; pages: PlannedPeer[]; swarms: number; piecesPerFile: number }
  /** Connect the sharers (at most `inFlight` handshakes at once); each shares once welcomed. */
  | { command: 'share'; timeoutMs: number }
  /** Connect the joiners, `perSecond` of them a second; each joins once welcomed. */
  | { command: 'join'; perSecond: number; timeoutMs: number }
  /** Send `perSecond` signals a second for `seconds`, then wait up to `drainMs` for the last ones. */
  | { command: 'signal'; perSecond: number; seconds: number; drainMs: number }
  | { command: 'status' }
  /** Close every socket and exit. */
  | { command: 'close' };

export interface AdmissionReport {
  /** Socket opened → 'welcome' received, per page. */
  connectMs: number[];
  /** share/join sent → 'joined' received, per page. */
  joinMs: number[];
  /** Pages that did not get in: refused, closed, or still waiting at the timeout. */
  failed: number;
  elapsedMs: number;
}

export interface SignalReport {
  sent: number;
  delivered: number;
  /** Sent but never delivered by the end of the drain. */
  lost: number;
  /** Delivered to the wrong page or naming the wrong sender. */
  misrouted: number;
  /** Send → receive, per delivered signal. */
  latencyMs: number[];
  elapsedMs: number;
  /** This process's own event-loop delay while sending: how much of the latency could be ours. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

export interface DriverStatus {
  open: number;
  /** Closes the driver did not ask for, by close code. */
  earlyCloses: Counts;
  /** Tracker messages received, by type. */
  received: Counts;
  receivedBytes: number;
  /** 'error' replies from the tracker, by code. */
  errors: Counts;
  /** Socket-level errors (e.g. ECONNRESET), by code. */
  socketErrors: Counts;
}

export type DriverReply =
  | { reply: 'ready' }
  | ({ reply: 'admitted' } & AdmissionReport)
  | ({ reply: 'signalled' } & SignalReport)
  | ({ reply: 'status' } & DriverStatus)
  | { reply: 'closed' }
  | { reply: 'failed'; message: string };
