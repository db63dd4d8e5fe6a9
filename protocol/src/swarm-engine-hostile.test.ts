import { describe, expect, it } from 'vitest';
import { BLOCK_HEADER_BYTES, encodeBlockFrame } from './block-frame.ts';
import { MAX_PIECES, MAX_WIRE_MESSAGE_BYTES, PROTOCOL_VERSION } from './limits.ts';
import { MAX_REQUEST_LENGTH } from './swarm-engine.ts';
import { digest, HostileSetup, MALLORY, originalPiece, settle } from './test-support/hostile-peer.ts';
import type { WireMessage } from './wire-messages.ts';

/**
 * A hostile or broken peer ("mallory") talks to a victim engine that is also connected to an honest
 * seed. Each test sends one kind of bad traffic by hand and checks that the victim:
 *  - reports a protocol-error naming what was wrong, and closes mallory's link with that reason;
 *  - forgets mallory (not connected, not in the snapshot, its stock no longer counted) and ignores
 *    anything it says afterwards;
 *  - stores nothing from it, and still finishes the download from the seed with the exact bytes.
 *
 * The default file: 300,000 bytes in 19 pieces of 16 KiB; the last piece is 5,088 bytes, so a
 * bitfield has 3 bytes with 5 spare bits.
 */

const PIECES = 19;
const PIECE = 16 * 1024;
const LAST_PIECE = 300_000 - 18 * PIECE;
/** MAX_CONCURRENT_READS in swarm-engine.ts (not exported): storage reads the engine starts at once. */
const READS_AT_ONCE = 8;

describe('a hostile peer before and during the handshake', () => {
  const early: WireMessage[] = [
    { t: 'bitfield', bits: '000000' },
    { t: 'interested' },
    { t: 'unchoke' },
    { t: 'have', pieces: [0] },
    { t: 'request', piece: 0, offset: 0, length: PIECE },
  ];
  for (const m of early) {
    it(`is dropped for a '${m.t}' before its handshake`, async () => {
      const h = new HostileSetup();
      h.mallory.say(m);
      h.expectDropped(new RegExp(`^sent '${m.t}' before the handshake$`));
      await h.expectHonestFinish();
    });
  }

  it('is dropped for a handshake naming another swarm', async () => {
    const h = new HostileSetup();
    h.mallory.say(h.mallory.handshake({ swarm: 'ab'.repeat(32) }));
    h.expectDropped(/^handshake names another swarm$/);
    await h.expectHonestFinish();
  });

  it('is dropped for a handshake claiming another peer id than it was connected as', async () => {
    const h = new HostileSetup();
    h.mallory.say(h.mallory.handshake({ peer: 'eve' }));
    h.expectDropped(/^claims to be eve but was signalled as mallory$/);
    await h.expectHonestFinish();
  });

  it('is dropped for a handshake of another protocol version', async () => {
    const h = new HostileSetup();
    h.mallory.say(h.mallory.handshake({ v: PROTOCOL_VERSION + 1 }));
    h.expectDropped(new RegExp(`^speaks protocol version ${PROTOCOL_VERSION + 1}, not ${PROTOCOL_VERSION}$`));
    await h.expectHonestFinish();
  });

  it('is dropped for a second handshake', async () => {
    const h = new HostileSetup();
    h.mallory.greet(true);
    expect(h.errors).toEqual([]);
    h.mallory.say(h.mallory.handshake());
    h.expectDropped(/^sent a second handshake$/);
    await h.expectHonestFinish();
  });

  const afterHandshake: WireMessage[] = [
    { t: 'have', pieces: [3] },
    { t: 'interested' },
    { t: 'unchoke' },
    { t: 'request', piece: 0, offset: 0, length: PIECE },
    { t: 'cancel', piece: 0, offset: 0, length: PIECE },
  ];
  for (const m of afterHandshake) {
    it(`is dropped for a '${m.t}' right after the handshake, before its bitfield`, async () => {
      const h = new HostileSetup({ victimHas: [0] });
      h.mallory.say(h.mallory.handshake());
      h.mallory.say(m);
      h.expectDropped(new RegExp(`^sent '${m.t}' before its bitfield$`));
      await h.expectHonestFinish();
    });
  }
});

