import { describe, expect, it } from 'vitest';
import {
  MAX_PEER_ID_LENGTH,
  MAX_PIECES,
  MAX_SIGNAL_BYTES,
  MAX_TRACKER_MESSAGE_BYTES,
  MIN_PIECE_SIZE,
} from './limits.ts';
import { buildManifest, type Manifest, swarmIdOf } from './manifest.ts';
import { DEFAULT_SWARM_SETTINGS } from './swarm-settings.ts';
import { expectRefused, genericHostileCases, nested } from './test-support/hostile-text.ts';
import {
  type ClientMessage,
  encodeTrackerMessage,
  parseClientMessage,
  parseServerMessage,
  type ServerMessage,
  serverMessageSchema,
} from './tracker-messages.ts';

const hash = (n: number) => n.toString(16).padStart(2, '0').repeat(32);
const manifest: Manifest = buildManifest('notes.txt', 40_000, 16_384, [hash(1), hash(2), hash(3)]);
const SWARM = swarmIdOf(manifest);
const bigManifest: Manifest = buildManifest(
  'big.bin',
  MAX_PIECES * MIN_PIECE_SIZE,
  MIN_PIECE_SIZE,
  Array.from({ length: MAX_PIECES }, (_, i) => hash(i % 256)),
);
const offer = { type: 'offer', sdp: 'v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\n' };
const candidate = {
  candidate: { candidate: 'candidate:1 1 udp 2122260223 192.168.1.2 54321 typ host', sdpMLineIndex: 0 },
};
/** Signal data whose JSON text is exactly `length` characters. */
const signalOfLength = (length: number) => ({ sdp: 'x'.repeat(length - '{"sdp":""}'.length) });

const CLIENT = 'tracker message';
const SERVER = 'tracker reply';

describe('client messages (page → tracker): valid messages parse to themselves', () => {
  const valid: Array<{ name: string; m: ClientMessage }> = [
    { name: 'share', m: { type: 'share', manifest } },
    { name: 'share of the largest manifest', m: { type: 'share', manifest: bigManifest } },
    { name: 'join', m: { type: 'join', swarmId: SWARM } },
    { name: 'leave', m: { type: 'leave', swarmId: SWARM } },
    { name: 'signal (offer)', m: { type: 'signal', swarmId: SWARM, to: 'Peer_1-a', data: offer } },
    { name: 'signal (candidate)', m: { type: 'signal', swarmId: SWARM, to: 'p', data: candidate } },
    { name: 'signal (empty data)', m: { type: 'signal', swarmId: SWARM, to: 'p', data: {} } },
    {
      name: 'signal at the size limit',
      m: {
        type: 'signal',
        swarmId: SWARM,
        to: 'x'.repeat(MAX_PEER_ID_LENGTH),
        data: signalOfLength(MAX_SIGNAL_BYTES),
      },
    },
    { name: 'progress', m: { type: 'progress', swarmId: SWARM, have: 2, complete: false } },
    {
      name: 'progress, complete',
      m: { type: 'progress', swarmId: SWARM, have: 1_000_000_000, complete: true },
    },
    {
      name: 'progress with a bitfield (pieces 0 and 2 of 3)',
      m: { type: 'progress', swarmId: SWARM, have: 2, complete: false, bitfield: 'a0' },
    },
    {
      name: 'progress with the bitfield of MAX_PIECES pieces',
      m: {
        type: 'progress',
        swarmId: SWARM,
        have: 0,
        complete: false,
        bitfield: '00'.repeat(MAX_PIECES / 8),
      },
    },
    {
      name: 'share with settings',
      m: { type: 'share', manifest, settings: { ...DEFAULT_SWARM_SETTINGS, strategy: 'sequential' } },
    },
  ];

  it.each(valid)('$name', ({ m }) => {
    const text = encodeTrackerMessage(m);
    expect(text.length).toBeLessThanOrEqual(MAX_TRACKER_MESSAGE_BYTES);
    expect(parseClientMessage(text)).toEqual({ ok: true, value: m });
    const again = parseClientMessage(text);
    expect(again.ok && encodeTrackerMessage(again.value)).toBe(text);
  });
});

