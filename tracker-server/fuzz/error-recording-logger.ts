import { type Logger, pino } from 'pino';

/**
 * A pino logger for the tracker under fuzz: it prints nothing, but keeps what the tracker logs at error
 * level (a request handler that threw, a departure that failed, a socket-server error), which no reply
 * to a page would show. Tracks the count and the first few lines.
 */

const KEPT_LINES = 10;

export interface ErrorRecordingLogger {
  logger: Logger;
  /** Error-level lines logged so far. */
  readonly count: number;
  readonly lines: readonly string[];
}

export function errorRecordingLogger(): ErrorRecordingLogger {
  const lines: string[] = [];
  let count = 0;
  const destination = {
    write(line: string) {
      count++;
      if (lines.length < KEPT_LINES) lines.push(line.trim().slice(0, 400));
    },
  };
  return {
    logger: pino({ level: 'error' }, destination),
    get count() {
      return count;
    },
    lines,
  };
}