describe('a hostile peer sending a bad bitfield', () => {
  // 19 pieces: 3 bytes, 6 hex digits; the low 5 bits of the last byte are spare.
  const cases = [
    { why: 'one byte short', bits: 'ffff' },
    { why: 'one byte long', bits: 'ffffe000' },
    { why: 'an odd number of hex digits', bits: 'ffffe' },
    { why: 'empty', bits: '' },
    { why: 'spare bits set (the last one)', bits: 'ffffe1' },
    { why: 'spare bits set (all of them)', bits: 'ffffff' },
    { why: 'non-hex digits', bits: 'ffffzz' },
    { why: 'upper-case hex', bits: 'FFFFE0' },
  ];
  for (const c of cases) {
    it(`is dropped for a bitfield that is ${c.why}`, async () => {
      const h = new HostileSetup();
      h.mallory.say(h.mallory.handshake());
      h.mallory.say({ t: 'bitfield', bits: c.bits });
      h.expectDropped(new RegExp(`^bitfield does not describe ${PIECES} pieces$`));
      await h.expectHonestFinish();
    });
  }

  it('accepts the same bitfield with no spare bits set (the control case)', () => {
    const h = new HostileSetup();
    h.mallory.say(h.mallory.handshake());
    h.mallory.say({ t: 'bitfield', bits: 'ffffe0' });
    expect(h.errors).toEqual([]);
    expect(h.victim.engine.availability(PIECES - 1)).toBe(1);
    expect(h.link.of('interested')).toHaveLength(1);
  });

  it('is dropped for a second bitfield, and its first one is forgotten', async () => {
    const h = new HostileSetup();
    h.mallory.greet(true);
    expect(h.victim.engine.availability(0)).toBe(1);
    h.mallory.say({ t: 'bitfield', bits: 'ffffe0' });
    h.expectDropped(/^sent a second bitfield$/);
    await h.expectHonestFinish();
  });
});

describe("a hostile peer sending a bad 'have'", () => {
  it('is dropped for a piece index past the last piece', async () => {
    const h = new HostileSetup();
    h.mallory.greet(false);
    h.mallory.say({ t: 'have', pieces: [PIECES] });
    h.expectDropped(new RegExp(`^announced piece ${PIECES} of ${PIECES}$`));
    await h.expectHonestFinish();
  });

  it('is dropped when a valid index comes before the bad one, and the valid one is forgotten', async () => {
    const h = new HostileSetup();
    h.mallory.greet(false);
    h.mallory.say({ t: 'have', pieces: [3, PIECES + 100] });
    // expectDropped checks that piece 3 no longer counts as available anywhere.
    h.expectDropped(new RegExp(`^announced piece ${PIECES + 100} of ${PIECES}$`));
    await h.expectHonestFinish();
  });

  for (const [why, pieces] of [
    ['a negative index', '[-1]'],
    ['an index no manifest can have', `[${MAX_PIECES}]`],
    ['a fractional index', '[1.5]'],
    ['an empty list', '[]'],
  ] as const) {
    it(`is dropped for ${why}`, async () => {
      const h = new HostileSetup();
      h.mallory.greet(false);
      h.mallory.sayRaw(`{"t":"have","pieces":${pieces}}`);
      h.expectDropped(/^peer message: invalid message at pieces/);
      await h.expectHonestFinish();
    });
  }
});

