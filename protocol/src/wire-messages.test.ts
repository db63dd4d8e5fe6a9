import { describe, expect, it } from 'vitest';
import { MAX_PEER_ID_LENGTH, MAX_PIECE_SIZE, MAX_PIECES, MAX_WIRE_MESSAGE_BYTES } from './limits.ts';
import { expectRefused, genericHostileCases, nested } from './test-support/hostile-text.ts';
import { encodeWireMessage, parseWireMessage, type WireMessage } from './wire-messages.ts';

const SWARM = 'ab'.repeat(32);
const PREFIX = 'peer message';

const valid: Array<{ name: string; m: WireMessage }> = [
  { name: 'handshake', m: { t: 'handshake', v: 1, swarm: SWARM, peer: 'peer-1' } },
  { name: 'handshake, v 0', m: { t: 'handshake', v: 0, swarm: SWARM, peer: 'p' } },
  { name: 'handshake, v 1000', m: { t: 'handshake', v: 1000, swarm: SWARM, peer: 'p' } },
  {
    name: 'handshake, longest peer id',
    m: { t: 'handshake', v: 1, swarm: SWARM, peer: 'x'.repeat(MAX_PEER_ID_LENGTH) },
  },
  { name: 'bitfield', m: { t: 'bitfield', bits: 'c8' } },
  { name: 'bitfield, empty', m: { t: 'bitfield', bits: '' } },
  { name: 'bitfield, largest', m: { t: 'bitfield', bits: 'f'.repeat((MAX_PIECES / 8) * 2) } },
  { name: 'have, one piece', m: { t: 'have', pieces: [3] } },
  { name: 'have, batched', m: { t: 'have', pieces: [0, 17, MAX_PIECES - 1] } },
  { name: 'have, every piece', m: { t: 'have', pieces: Array.from({ length: MAX_PIECES }, (_, i) => i) } },
  { name: 'interested', m: { t: 'interested' } },
  { name: 'not-interested', m: { t: 'not-interested' } },
  { name: 'choke', m: { t: 'choke' } },
  { name: 'unchoke', m: { t: 'unchoke' } },
  { name: 'request', m: { t: 'request', piece: 4, offset: 65_536, length: 65_536 } },
  {
    name: 'request, extreme fields',
    m: { t: 'request', piece: MAX_PIECES - 1, offset: MAX_PIECE_SIZE - 1, length: MAX_PIECE_SIZE },
  },
  { name: 'cancel', m: { t: 'cancel', piece: 0, offset: 0, length: 1 } },
];

describe('wire messages: valid messages parse to themselves', () => {
  it.each(valid)('$name', ({ m }) => {
    const text = encodeWireMessage(m);
    expect(typeof text).toBe('string');
    expect(text.length).toBeLessThanOrEqual(MAX_WIRE_MESSAGE_BYTES);
    expect(parseWireMessage(text)).toEqual({ ok: true, value: m });
  });

  it('round-trips encode → parse → encode to the same text', () => {
    for (const { m } of valid) {
      const text = encodeWireMessage(m);
      const parsed = parseWireMessage(text);
      expect(parsed.ok && encodeWireMessage(parsed.value)).toBe(text);
    }
  });

  it('accepts whitespace and any key order', () => {
    const r = parseWireMessage('  { "length": 10, "offset": 0,\n "piece": 2, "t": "request" }  ');
    expect(r).toEqual({ ok: true, value: { t: 'request', piece: 2, offset: 0, length: 10 } });
  });
});