describe('server messages (tracker → page): valid messages parse to themselves', () => {
  const entry = { swarmId: SWARM, name: 'notes.txt', size: 40_000, seeders: 1, leechers: 3 };
  const valid: Array<{ name: string; m: ServerMessage }> = [
    { name: 'welcome', m: { type: 'welcome', peerId: 'abc_DEF-123', version: 1 } },
    {
      name: 'catalog',
      m: { type: 'catalog', files: [entry, { ...entry, swarmId: hash(9), name: '', size: 0 }] },
    },
    { name: 'empty catalog', m: { type: 'catalog', files: [] } },
    { name: 'joined', m: { type: 'joined', swarmId: SWARM, manifest, peers: ['a', 'b'] } },
    { name: 'joined, alone', m: { type: 'joined', swarmId: SWARM, manifest, peers: [] } },
    { name: 'peer-joined', m: { type: 'peer-joined', swarmId: SWARM, peerId: 'a' } },
    { name: 'peer-left', m: { type: 'peer-left', swarmId: SWARM, peerId: 'a' } },
    { name: 'signal', m: { type: 'signal', swarmId: SWARM, from: 'a', data: offer } },
    {
      name: 'settings',
      m: { type: 'settings', swarmId: SWARM, settings: DEFAULT_SWARM_SETTINGS, freeRider: true },
    },
    {
      name: 'settings with a pre-distribution share',
      m: {
        type: 'settings',
        swarmId: SWARM,
        settings: DEFAULT_SWARM_SETTINGS,
        freeRider: false,
        assigned: 'a5',
      },
    },
    { name: 'error', m: { type: 'error', code: 'unknown-swarm', message: 'no such swarm' } },
  ];

  it.each(valid)('$name', ({ m }) => {
    const text = encodeTrackerMessage(m);
    expect(parseServerMessage(text)).toEqual({ ok: true, value: m });
  });

  it('drops unknown fields of a reply instead of refusing it (replies are not strict)', () => {
    const r = parseServerMessage('{"type":"welcome","peerId":"a","version":1,"motd":"hi"}');
    expect(r).toEqual({ ok: true, value: { type: 'welcome', peerId: 'a', version: 1 } });
  });
});