describe('a hostile peer sending bad requests', () => {
  // The victim holds pieces 0–3 and the short last piece, and unchokes mallory.
  const setup = (victimConfig = {}) => {
    const h = new HostileSetup({ victimHas: [0, 1, 2, 3, PIECES - 1], victimConfig });
    h.mallory.greet(false);
    h.mallory.say({ t: 'interested' });
    expect(h.link.of('unchoke')).toHaveLength(1);
    return h;
  };

  it('serves a valid request with the exact bytes (the control case)', async () => {
    const h = setup();
    h.mallory.say({ t: 'request', piece: PIECES - 1, offset: 0, length: LAST_PIECE });
    await h.expectHonestFinish();
    expect(h.errors).toEqual([]);
    expect(h.link.frames).toHaveLength(1);
    expect(digest(new Uint8Array(h.link.frames[0]!, BLOCK_HEADER_BYTES))).toBe(
      digest(originalPiece(h.swarm, PIECES - 1)),
    );
  });

  it('is dropped for a piece we do not have', async () => {
    const h = setup();
    h.mallory.say({ t: 'request', piece: 5, offset: 0, length: PIECE });
    h.expectDropped(/^requested piece 5, which we do not have$/);
    await h.expectHonestFinish();
    expect(h.link.frames).toEqual([]);
  });

  it('is dropped for a piece index past the last piece', async () => {
    const h = setup();
    h.mallory.say({ t: 'request', piece: PIECES, offset: 0, length: PIECE });
    h.expectDropped(new RegExp(`^requested piece ${PIECES} of ${PIECES}$`));
    await h.expectHonestFinish();
  });

  const pastTheEnd = [
    { why: 'a block overrunning a full piece by one byte', piece: 0, offset: PIECE - 1000, length: 1001 },
    { why: 'an offset at the end of a piece', piece: 2, offset: PIECE, length: 1 },
    { why: 'a full-size block of the short last piece', piece: PIECES - 1, offset: 0, length: PIECE },
    { why: 'one byte past the short last piece', piece: PIECES - 1, offset: 1, length: LAST_PIECE },
  ];
  for (const c of pastTheEnd) {
    it(`is dropped for ${c.why}`, async () => {
      const h = setup();
      h.mallory.say({ t: 'request', piece: c.piece, offset: c.offset, length: c.length });
      h.expectDropped(new RegExp(`^requested bytes past the end of piece ${c.piece}$`));
      await h.expectHonestFinish();
      expect(h.link.frames).toEqual([]);
    });
  }

  it('is dropped for a request longer than MAX_REQUEST_LENGTH, and served at exactly that length', async () => {
    // 256 KiB pieces, so a request one byte over the limit still lies inside a piece.
    const pieceSize = 256 * 1024;
    const served = new HostileSetup({ size: 600_000, pieceSize, victimHas: [0] });
    served.mallory.greet(false);
    served.mallory.say({ t: 'interested' });
    served.mallory.say({ t: 'request', piece: 0, offset: 0, length: MAX_REQUEST_LENGTH });
    await served.expectHonestFinish();
    expect(served.errors).toEqual([]);
    expect(served.link.frames.map((f) => f.byteLength)).toEqual([BLOCK_HEADER_BYTES + MAX_REQUEST_LENGTH]);

    const h = new HostileSetup({ size: 600_000, pieceSize, victimHas: [0] });
    h.mallory.greet(false);
    h.mallory.say({ t: 'interested' });
    h.mallory.say({ t: 'request', piece: 0, offset: 0, length: MAX_REQUEST_LENGTH + 1 });
    h.expectDropped(new RegExp(`^requested ${MAX_REQUEST_LENGTH + 1} bytes in one block$`));
    await h.expectHonestFinish();
    expect(h.link.frames).toEqual([]);
  });

  it('ignores a valid request from a peer it is choking (a race with our choke), without dropping it', async () => {
    const h = new HostileSetup({ victimHas: [0] });
    h.mallory.greet(false);
    h.mallory.say({ t: 'request', piece: 0, offset: 0, length: PIECE });
    // The request is void, not queued: once unchoked, mallory gets only what it asks for afterwards.
    h.mallory.say({ t: 'interested' });
    expect(h.link.of('unchoke')).toHaveLength(1);
    h.mallory.say({ t: 'request', piece: 0, offset: 0, length: 1000 });
    await settle(h.victim.engine);
    expect(h.errors).toEqual([]);
    expect(h.victim.engine.connectedPeers).toContain(MALLORY);
    expect(h.link.frames.map((f) => f.byteLength)).toEqual([BLOCK_HEADER_BYTES + 1000]);
  });

  it('serves a peer that keeps within maxQueuedRequestsFromPeer', async () => {
    const h = setup({ maxQueuedRequestsFromPeer: 4 });
    for (const piece of [0, 1, 2, 3]) h.mallory.say({ t: 'request', piece, offset: 0, length: PIECE });
    await h.expectHonestFinish();
    expect(h.errors).toEqual([]);
    expect(h.link.frames).toHaveLength(4);
  });

  it('is dropped for piling up more requests than maxQueuedRequestsFromPeer', async () => {
    const h = setup({ maxQueuedRequestsFromPeer: 4 });
    // A burst with no pause for answers. Up to READS_AT_ONCE storage reads start at once and leave
    // the queue, so the drop may come that many requests after the fourth; it must come.
    let sent = 0;
    while (h.errors.length === 0 && sent < 100) {
      h.mallory.say({ t: 'request', piece: sent % 4, offset: 0, length: PIECE });
      sent++;
    }
    h.expectDropped(/^queued more than 4 requests$/);
    expect(sent).toBeGreaterThan(4);
    expect(sent).toBeLessThanOrEqual(4 + READS_AT_ONCE + 1);
    await h.expectHonestFinish();
    // Reads already under way when it was dropped are not sent to it.
    expect(h.link.frames).toEqual([]);
  });
});