describe('wire messages: hostile input is refused, never thrown', () => {
  it.each(genericHostileCases(MAX_WIRE_MESSAGE_BYTES))('$why', ({ raw, error }) => {
    expectRefused(parseWireMessage, raw, PREFIX, error);
  });

  const hs = (fields: Record<string, unknown>) =>
    JSON.stringify({ t: 'handshake', v: 1, swarm: SWARM, peer: 'p', ...fields });
  const req = (fields: Record<string, unknown>) =>
    JSON.stringify({ t: 'request', piece: 0, offset: 0, length: 1, ...fields });

  it.each([
    // unknown or missing type
    { why: 'no type', raw: '{"piece":1}', error: /at t/ },
    { why: 'unknown type', raw: '{"t":"piece"}', error: /at t/ },
    { why: 'type in another case', raw: '{"t":"Choke"}', error: /at t/ },
    { why: 'type "__proto__"', raw: '{"t":"__proto__"}', error: /at t/ },
    { why: 'type "toString"', raw: '{"t":"toString"}', error: /at t/ },
    { why: 'type "constructor"', raw: '{"t":"constructor"}', error: /at t/ },
    { why: 'type as a number', raw: '{"t":1}', error: /at t/ },
    { why: 'type as an array', raw: '{"t":["choke"]}', error: /at t/ },
    { why: 'tracker-style "type" key', raw: '{"type":"choke"}', error: /at t/ },
    // extra fields (every message is strict)
    { why: 'choke with an extra field', raw: '{"t":"choke","x":1}', error: /Unrecognized key/ },
    {
      why: 'choke with a __proto__ field',
      raw: '{"t":"choke","__proto__":{"x":1}}',
      error: /Unrecognized key/,
    },
    { why: 'handshake with an extra field', raw: hs({ admin: true }), error: /Unrecognized key/ },
    { why: 'request with an extra field', raw: req({ data: 'AAAA' }), error: /Unrecognized key/ },
    {
      why: 'have with an extra field',
      raw: '{"t":"have","pieces":[1],"all":true}',
      error: /Unrecognized key/,
    },
    // missing fields
    { why: 'handshake without swarm', raw: '{"t":"handshake","v":1,"peer":"p"}', error: /at swarm/ },
    { why: 'handshake without peer', raw: `{"t":"handshake","v":1,"swarm":"${SWARM}"}`, error: /at peer/ },
    { why: 'handshake without v', raw: `{"t":"handshake","swarm":"${SWARM}","peer":"p"}`, error: /at v/ },
    { why: 'bitfield without bits', raw: '{"t":"bitfield"}', error: /at bits/ },
    { why: 'have without pieces', raw: '{"t":"have"}', error: /at pieces/ },
    { why: 'request without length', raw: '{"t":"request","piece":0,"offset":0}', error: /at length/ },
    { why: 'cancel without piece', raw: '{"t":"cancel","offset":0,"length":1}', error: /at piece/ },
    // handshake fields
    { why: 'handshake v 1001', raw: hs({ v: 1001 }), error: /at v/ },
    { why: 'handshake v −1', raw: hs({ v: -1 }), error: /at v/ },
    { why: 'handshake v 1.5', raw: hs({ v: 1.5 }), error: /at v/ },
    { why: 'handshake v "1"', raw: hs({ v: '1' }), error: /at v/ },
    { why: 'handshake upper-case swarm', raw: hs({ swarm: SWARM.toUpperCase() }), error: /at swarm/ },
    { why: 'handshake short swarm', raw: hs({ swarm: 'ab' }), error: /at swarm/ },
    { why: 'handshake empty peer', raw: hs({ peer: '' }), error: /at peer/ },
    {
      why: 'handshake peer too long',
      raw: hs({ peer: 'x'.repeat(MAX_PEER_ID_LENGTH + 1) }),
      error: /at peer/,
    },
    { why: 'handshake very long peer', raw: hs({ peer: 'x'.repeat(60_000) }), error: /at peer/ },
    { why: 'handshake peer as an object', raw: hs({ peer: { id: 'p' } }), error: /at peer/ },
    // bitfield / have
    { why: 'bitfield too long', raw: `{"t":"bitfield","bits":"${'f'.repeat(2049)}"}`, error: /at bits/ },
    { why: 'bitfield as an array', raw: '{"t":"bitfield","bits":[255]}', error: /at bits/ },
    { why: 'have with no pieces', raw: '{"t":"have","pieces":[]}', error: /at pieces/ },
    { why: 'have with a negative piece', raw: '{"t":"have","pieces":[1,-1]}', error: /at pieces\.1/ },
    {
      why: 'have with piece MAX_PIECES',
      raw: `{"t":"have","pieces":[${MAX_PIECES}]}`,
      error: /at pieces\.0/,
    },
    { why: 'have with a fractional piece', raw: '{"t":"have","pieces":[0.5]}', error: /at pieces\.0/ },
    { why: 'have with a string piece', raw: '{"t":"have","pieces":["1"]}', error: /at pieces\.0/ },
    { why: 'have with null', raw: '{"t":"have","pieces":[null]}', error: /at pieces\.0/ },
    { why: 'have as a number', raw: '{"t":"have","pieces":3}', error: /at pieces/ },
    {
      why: 'have with too many pieces',
      raw: `{"t":"have","pieces":[${'1,'.repeat(MAX_PIECES)}1]}`,
      error: /at pieces/,
    },
    { why: 'have with nested arrays', raw: `{"t":"have","pieces":${nested(10_000)}}`, error: /at pieces/ },
    // request / cancel numbers
    { why: 'request negative piece', raw: req({ piece: -1 }), error: /at piece/ },
    { why: 'request piece MAX_PIECES', raw: req({ piece: MAX_PIECES }), error: /at piece/ },
    { why: 'request huge piece', raw: req({ piece: 1e300 }), error: /at piece/ },
    {
      why: 'request piece 1e400 (Infinity)',
      raw: '{"t":"request","piece":1e400,"offset":0,"length":1}',
      error: /at piece/,
    },
    { why: 'request fractional piece', raw: req({ piece: 1.25 }), error: /at piece/ },
    { why: 'request negative offset', raw: req({ offset: -16_384 }), error: /at offset/ },
    { why: 'request offset past any piece', raw: req({ offset: MAX_PIECE_SIZE }), error: /at offset/ },
    { why: 'request fractional offset', raw: req({ offset: 0.5 }), error: /at offset/ },
    { why: 'request length 0', raw: req({ length: 0 }), error: /at length/ },
    { why: 'request length over a piece', raw: req({ length: MAX_PIECE_SIZE + 1 }), error: /at length/ },
    { why: 'request length 2^53', raw: req({ length: 2 ** 53 }), error: /at length/ },
    { why: 'request length as a string', raw: req({ length: '16384' }), error: /at length/ },
    { why: 'request length null', raw: req({ length: null }), error: /at length/ },
    {
      why: 'cancel negative offset',
      raw: '{"t":"cancel","piece":0,"offset":-1,"length":1}',
      error: /at offset/,
    },
  ])('$why', ({ raw, error }) => {
    expectRefused(parseWireMessage, raw, PREFIX, error);
  });

  it('says how long an oversized message was and what the limit is', () => {
    const error = expectRefused(parseWireMessage, 'x'.repeat(MAX_WIRE_MESSAGE_BYTES + 1), PREFIX);
    expect(error).toBe(
      `${PREFIX}: message of ${MAX_WIRE_MESSAGE_BYTES + 1} characters exceeds ${MAX_WIRE_MESSAGE_BYTES}`,
    );
  });

  it('accepts a message of exactly the limit (padding is whitespace)', () => {
    const body = '{"t":"choke"}';
    const raw = body + ' '.repeat(MAX_WIRE_MESSAGE_BYTES - body.length);
    expect(parseWireMessage(raw)).toEqual({ ok: true, value: { t: 'choke' } });
  });

  it('keeps the error short when the hostile input is long (an unknown key of 50,000 characters)', () => {
    // The error text ends up in logs and event lists; echoing an attacker's 50 KB key is not readable.
    expectRefused(parseWireMessage, `{"t":"choke","${'k'.repeat(50_000)}":1}`, PREFIX, /Unrecognized key/);
  });

  it('does not return more than the schema describes', () => {
    const r = parseWireMessage('{"t":"choke"}');
    expect(r.ok && Object.keys(r.value)).toEqual(['t']);
  });
});
