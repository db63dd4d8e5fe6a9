import { z } from 'zod';
import { parseJsonText, utf8Length } from './json-text.ts';
import {
  MAX_CATALOG_FILES,
  MAX_JOINED_PEERS,
  MAX_PEER_ID_LENGTH,
  MAX_PIECES,
  MAX_SIGNAL_BYTES,
  MAX_TRACKER_MESSAGE_BYTES,
  PROTOCOL_VERSION,
} from './limits.ts';
import { type Manifest, manifestSchema, swarmIdSchema } from './manifest.ts';
import type { ParseResult } from './parse-result.ts';
import { swarmSettingsSchema } from './swarm-settings.ts';

/**
 * Messages between a page and the tracker, as JSON text over one WebSocket.
 * The tracker assigns each socket a peer id and stamps it on everything it relays, so no page
 * can speak as another. Each type's shape is shown above its schema.
 */

export const peerIdSchema = z
  .string()
  .min(1)
  .max(MAX_PEER_ID_LENGTH)
  .regex(/^[A-Za-z0-9_-]+$/);

/** Whatever simple-peer hands us to forward (an SDP offer/answer or an ICE candidate); bounded in size. */
const signalDataSchema = z.record(z.string().max(64), z.unknown()).refine((d) => {
  try {
    return utf8Length(JSON.stringify(d)) <= MAX_SIGNAL_BYTES;
  } catch {
    return false; // nested too deeply to serialize: far past any real offer or candidate
  }
}, `signal data over ${MAX_SIGNAL_BYTES} bytes`);

const countSchema = z.number().int().min(0).max(1_000_000_000);

/**
 * The pieces a page holds, as in the wire 'bitfield' (see Bitfield): two lower-case hex digits per 8
 * pieces, piece 0 the top bit of the first byte. At most MAX_PIECES pieces; the tracker also checks
 * that it is exactly the swarm's length.
 */
export const bitfieldHexSchema = z
  .string()
  .max(2 * Math.ceil(MAX_PIECES / 8))
  .regex(/^(?:[0-9a-f]{2})*$/, 'must be pairs of lower-case hex digits');

// ---- page → tracker ---------------------------------------------------------------------------

export const clientMessageSchema = z.discriminatedUnion('type', [
  /**
   * { type: 'share', manifest, settings? } — announce a file we hold whole; we join its swarm as a
   * seeder. `settings` (a SwarmSettings) are the swarm's if this share creates it, else ignored.
   */
  z
    .object({ type: z.literal('share'), manifest: manifestSchema, settings: swarmSettingsSchema.optional() })
    .strict(),
  /**
   * { type: 'join', swarmId, manifest? } — join a swarm to download it; answered by 'joined' or an error.
   * A page that already holds the manifest sends it along, so a restarted tracker can rebuild the swarm.
   */
  z.object({ type: z.literal('join'), swarmId: swarmIdSchema, manifest: manifestSchema.optional() }).strict(),
  /** { type: 'leave', swarmId } */
  z.object({ type: z.literal('leave'), swarmId: swarmIdSchema }).strict(),
  /** { type: 'signal', swarmId, to, data } — WebRTC signalling for one peer of the same swarm. */
  z
    .object({ type: z.literal('signal'), swarmId: swarmIdSchema, to: peerIdSchema, data: signalDataSchema })
    .strict(),
  /**
   * { type: 'progress', swarmId, have, complete, bitfield? } — how many pieces we hold, for the catalog,
   * and which (hex, see bitfieldHexSchema) for the teacher's dashboard. Pages send it at most once a
   * second per swarm, and only when it changed.
   */
  z
    .object({
      type: z.literal('progress'),
      swarmId: swarmIdSchema,
      have: countSchema,
      complete: z.boolean(),
      bitfield: bitfieldHexSchema.optional(),
    })
    .strict(),
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

// ---- tracker → page ---------------------------------------------------------------------------

export const catalogEntrySchema = z.object({
  swarmId: swarmIdSchema,
  name: z.string(),
  size: z.number().int().min(0),
  seeders: countSchema,
  leechers: countSchema,
});
export type CatalogEntry = z.infer<typeof catalogEntrySchema>;

export const serverMessageSchema = z.discriminatedUnion('type', [
  /** { type: 'welcome', peerId, version } — first message on every socket. */
  z.object({ type: z.literal('welcome'), peerId: peerIdSchema, version: z.number().int() }),
  /** { type: 'catalog', files: [{ swarmId, name, size, seeders, leechers }] } — on connect and on change. */
  z.object({ type: z.literal('catalog'), files: z.array(catalogEntrySchema).max(MAX_CATALOG_FILES) }),
  /** { type: 'joined', swarmId, manifest, peers } — peers is a random subset of the swarm's other peers. */
  z.object({
    type: z.literal('joined'),
    swarmId: swarmIdSchema,
    manifest: manifestSchema,
    peers: z.array(peerIdSchema).max(MAX_JOINED_PEERS),
  }),
  /** { type: 'peer-joined', swarmId, peerId } — a newcomer will call us; wait for its signal. */
  z.object({ type: z.literal('peer-joined'), swarmId: swarmIdSchema, peerId: peerIdSchema }),
  /** { type: 'peer-left', swarmId, peerId } */
  z.object({ type: z.literal('peer-left'), swarmId: swarmIdSchema, peerId: peerIdSchema }),
  /** { type: 'signal', swarmId, from, data } — `from` is stamped by the tracker. */
  z.object({ type: z.literal('signal'), swarmId: swarmIdSchema, from: peerIdSchema, data: signalDataSchema }),
  /**
   * { type: 'settings', swarmId, settings, freeRider, assigned? } — the swarm's settings
   * (SwarmSettings) and whether this peer is to free-ride; sent after 'joined' and whenever the
   * dashboard changes them. `assigned` (hex, see bitfieldHexSchema) is present while the teacher's
   * pre-distribution runs: fetch only these pieces, then wait for settings without it.
   */
  z.object({
    type: z.literal('settings'),
    swarmId: swarmIdSchema,
    settings: swarmSettingsSchema,
    freeRider: z.boolean(),
    assigned: bitfieldHexSchema.optional(),
  }),
  /** { type: 'error', code, message } — the request was refused; the socket stays usable. */
  z.object({ type: z.literal('error'), code: z.string().max(64), message: z.string().max(1000) }),
]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;

export type TrackerErrorCode =
  | 'bad-message'
  | 'unknown-swarm'
  | 'not-in-swarm'
  | 'unknown-peer'
  | 'rate-limited'
  | 'too-many-swarms'
  | 'internal-error';

export const TRACKER_PROTOCOL_VERSION = PROTOCOL_VERSION;

export const parseClientMessage = (raw: unknown): ParseResult<ClientMessage> =>
  parseJsonText(raw, clientMessageSchema, MAX_TRACKER_MESSAGE_BYTES, 'tracker message');

export const parseServerMessage = (raw: unknown): ParseResult<ServerMessage> =>
  parseJsonText(raw, serverMessageSchema, MAX_TRACKER_MESSAGE_BYTES, 'tracker reply');

export const encodeTrackerMessage = (m: ClientMessage | ServerMessage): string => JSON.stringify(m);

export type { Manifest };