describe('a hostile peer sending bad block frames', () => {
  const frameOf = (piece: number, offset: number, length: number) =>
    encodeBlockFrame(piece, offset, new Uint8Array(length).fill(0xaa));

  it('is dropped for a block before its handshake', async () => {
    const h = new HostileSetup();
    h.mallory.sayRaw(frameOf(0, 0, PIECE));
    h.expectDropped(/^sent data before the handshake$/);
    await h.expectHonestFinish();
  });

  it('is dropped for a block after its handshake but before its bitfield', async () => {
    const h = new HostileSetup();
    h.mallory.say(h.mallory.handshake());
    h.mallory.sayRaw(frameOf(0, 0, PIECE));
    h.expectDropped(/^sent data before the handshake$/);
    await h.expectHonestFinish();
  });

  for (const size of [0, 1, BLOCK_HEADER_BYTES]) {
    it(`is dropped for a frame of ${size} bytes, too short to hold a block`, async () => {
      const h = new HostileSetup();
      h.mallory.greetAndUnchoke();
      h.mallory.sayRaw(new ArrayBuffer(size));
      h.expectDropped(new RegExp(`^block frame of ${size} bytes is too short$`));
      await h.expectHonestFinish();
    });
  }

  it('is dropped for a frame of an unknown kind', async () => {
    const h = new HostileSetup();
    const [r] = h.mallory.greetAndUnchoke();
    const frame = frameOf(r!.piece, r!.offset, r!.length);
    new DataView(frame).setUint8(0, 0x02);
    h.mallory.sayRaw(frame);
    h.expectDropped(/^unknown binary frame kind 0x2$/);
    await h.expectHonestFinish();
  });

  it('is dropped for a block of a piece past the last piece', async () => {
    const h = new HostileSetup();
    h.mallory.greetAndUnchoke();
    h.mallory.sayRaw(frameOf(PIECES, 0, PIECE));
    h.expectDropped(new RegExp(`^sent piece ${PIECES} of ${PIECES}$`));
    await h.expectHonestFinish();
  });

  it('is dropped for a block of a piece index no manifest can have', async () => {
    const h = new HostileSetup();
    h.mallory.greetAndUnchoke();
    h.mallory.sayRaw(frameOf(0xffff_ffff, 0, PIECE));
    h.expectDropped(/^block frame piece index 4294967295 out of range$/);
    await h.expectHonestFinish();
  });

  it('is dropped for a block it was never asked for, even with the right bytes', async () => {
    const h = new HostileSetup();
    const requests = h.mallory.greetAndUnchoke();
    expect(requests.length).toBeGreaterThan(0);
    const unasked = [...Array(PIECES).keys()].find((i) => !requests.some((r) => r.piece === i))!;
    h.mallory.answer({ piece: unasked, offset: 0, length: PIECE });
    h.expectDropped(new RegExp(`^sent piece ${unasked} offset 0, which we never requested$`));
    await h.expectHonestFinish();
  });

  it('is dropped for a block at an offset it was never asked for', async () => {
    const h = new HostileSetup();
    const [r] = h.mallory.greetAndUnchoke();
    h.mallory.sayRaw(frameOf(r!.piece, 1, r!.length - 1));
    h.expectDropped(new RegExp(`^sent piece ${r!.piece} offset 1, which we never requested$`));
    await h.expectHonestFinish();
  });

  it('is dropped for a late block, arriving after its choke, of the wrong length', async () => {
    const h = new HostileSetup();
    const [r] = h.mallory.greetAndUnchoke();
    h.mallory.say({ t: 'choke' });
    h.mallory.sayRaw(frameOf(r!.piece, r!.offset, r!.length - 1));
    h.expectDropped(/^sent a block of the wrong length$/);
    await h.expectHonestFinish();
  });

  for (const delta of [-1, +1]) {
    it(`is dropped for a block ${delta < 0 ? 'one byte shorter' : 'one byte longer'} than requested`, async () => {
      const h = new HostileSetup();
      const [r] = h.mallory.greetAndUnchoke();
      expect(r!.length).toBe(PIECE);
      h.mallory.sayRaw(frameOf(r!.piece, r!.offset, r!.length + delta));
      h.expectDropped(new RegExp(`^sent ${PIECE + delta} bytes for a ${PIECE}-byte request$`));
      await h.expectHonestFinish();
    });
  }
});

