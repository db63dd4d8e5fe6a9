import { MAX_PIECE_SIZE, MAX_PIECES } from './limits.ts';
import { fail, ok, type ParseResult } from './parse-result.ts';

/**
 * Binary frame carrying one block of piece data. Layout (big-endian):
 *
 *   byte 0      FRAME_KIND_BLOCK (0x01)
 *   bytes 1–4   piece index (u32)
 *   bytes 5–8   offset of the block inside the piece (u32)
 *   bytes 9–    the block's bytes
 */
export const FRAME_KIND_BLOCK = 0x01;
export const BLOCK_HEADER_BYTES = 9;
const PIECE_FIELD = 1;
const OFFSET_FIELD = 5;

export interface BlockFrame {
  piece: number;
  offset: number;
  /** A view into the frame's buffer (no copy). */
  data: Uint8Array;
}

/** Builds a frame in one fresh ArrayBuffer, so it can be transferred without copying again. */
export function encodeBlockFrame(piece: number, offset: number, data: Uint8Array): ArrayBuffer {
  const buffer = new ArrayBuffer(BLOCK_HEADER_BYTES + data.byteLength);
  new Uint8Array(buffer, BLOCK_HEADER_BYTES).set(data);
  writeBlockHeader(buffer, piece, offset);
  return buffer;
}

/** Writes the header into a frame whose block bytes are already in place (from byte 9 on). */
export function writeBlockHeader(frame: ArrayBuffer, piece: number, offset: number): void {
  const view = new DataView(frame);
  view.setUint8(0, FRAME_KIND_BLOCK);
  view.setUint32(PIECE_FIELD, piece);
  view.setUint32(OFFSET_FIELD, offset);
}

/** Reads a frame's header; only checks the frame's own shape (the engine checks it against the manifest). */
export function decodeBlockFrame(buffer: ArrayBuffer): ParseResult<BlockFrame> {
  if (buffer.byteLength < BLOCK_HEADER_BYTES + 1)
    return fail(`block frame of ${buffer.byteLength} bytes is too short`);
  if (buffer.byteLength > BLOCK_HEADER_BYTES + MAX_PIECE_SIZE)
    return fail('block frame is larger than any piece');
  const view = new DataView(buffer);
  const kind = view.getUint8(0);
  if (kind !== FRAME_KIND_BLOCK) return fail(`unknown binary frame kind 0x${kind.toString(16)}`);
  const piece = view.getUint32(PIECE_FIELD);
  const offset = view.getUint32(OFFSET_FIELD);
  if (piece >= MAX_PIECES) return fail(`block frame piece index ${piece} out of range`);
  return ok({ piece, offset, data: new Uint8Array(buffer, BLOCK_HEADER_BYTES) });
}
