/**
 * The `type` of a tracker message, read from the first bytes of the frame without parsing it. Tracks
 * nothing. Thousands of simulated pages receive every catalog (tens of KiB each) and every
 * 'peer-joined'; parsing all of them would make the load generator, not the tracker, the bottleneck.
 * The tracker writes `type` first ({"type":"catalog",…}); a frame that does not start that way gets
 * undefined, and the caller parses it.
 */

const PREFIX = Buffer.from('{"type":"');
const QUOTE = 0x22;
/** Longer than any message type; a frame with no closing quote within this is not sniffed. */
const MAX_TYPE_LENGTH = 32;

export function frameType(frame: Buffer): string | undefined {
  if (frame.length <= PREFIX.length || frame.compare(PREFIX, 0, PREFIX.length, 0, PREFIX.length) !== 0) {
    return undefined;
  }
  const end = frame.indexOf(QUOTE, PREFIX.length);
  if (end < 0 || end - PREFIX.length > MAX_TYPE_LENGTH) return undefined;
  return frame.toString('latin1', PREFIX.length, end);
}
