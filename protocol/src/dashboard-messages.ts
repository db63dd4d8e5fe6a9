import { z } from 'zod';
import { parseJsonText } from './json-text.ts';
import { MAX_FILE_NAME_LENGTH, MAX_PIECES, PROTOCOL_VERSION } from './limits.ts';
import { swarmIdSchema } from './manifest.ts';
import { fail, ok, type ParseResult } from './parse-result.ts';
import { type SwarmSettings, swarmSettingsSchema } from './swarm-settings.ts';
import { peerIdSchema } from './tracker-messages.ts';

/**
 * The teacher's dashboard API: JSON text over its own WebSocket, DASHBOARD_SOCKET_PATH on the tracker's
 * port (ws:// or wss:// as the page). The /dashboard page speaks it, and so may a script (an
 * experiment runner); it is kept stable. A session goes:
 *
 *   dashboard → { type: 'dashboard', key }                     first; a wrong key: error 'bad-key', then close
 *   tracker   → { type: 'welcome', version, joinUrl }          joinUrl: the peer page, for the QR code
 *   tracker   → { type: 'state', swarmCount, swarms }          at once, then after changes, at most 2×/s
 *   dashboard → { type: 'set-settings', id?, swarmId, settings }
 *   dashboard → { type: 'set-free-rider', id?, swarmId, peerId, freeRider }
 *   dashboard → { type: 'pre-distribute', id?, swarmId, percent }
 *   tracker   → { type: 'ok', id?, request }  or  { type: 'error', id?, code, message }
 *
 * `id` (optional, any integer ≥ 0 the client picks) is echoed in the answer, so a script can match an
 * answer to its request. A change reaches every peer of the swarm at once as a tracker 'settings'
 * message, and shows in the next 'state'.
 */

export const DASHBOARD_SOCKET_PATH = '/dashboard/ws';
/** The dashboard page; its key goes in the fragment (`/dashboard#key=…`), which browsers never send. */
export const DASHBOARD_PAGE_PATH = '/dashboard';
/** 'state' messages are at least this far apart (at most 2 a second). */
export const DASHBOARD_STATE_INTERVAL_MS = 500;
/** Largest request a dashboard may send (settings are a few hundred bytes). */
export const MAX_DASHBOARD_REQUEST_BYTES = 16 * 1024;
/** Largest 'state' a dashboard accepts: 100 swarms of 8,192 pieces and 1,000 peers fit. */
export const MAX_DASHBOARD_STATE_BYTES = 64 * 1024 * 1024;
/** Most swarms listed in one 'state' (by name); `swarmCount` says how many there are in all. */
export const MAX_DASHBOARD_SWARMS = 100;
/** Most peers listed per swarm (by peer id); `peerCount` says how many there are in all. */
export const MAX_DASHBOARD_PEERS = 1000;
/** A pre-distribution hands out at most this share of the pieces, so there is still a demo to run. */
export const MAX_PREDISTRIBUTION_PERCENT = 90;

/** A dashboard key: 8–128 url-safe characters (it travels in a URL fragment). */
export const dashboardKeySchema = z
  .string()
  .min(8)
  .max(128)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, _ or -');

export function isDashboardKey(key: string): boolean {
  return dashboardKeySchema.safeParse(key).success;
}

const requestIdSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const countSchema = z.number().int().min(0).max(1_000_000_000);

// ---- dashboard → tracker ----------------------------------------------------------------------

export const dashboardRequestSchema = z.discriminatedUnion('type', [
  /** { type: 'dashboard', key } — must come first; any other key is refused ('bad-key'). */
  z.object({ type: z.literal('dashboard'), key: z.string().max(256) }).strict(),
  /** { type: 'set-settings', id?, swarmId, settings } — the swarm's settings for every peer in it. */
  z
    .object({
      type: z.literal('set-settings'),
      id: requestIdSchema.optional(),
      swarmId: swarmIdSchema,
      settings: swarmSettingsSchema,
    })
    .strict(),
  /** { type: 'set-free-rider', id?, swarmId, peerId, freeRider } — a member downloads but never uploads. */
  z
    .object({
      type: z.literal('set-free-rider'),
      id: requestIdSchema.optional(),
      swarmId: swarmIdSchema,
      peerId: peerIdSchema,
      freeRider: z.boolean(),
    })
    .strict(),
  /**
   * { type: 'pre-distribute', id?, swarmId, percent } — every downloading member gets `percent` of
   * the pieces at random, fetched uncapped and unchoked; the swarm's own settings apply once all hold
   * their share (the original course project's `dist_block`: the demo starts with pieces everywhere).
   */
  z
    .object({
      type: z.literal('pre-distribute'),
      id: requestIdSchema.optional(),
      swarmId: swarmIdSchema,
      percent: z.number().int().min(1).max(MAX_PREDISTRIBUTION_PERCENT),
    })
    .strict(),
]);
export type DashboardRequest = z.infer<typeof dashboardRequestSchema>;

// ---- tracker → dashboard ----------------------------------------------------------------------

export const dashboardPeerSchema = z.object({
  peerId: peerIdSchema,
  /** 'seeder' entered by sharing, 'leecher' by joining. */
  role: z.enum(['seeder', 'leecher']),
  /** Pieces held, as last reported (progress = have / pieceCount). */
  have: countSchema,
  complete: z.boolean(),
  freeRider: z.boolean(),
});
export type DashboardPeer = z.infer<typeof dashboardPeerSchema>;

