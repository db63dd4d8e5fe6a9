import { describe, expect, it } from 'vitest';
import {
  checkSettings,
  type DashboardRequest,
  type DashboardServerMessage,
  encodeDashboardMessage,
  isDashboardKey,
  MAX_DASHBOARD_PEERS,
  MAX_DASHBOARD_REQUEST_BYTES,
  MAX_DASHBOARD_STATE_BYTES,
  MAX_DASHBOARD_SWARMS,
  parseDashboardRequest,
  parseDashboardServerMessage,
} from './dashboard-messages.ts';
import { MAX_PIECES } from './limits.ts';
import { DEFAULT_SWARM_SETTINGS } from './swarm-settings.ts';
import { expectRefused, genericHostileCases } from './test-support/hostile-text.ts';

const SWARM = 'ab'.repeat(32);
const settings = { ...DEFAULT_SWARM_SETTINGS, strategy: 'random' as const, uploadCapBytesPerSecond: 250_000 };
const msg = (m: Record<string, unknown>) => JSON.stringify(m);
/** The refusal's code and error, or 'ok'. */
const refusal = (raw: unknown) => {
  const r = parseDashboardRequest(raw);
  return r.ok ? 'ok' : { code: r.code, error: r.error, id: r.id };
};

describe('dashboard requests: valid ones parse to themselves', () => {
  const valid: Array<{ name: string; m: DashboardRequest }> = [
    { name: 'dashboard', m: { type: 'dashboard', key: 'k3y-of_22-characters1' } },
    { name: 'set-settings', m: { type: 'set-settings', swarmId: SWARM, settings } },
    { name: 'set-settings with an id', m: { type: 'set-settings', id: 7, swarmId: SWARM, settings } },
    {
      name: 'set-settings, no cap, unchoke-all with no slots',
      m: {
        type: 'set-settings',
        swarmId: SWARM,
        settings: { ...settings, choking: 'unchoke-all', regularSlots: 0, optimisticSlots: 0 },
      },
    },
    {
      name: 'set-free-rider',
      m: { type: 'set-free-rider', id: 0, swarmId: SWARM, peerId: 'Peer_1', freeRider: true },
    },
    { name: 'pre-distribute', m: { type: 'pre-distribute', id: 3, swarmId: SWARM, percent: 25 } },
    { name: 'pre-distribute, the most', m: { type: 'pre-distribute', swarmId: SWARM, percent: 90 } },
  ];
  it.each(valid)('$name', ({ m }) => {
    expect(parseDashboardRequest(encodeDashboardMessage(m))).toEqual({ ok: true, value: m });
  });
});

describe('dashboard requests: bad ones get a clear code and message', () => {
  it.each(genericHostileCases(MAX_DASHBOARD_REQUEST_BYTES))('$why', ({ raw, error }) => {
    expectRefused(parseDashboardRequest, raw, 'dashboard request', error);
    expect(refusal(raw)).toMatchObject({ code: 'bad-message' });
  });

  it.each([
    { why: 'unknown type', raw: msg({ type: 'kick', swarmId: SWARM }), error: /at type/ },
    { why: 'a page message', raw: msg({ type: 'join', swarmId: SWARM }), error: /at type/ },
    { why: 'dashboard without key', raw: msg({ type: 'dashboard' }), error: /at key/ },
    { why: 'dashboard with a numeric key', raw: msg({ type: 'dashboard', key: 1234 }), error: /at key/ },
    {
      why: 'set-settings without settings',
      raw: msg({ type: 'set-settings', swarmId: SWARM }),
      error: /at settings/,
    },
    {
      why: 'set-settings with a bad swarm id',
      raw: msg({ type: 'set-settings', swarmId: 'x', settings }),
      error: /at swarmId/,
    },
    {
      why: 'set-settings with an extra field',
      raw: msg({ type: 'set-settings', swarmId: SWARM, settings, all: true }),
      error: /Unrecognized key/,
    },
    {
      why: 'pre-distribute of nothing',
      raw: msg({ type: 'pre-distribute', swarmId: SWARM, percent: 0 }),
      error: /at percent/,
    },
    {
      why: 'pre-distribute of more than 90%',
      raw: msg({ type: 'pre-distribute', swarmId: SWARM, percent: 91 }),
      error: /at percent/,
    },
    {
      why: 'pre-distribute of a fraction of a percent',
      raw: msg({ type: 'pre-distribute', swarmId: SWARM, percent: 12.5 }),
      error: /at percent/,
    },
    {
      why: 'set-free-rider with a bad peer id',
      raw: msg({ type: 'set-free-rider', swarmId: SWARM, peerId: 'a b', freeRider: true }),
      error: /at peerId/,
    },
    {
      why: 'set-free-rider with freeRider "yes"',
      raw: msg({ type: 'set-free-rider', swarmId: SWARM, peerId: 'a', freeRider: 'yes' }),
      error: /at freeRider/,
    },
    {
      why: 'a negative id',
      raw: msg({ type: 'set-free-rider', id: -1, swarmId: SWARM, peerId: 'a', freeRider: true }),
      error: /at id/,
    },
  ])('$why', ({ raw, error }) => {
    const r = refusal(raw);
    expect(r).not.toBe('ok');
    if (r === 'ok') return;
    expect(r.error).toMatch(error);
    expect(r.error.length).toBeLessThanOrEqual(1000);
  });

  it.each([
    ['an unknown strategy', { strategy: 'fastest' }, /strategy/],
    ['too many regular slots', { regularSlots: 17 }, /regularSlots/],
    ['fractional slots', { optimisticSlots: 1.5 }, /optimisticSlots/],
    ['a 10 ms rechoke', { rechokeIntervalMs: 10 }, /rechokeIntervalMs/],
    ['an hour-long optimistic interval', { optimisticIntervalMs: 3_600_000 }, /optimisticIntervalMs/],
    ['a cap of 1 byte per second', { uploadCapBytesPerSecond: 1 }, /uploadCapBytesPerSecond/],
    ['a cap as a string', { uploadCapBytesPerSecond: '1MB' }, /uploadCapBytesPerSecond/],
    ['tit-for-tat with no slot', { regularSlots: 0, optimisticSlots: 0 }, /at least one slot/],
    ['an unknown setting', { turbo: true }, /Unrecognized key/],
  ])('settings with %s are refused as invalid-settings, naming the field', (_why, patch, error) => {
    const raw = msg({ type: 'set-settings', id: 3, swarmId: SWARM, settings: { ...settings, ...patch } });
    const r = refusal(raw);
    expect(r).toMatchObject({ code: 'invalid-settings', id: 3 });
    if (r !== 'ok') expect(r.error).toMatch(error);
  });

  it('says which setting is wrong and why', () => {
    expect(checkSettings({ ...settings, regularSlots: 99 })).toEqual({
      ok: false,
      error: 'invalid settings: regularSlots: Too big: expected number to be <=16',
    });
    expect(checkSettings(settings)).toEqual({ ok: true, value: settings });
  });
});

