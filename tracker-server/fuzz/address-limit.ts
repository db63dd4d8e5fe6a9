import { WebSocket } from 'ws';
import type { FuzzRecord } from './fuzz-record.ts';

/**
 * Opens many sockets at once from this machine, to see how many the tracker lets one address hold.
 * Tracks nothing between calls. Used mid-run (the excess must be refused with 1013) and at the end
 * (with every other socket gone, exactly maxSocketsPerAddress must be let in: the per-address count,
 * which /health does not show, must not have leaked).
 */

export const CLOSE_TRY_AGAIN_LATER = 1013;
const ANSWER_LIMIT_MS = 5000;

/** Sockets a socket flood opens beyond the per-address limit; at least this many must be refused. */
const FLOOD_EXCESS = 8;

/** A hostile input: more sockets at once than one address may hold. The excess must get 1013. */
export async function socketFlood(wsUrl: string, maxPerAddress: number, record: FuzzRecord): Promise<void> {
  const opened = await openAtOnce(wsUrl, maxPerAddress + FLOOD_EXCESS);
  record.closes.add(`${CLOSE_TRY_AGAIN_LATER} try again later (by tracker), socket flood`, opened.refused);
  if (opened.refused < FLOOD_EXCESS || opened.other > 0) {
    record.fail(
      `socket flood of ${maxPerAddress + FLOOD_EXCESS}: ${JSON.stringify(opened)}, expected ≥ ${FLOOD_EXCESS} refused with 1013`,
    );
  }
}

/** With no other socket open, exactly `maxPerAddress` sockets must be let in and one more refused. */
export async function checkAddressLimitRestored(
  wsUrl: string,
  maxPerAddress: number,
  record: FuzzRecord,
): Promise<OpenedAtOnce> {
  const opened = await openAtOnce(wsUrl, maxPerAddress + 1);
  if (opened.welcomed !== maxPerAddress || opened.refused !== 1) {
    record.fail(
      `after the run the tracker let in ${opened.welcomed} of ${maxPerAddress} sockets from one address (refused ${opened.refused}): its per-address count leaked`,
    );
  }
  return opened;
}

export interface OpenedAtOnce {
  /** Sockets that got their welcome. */
  welcomed: number;
  /** Sockets closed with 1013 before any welcome. */
  refused: number;
  /** Sockets that did neither in time, or closed some other way. */
  other: number;
}

export async function openAtOnce(wsUrl: string, count: number): Promise<OpenedAtOnce> {
  const sockets = Array.from({ length: count }, () => new WebSocket(wsUrl));
  const answers = await Promise.all(sockets.map(firstAnswer));
  await Promise.all(sockets.map(closeQuietly));
  return {
    welcomed: answers.filter((a) => a === 'welcomed').length,
    refused: answers.filter((a) => a === CLOSE_TRY_AGAIN_LATER).length,
    other: answers.filter((a) => a !== 'welcomed' && a !== CLOSE_TRY_AGAIN_LATER).length,
  };
}

/** 'welcomed' once the first message arrives (the tracker's first message is the welcome), else the close code. */
function firstAnswer(socket: WebSocket): Promise<'welcomed' | number | 'late'> {
  socket.on('error', () => {});
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('late'), ANSWER_LIMIT_MS);
    socket.once('message', () => {
      clearTimeout(timer);
      resolve('welcomed');
    });
    socket.once('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

function closeQuietly(socket: WebSocket): Promise<void> {
  if (socket.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => socket.terminate(), ANSWER_LIMIT_MS);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.close(1000, 'done');
  });
}