/** A pre-distribution in progress: `ready` of the `peers` with a share hold all of it. */
export const predistributionSchema = z.object({
  percent: z.number().int().min(1).max(MAX_PREDISTRIBUTION_PERCENT),
  peers: countSchema,
  ready: countSchema,
});
export type PredistributionView = z.infer<typeof predistributionSchema>;

export const dashboardSwarmSchema = z.object({
  swarmId: swarmIdSchema,
  name: z.string().max(MAX_FILE_NAME_LENGTH),
  size: z.number().int().min(0),
  pieceCount: z.number().int().min(0).max(MAX_PIECES),
  settings: swarmSettingsSchema,
  /** Members in all; `peers` lists at most MAX_DASHBOARD_PEERS of them, by peer id. */
  peerCount: countSchema,
  peers: z.array(dashboardPeerSchema).max(MAX_DASHBOARD_PEERS),
  /** Per piece, how many members hold it (from their reported bitfields): the heatmap. */
  availability: z.array(countSchema).max(MAX_PIECES),
  /** The pre-distribution in progress, or null. */
  predistribution: predistributionSchema.nullable(),
});
export type DashboardSwarm = z.infer<typeof dashboardSwarmSchema>;

export type DashboardErrorCode =
  | 'bad-message'
  | 'bad-key'
  | 'not-authorized'
  | 'unknown-swarm'
  | 'unknown-peer'
  | 'invalid-settings'
  | 'rate-limited'
  | 'internal-error';

export const dashboardServerMessageSchema = z.discriminatedUnion('type', [
  /** { type: 'welcome', version, joinUrl } — the key was right. joinUrl is the peer page (no key in it). */
  z.object({ type: z.literal('welcome'), version: z.number().int(), joinUrl: z.string().max(2048) }),
  /** { type: 'state', swarmCount, swarms } — every swarm (at most MAX_DASHBOARD_SWARMS, by name). */
  z.object({
    type: z.literal('state'),
    swarmCount: countSchema,
    swarms: z.array(dashboardSwarmSchema).max(MAX_DASHBOARD_SWARMS),
  }),
  /** { type: 'ok', id?, request } — the request took effect. */
  z.object({
    type: z.literal('ok'),
    id: requestIdSchema.optional(),
    request: z.enum(['set-settings', 'set-free-rider', 'pre-distribute']),
  }),
  /** { type: 'error', id?, code, message } — refused; after 'bad-key' the tracker closes the socket. */
  z.object({
    type: z.literal('error'),
    id: requestIdSchema.optional(),
    code: z.string().max(64),
    message: z.string().max(1000),
  }),
]);
export type DashboardServerMessage = z.infer<typeof dashboardServerMessageSchema>;

export const DASHBOARD_PROTOCOL_VERSION = PROTOCOL_VERSION;

// ---- parsing ----------------------------------------------------------------------------------

/** A request the tracker cannot take, with the code to answer and the request's id when known. */
export interface DashboardRefusal {
  code: Extract<DashboardErrorCode, 'bad-message' | 'invalid-settings'>;
  error: string;
  id?: number;
}

/** The request's shape with the settings left open, so bad settings get their own code. */
const requestEnvelopeSchema = z.discriminatedUnion('type', [
  dashboardRequestSchema.options[0],
  dashboardRequestSchema.options[1].extend({ settings: z.unknown() }),
  dashboardRequestSchema.options[2],
  dashboardRequestSchema.options[3],
]);

/**
 * Parses a dashboard's frame. A well-formed set-settings whose settings break a rule is refused as
 * 'invalid-settings' (naming the field and the rule); anything else malformed is 'bad-message'.
 */
export function parseDashboardRequest(
  raw: unknown,
): { ok: true; value: DashboardRequest } | ({ ok: false } & DashboardRefusal) {
  const envelope = parseJsonText(
    raw,
    requestEnvelopeSchema,
    MAX_DASHBOARD_REQUEST_BYTES,
    'dashboard request',
  );
  if (!envelope.ok) return { ok: false, code: 'bad-message', error: envelope.error };
  const request = envelope.value;
  if (request.type !== 'set-settings') return { ok: true, value: request };
  const settings = checkSettings(request.settings);
  if (!settings.ok) {
    return {
      ok: false,
      code: 'invalid-settings',
      error: settings.error,
      ...(request.id !== undefined && { id: request.id }),
    };
  }
  return { ok: true, value: { ...request, settings: settings.value } };
}

/** Checks swarm settings from outside, e.g. `invalid settings: regularSlots: Too big: expected number to be <=16`. */
export function checkSettings(data: unknown): ParseResult<SwarmSettings> {
  const parsed = swarmSettingsSchema.safeParse(data);
  if (parsed.success) return ok(parsed.data);
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return fail(`invalid settings: ${where}${issue?.message ?? 'unknown problem'}`.slice(0, 300));
}

export const parseDashboardServerMessage = (raw: unknown): ParseResult<DashboardServerMessage> =>
  parseJsonText(raw, dashboardServerMessageSchema, MAX_DASHBOARD_STATE_BYTES, 'dashboard message');

export const encodeDashboardMessage = (m: DashboardRequest | DashboardServerMessage): string =>
  JSON.stringify(m);