describe('a hostile peer sending bad control text', () => {
  it('is dropped for malformed JSON', async () => {
    const h = new HostileSetup();
    h.mallory.greet(false);
    h.mallory.sayRaw('{"t":"interested"');
    h.expectDropped(/^peer message: malformed JSON$/);
    await h.expectHonestFinish();
  });

  it('is dropped for an unknown message type', async () => {
    const h = new HostileSetup();
    h.mallory.greet(false);
    h.mallory.sayRaw('{"t":"port","port":6881}');
    h.expectDropped(/^peer message: invalid message at t: /);
    await h.expectHonestFinish();
  });

  it('is dropped for a known type with an extra field', async () => {
    const h = new HostileSetup();
    h.mallory.greet(false);
    h.mallory.sayRaw('{"t":"interested","please":true}');
    h.expectDropped(/^peer message: invalid message/);
    await h.expectHonestFinish();
  });

  it('is dropped for a text over MAX_WIRE_MESSAGE_BYTES, before it is parsed', async () => {
    const h = new HostileSetup();
    h.mallory.greet(false);
    const text = `{"t":"bitfield","bits":"${'0'.repeat(MAX_WIRE_MESSAGE_BYTES)}"}`;
    h.mallory.sayRaw(text);
    h.expectDropped(
      new RegExp(`^peer message: message of ${text.length} characters exceeds ${MAX_WIRE_MESSAGE_BYTES}$`),
    );
    await h.expectHonestFinish();
  });

  it('is dropped for a text just over MAX_WIRE_MESSAGE_BYTES once encoded as UTF-8', async () => {
    const h = new HostileSetup();
    h.mallory.greet(false);
    // 3 UTF-8 bytes per character: fewer characters than the limit, more bytes.
    const text = `"${'€'.repeat(Math.ceil(MAX_WIRE_MESSAGE_BYTES / 3))}"`;
    expect(text.length).toBeLessThan(MAX_WIRE_MESSAGE_BYTES);
    h.mallory.sayRaw(text);
    h.expectDropped(new RegExp(`^peer message: message of \\d+ bytes exceeds ${MAX_WIRE_MESSAGE_BYTES}$`));
    await h.expectHonestFinish();
  });
});