describe('client messages: hostile input is refused, never thrown', () => {
  it.each(genericHostileCases(MAX_TRACKER_MESSAGE_BYTES))('$why', ({ raw, error }) => {
    expectRefused(parseClientMessage, raw, CLIENT, error);
  });

  const msg = (m: Record<string, unknown>) => JSON.stringify(m);
  const share = (fields: Record<string, unknown>) =>
    msg({ type: 'share', manifest: { ...manifest, ...fields } });
  const signal = (fields: Record<string, unknown>) =>
    msg({ type: 'signal', swarmId: SWARM, to: 'p', data: offer, ...fields });
  const progress = (fields: Record<string, unknown>) =>
    msg({ type: 'progress', swarmId: SWARM, have: 1, complete: false, ...fields });

  it.each([
    // type
    { why: 'no type', raw: msg({ swarmId: SWARM }), error: /at type/ },
    { why: 'unknown type', raw: msg({ type: 'announce', swarmId: SWARM }), error: /at type/ },
    { why: 'a server-only type', raw: msg({ type: 'welcome', peerId: 'a', version: 1 }), error: /at type/ },
    { why: 'type "__proto__"', raw: msg({ type: '__proto__' }), error: /at type/ },
    { why: 'wire-style "t" key', raw: msg({ t: 'join', swarmId: SWARM }), error: /at type/ },
    // extra / missing fields
    {
      why: 'join with an extra field',
      raw: msg({ type: 'join', swarmId: SWARM, as: 'seeder' }),
      error: /Unrecognized key/,
    },
    { why: 'signal with a "from" field', raw: signal({ from: 'someone-else' }), error: /Unrecognized key/ },
    { why: 'leave without swarmId', raw: msg({ type: 'leave' }), error: /at swarmId/ },
    { why: 'share without manifest', raw: msg({ type: 'share' }), error: /at manifest/ },
    { why: 'signal without data', raw: msg({ type: 'signal', swarmId: SWARM, to: 'p' }), error: /at data/ },
    {
      why: 'progress without complete',
      raw: msg({ type: 'progress', swarmId: SWARM, have: 1 }),
      error: /at complete/,
    },
    // swarm ids
    {
      why: 'join with an upper-case swarm id',
      raw: msg({ type: 'join', swarmId: SWARM.toUpperCase() }),
      error: /at swarmId/,
    },
    {
      why: 'join with a short swarm id',
      raw: msg({ type: 'join', swarmId: SWARM.slice(1) }),
      error: /at swarmId/,
    },
    { why: 'join with a numeric swarm id', raw: msg({ type: 'join', swarmId: 12 }), error: /at swarmId/ },
    {
      why: 'join with a 100 KB swarm id',
      raw: msg({ type: 'join', swarmId: 'a'.repeat(100_000) }),
      error: /at swarmId/,
    },
    // share with an invalid manifest
    { why: 'share, manifest with an extra key', raw: share({ extra: 1 }), error: /at manifest/ },
    { why: 'share, manifest of size 0', raw: share({ size: 0, pieces: [] }), error: /at manifest\.size/ },
    { why: 'share, piece count mismatch', raw: share({ pieces: [hash(1)] }), error: /at manifest\.pieces/ },
    {
      why: 'share, non-power-of-two piece size',
      raw: share({ pieceSize: 20_000 }),
      error: /at manifest\.pieceSize/,
    },
    {
      why: 'share, upper-case hash',
      raw: share({ pieces: [hash(1), hash(2), 'AB'.repeat(32)] }),
      error: /pieces\.2/,
    },
    { why: 'share, name too long', raw: share({ name: 'n'.repeat(256) }), error: /at manifest\.name/ },
    { why: 'share, manifest v 2', raw: share({ v: 2 }), error: /at manifest\.v/ },
    {
      why: 'share, manifest as a string',
      raw: msg({ type: 'share', manifest: JSON.stringify(manifest) }),
      error: /manifest/,
    },
    {
      why: 'share, manifest as an array',
      raw: msg({ type: 'share', manifest: [manifest] }),
      error: /manifest/,
    },
    // signal
    { why: 'signal to an empty id', raw: signal({ to: '' }), error: /at to/ },
    { why: 'signal to an id with a space', raw: signal({ to: 'a b' }), error: /at to/ },
    { why: 'signal to an id with a slash', raw: signal({ to: '../a' }), error: /at to/ },
    {
      why: 'signal to an id too long',
      raw: signal({ to: 'x'.repeat(MAX_PEER_ID_LENGTH + 1) }),
      error: /at to/,
    },
    { why: 'signal data as a string', raw: signal({ data: 'offer' }), error: /at data/ },
    { why: 'signal data as an array', raw: signal({ data: [offer] }), error: /at data/ },
    { why: 'signal data null', raw: signal({ data: null }), error: /at data/ },
    {
      why: 'signal data with a 65-character key',
      raw: signal({ data: { ['k'.repeat(65)]: 1 } }),
      error: /at data/,
    },
    {
      why: 'signal data one over the signal limit',
      raw: signal({ data: signalOfLength(MAX_SIGNAL_BYTES + 1) }),
      error: new RegExp(`signal data over ${MAX_SIGNAL_BYTES} bytes`),
    },
    {
      why: 'signal data far over the signal limit',
      raw: signal({ data: signalOfLength(MAX_SIGNAL_BYTES * 50) }),
      error: /signal data over/,
    },
    {
      why: 'signal data nested 10,000 deep',
      raw: signal({ data: 'PLACEHOLDER' }).replace('"PLACEHOLDER"', `{"x":${nested(10_000)}}`),
    },
    {
      why: 'signal data nested 100,000 deep',
      raw: signal({ data: 'PLACEHOLDER' }).replace('"PLACEHOLDER"', `{"x":${nested(100_000)}}`),
    },
    // progress numbers
    { why: 'progress with negative have', raw: progress({ have: -1 }), error: /at have/ },
    { why: 'progress with fractional have', raw: progress({ have: 2.5 }), error: /at have/ },
    { why: 'progress with huge have', raw: progress({ have: 1e12 }), error: /at have/ },
    { why: 'progress with have as a string', raw: progress({ have: '3' }), error: /at have/ },
    { why: 'progress with complete as a string', raw: progress({ complete: 'yes' }), error: /at complete/ },
    { why: 'progress with complete as 1', raw: progress({ complete: 1 }), error: /at complete/ },
    // progress bitfields
    { why: 'progress with an upper-case bitfield', raw: progress({ bitfield: 'A0' }), error: /at bitfield/ },
    { why: 'progress with an odd-length bitfield', raw: progress({ bitfield: 'a' }), error: /at bitfield/ },
    { why: 'progress with a non-hex bitfield', raw: progress({ bitfield: 'zz' }), error: /at bitfield/ },
    { why: 'progress with a bitfield array', raw: progress({ bitfield: [1, 0] }), error: /at bitfield/ },
    {
      why: 'progress with a bitfield past MAX_PIECES',
      raw: progress({ bitfield: '00'.repeat(MAX_PIECES / 8 + 1) }),
      error: /at bitfield/,
    },
    // share settings
    {
      why: 'share with settings of 99 slots',
      raw: msg({ type: 'share', manifest, settings: { ...DEFAULT_SWARM_SETTINGS, regularSlots: 99 } }),
      error: /at settings\.regularSlots/,
    },
    {
      why: 'share with settings missing a field',
      raw: msg({ type: 'share', manifest, settings: { strategy: 'random' } }),
      error: /at settings/,
    },
  ])('$why', ({ raw, error }) => {
    expectRefused(parseClientMessage, raw, CLIENT, error);
  });

  it('counts signal data in UTF-8 bytes, as its limit says (6,000 × "€" is 18,000 bytes)', () => {
    const data = { sdp: '€'.repeat(6_000) };
    expect(new TextEncoder().encode(JSON.stringify(data)).byteLength).toBeGreaterThan(MAX_SIGNAL_BYTES);
    expectRefused(parseClientMessage, signal({ data }), CLIENT, /signal data over/);
  });

  it('keeps the error short when the hostile input is long (unknown keys of 50,000 characters)', () => {
    const key = 'k'.repeat(50_000);
    expectRefused(
      parseClientMessage,
      msg({ type: 'join', swarmId: SWARM, [key]: 1 }),
      CLIENT,
      /Unrecognized key/,
    );
    expectRefused(parseClientMessage, signal({ data: { [key]: 1 } }), CLIENT, /at data/);
  });
});