describe('dashboard keys', () => {
  it.each([
    ['a 22-character random key', 'Zm9vYmFyYmF6cXV4cXV1eA', true],
    ['8 characters', 'abcdefgh', true],
    ['7 characters', 'abcdefg', false],
    ['129 characters', 'a'.repeat(129), false],
    ['a space', 'abcd efgh', false],
    ['a slash', 'abcd/efgh', false],
    ['a non-ASCII letter', 'abcdéfgh', false],
  ])('%s → %s', (_why, key, valid) => {
    expect(isDashboardKey(key)).toBe(valid);
  });
});

describe('dashboard server messages', () => {
  const swarm = {
    swarmId: SWARM,
    name: 'video.mp4',
    size: 3_286_618,
    pieceCount: 201,
    settings,
    peerCount: 2,
    peers: [
      { peerId: 'a', role: 'seeder' as const, have: 201, complete: true, freeRider: false },
      { peerId: 'b', role: 'leecher' as const, have: 17, complete: false, freeRider: true },
    ],
    availability: Array.from({ length: 201 }, (_, i) => (i < 17 ? 2 : 1)),
    predistribution: null,
  };

  it.each<{ name: string; m: DashboardServerMessage }>([
    { name: 'welcome', m: { type: 'welcome', version: 1, joinUrl: 'http://192.168.1.20:8080' } },
    { name: 'state', m: { type: 'state', swarmCount: 1, swarms: [swarm] } },
    { name: 'empty state', m: { type: 'state', swarmCount: 0, swarms: [] } },
    {
      name: 'state during a pre-distribution',
      m: {
        type: 'state',
        swarmCount: 1,
        swarms: [{ ...swarm, predistribution: { percent: 25, peers: 1, ready: 0 } }],
      },
    },
    { name: 'ok', m: { type: 'ok', id: 4, request: 'set-settings' } },
    { name: 'error', m: { type: 'error', code: 'unknown-swarm', message: 'no swarm abab…' } },
  ])('$name parses to itself', ({ m }) => {
    expect(parseDashboardServerMessage(encodeDashboardMessage(m))).toEqual({ ok: true, value: m });
  });

  it('fits the largest state it allows: every swarm at MAX_PIECES pieces and MAX_DASHBOARD_PEERS peers', () => {
    const peers = Array.from({ length: MAX_DASHBOARD_PEERS }, (_, i) => ({
      peerId: `peer-${i}-${'x'.repeat(20)}`,
      role: 'leecher' as const,
      have: MAX_PIECES,
      complete: false,
      freeRider: false,
    }));
    const big = { ...swarm, pieceCount: MAX_PIECES, peers, availability: Array(MAX_PIECES).fill(1000) };
    const text = encodeDashboardMessage({
      type: 'state',
      swarmCount: MAX_DASHBOARD_SWARMS,
      swarms: Array(MAX_DASHBOARD_SWARMS).fill(big),
    });
    expect(text.length).toBeLessThan(MAX_DASHBOARD_STATE_BYTES);
  });

  it.each([
    [
      'a state with a negative count',
      { type: 'state', swarmCount: 1, swarms: [{ ...swarm, availability: [-1] }] },
    ],
    ['a state with bad settings', { type: 'state', swarmCount: 1, swarms: [{ ...swarm, settings: {} }] }],
    [
      'a state with too many pieces',
      { type: 'state', swarmCount: 1, swarms: [{ ...swarm, availability: Array(MAX_PIECES + 1).fill(0) }] },
    ],
    ['an ok for an unknown request', { type: 'ok', request: 'kick' }],
  ])('refuses %s', (_why, m) => {
    expectRefused(parseDashboardServerMessage, msg(m), 'dashboard message');
  });
});
