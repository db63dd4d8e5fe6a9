import { z } from 'zod';
import { parseJsonText } from './json-text.ts';
import { MAX_PEER_ID_LENGTH, MAX_PIECE_SIZE, MAX_PIECES, MAX_WIRE_MESSAGE_BYTES } from './limits.ts';
import { swarmIdSchema } from './manifest.ts';
import type { ParseResult } from './parse-result.ts';

/**
 * Control messages between two peers, as JSON text on the data channel. Piece data travels as
 * binary frames instead (block-frame.ts), so the hot path never touches JSON.
 */

const pieceIndex = z
  .number()
  .int()
  .min(0)
  .max(MAX_PIECES - 1);
const blockRef = {
  piece: pieceIndex,
  offset: z
    .number()
    .int()
    .min(0)
    .max(MAX_PIECE_SIZE - 1),
  length: z.number().int().min(1).max(MAX_PIECE_SIZE),
};

export const wireMessageSchema = z.discriminatedUnion('t', [
  /** { t: 'handshake', v: 1, swarm, peer } — must come first, both ways. */
  z
    .object({
      t: z.literal('handshake'),
      v: z.number().int().min(0).max(1000),
      swarm: swarmIdSchema,
      peer: z.string().min(1).max(MAX_PEER_ID_LENGTH),
    })
    .strict(),
  /** { t: 'bitfield', bits: 'f0a1…' } — the sender's whole stock, hex, right after the handshake. */
  z
    .object({
      t: z.literal('bitfield'),
      bits: z.string().max(Math.ceil(MAX_PIECES / 8) * 2),
    })
    .strict(),
  /** { t: 'have', pieces: [3, 17] } — pieces the sender has just verified (batched). */
  z.object({ t: z.literal('have'), pieces: z.array(pieceIndex).min(1).max(MAX_PIECES) }).strict(),
  /** { t: 'interested' } / { t: 'not-interested' } */
  z.object({ t: z.literal('interested') }).strict(),
  z.object({ t: z.literal('not-interested') }).strict(),
  /** { t: 'choke' } / { t: 'unchoke' } — a choke drops every request the choked peer had pending. */
  z.object({ t: z.literal('choke') }).strict(),
  z.object({ t: z.literal('unchoke') }).strict(),
  /** { t: 'request', piece, offset, length } — ask for one block; answered by a block frame. */
  z.object({ t: z.literal('request'), ...blockRef }).strict(),
  /** { t: 'cancel', piece, offset, length } — no longer needed (endgame: someone else sent it). */
  z.object({ t: z.literal('cancel'), ...blockRef }).strict(),
]);
export type WireMessage = z.infer<typeof wireMessageSchema>;
export type WireMessageType = WireMessage['t'];

export const parseWireMessage = (raw: unknown): ParseResult<WireMessage> =>
  parseJsonText(raw, wireMessageSchema, MAX_WIRE_MESSAGE_BYTES, 'peer message');

export const encodeWireMessage = (m: WireMessage): string => JSON.stringify(m);