describe('server messages: hostile input is refused, never thrown', () => {
  it.each(genericHostileCases(MAX_TRACKER_MESSAGE_BYTES))('$why', ({ raw, error }) => {
    expectRefused(parseServerMessage, raw, SERVER, error);
  });

  const msg = (m: Record<string, unknown>) => JSON.stringify(m);
  const entry = { swarmId: SWARM, name: 'a', size: 1, seeders: 0, leechers: 0 };

  it.each([
    { why: 'unknown type', raw: msg({ type: 'kick' }), error: /at type/ },
    { why: 'a client-only type', raw: msg({ type: 'join', swarmId: SWARM }), error: /at type/ },
    {
      why: 'welcome with a bad peer id',
      raw: msg({ type: 'welcome', peerId: 'a b', version: 1 }),
      error: /at peerId/,
    },
    {
      why: 'welcome with a fractional version',
      raw: msg({ type: 'welcome', peerId: 'a', version: 1.5 }),
      error: /at version/,
    },
    {
      why: 'catalog entry with negative size',
      raw: msg({ type: 'catalog', files: [{ ...entry, size: -1 }] }),
      error: /files\.0\.size/,
    },
    {
      why: 'catalog entry with negative seeders',
      raw: msg({ type: 'catalog', files: [{ ...entry, seeders: -1 }] }),
      error: /seeders/,
    },
    {
      why: 'joined with an invalid manifest',
      raw: msg({ type: 'joined', swarmId: SWARM, manifest: { ...manifest, size: 0 }, peers: [] }),
      error: /at manifest/,
    },
    {
      why: 'joined with 1,001 peers',
      raw: msg({ type: 'joined', swarmId: SWARM, manifest, peers: Array(1001).fill('a') }),
      error: /at peers/,
    },
    {
      why: 'joined with a bad peer id',
      raw: msg({ type: 'joined', swarmId: SWARM, manifest, peers: ['ok', 'not ok'] }),
      error: /at peers\.1/,
    },
    {
      why: 'signal without from',
      raw: msg({ type: 'signal', swarmId: SWARM, data: offer }),
      error: /at from/,
    },
    {
      why: 'signal data over the limit',
      raw: msg({ type: 'signal', swarmId: SWARM, from: 'a', data: signalOfLength(MAX_SIGNAL_BYTES + 1) }),
      error: /signal data over/,
    },
    {
      why: 'signal data nested 10,000 deep',
      raw: `{"type":"signal","swarmId":"${SWARM}","from":"a","data":{"x":${nested(10_000)}}}`,
    },
    {
      why: 'error with a 65-character code',
      raw: msg({ type: 'error', code: 'c'.repeat(65), message: 'm' }),
      error: /at code/,
    },
    {
      why: 'error with a 1,001-character message',
      raw: msg({ type: 'error', code: 'c', message: 'm'.repeat(1001) }),
      error: /at message/,
    },
  ])('$why', ({ raw, error }) => {
    expectRefused(parseServerMessage, raw, SERVER, error);
  });

  it('bounds the catalog at 10,000 entries (checked on the parsed object: such a text is over the size limit)', () => {
    const files = Array(10_001).fill(entry);
    expect(encodeTrackerMessage({ type: 'catalog', files }).length).toBeGreaterThan(
      MAX_TRACKER_MESSAGE_BYTES,
    );
    expect(serverMessageSchema.safeParse({ type: 'catalog', files }).success).toBe(false);
    expect(serverMessageSchema.safeParse({ type: 'catalog', files: files.slice(1) }).success).toBe(true);
  });

  it('measures the size limit in UTF-8 bytes (a catalog of 1.2 MB of "€" is over 1 MiB)', () => {
    const raw = msg({ type: 'catalog', files: [{ ...entry, name: '€'.repeat(400_000) }] });
    expect(raw.length).toBeLessThanOrEqual(MAX_TRACKER_MESSAGE_BYTES);
    expect(new TextEncoder().encode(raw).byteLength).toBeGreaterThan(MAX_TRACKER_MESSAGE_BYTES);
    expectRefused(parseServerMessage, raw, SERVER, /exceeds/);
  });
});
