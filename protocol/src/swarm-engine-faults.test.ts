import { describe, expect, it } from 'vitest';
import { Bitfield } from './bitfield.ts';
import { DEFAULT_CHOKER_CONFIG } from './choker.ts';
import { DEFAULT_ENGINE_CONFIG } from './engine-config.ts';
import { blockKey } from './peer-session.ts';
import {
  allComplete,
  corruptFrame,
  digest,
  eventsOf,
  guardVerified,
  HostileSetup,
  MALLORY,
  piecesDifferingFromOriginal,
  RecordingLink,
  settle,
} from './test-support/hostile-peer.ts';
import { MemorySwarm, randomBytes } from './test-support/memory-swarm.ts';
import { logTraffic, requestsSent, stampingEvents } from './test-support/traffic-log.ts';

/**
 * Peers that fail rather than attack: a liar whose blocks are corrupt, a peer that stops sending, a
 * peer that vanishes, an honest peer that is merely slow or racing a choke. Each test checks the
 * engine's reaction and that the honest peers still finish with the exact bytes.
 */

/** Bytes the victim counts as received from `peer` (an ignored late block adds nothing). */
const bytesFrom = (h: HostileSetup, peer: string) =>
  h.victim.engine.snapshot().peers.find((p) => p.id === peer)?.bytesFrom;

/** Corrupts every block `liar` sends to anyone. */
const corruptBlocksFrom =
  (liar: string) =>
  (from: string, _to: string, data: string | ArrayBuffer): string | ArrayBuffer | null =>
    from === liar && typeof data !== 'string' ? corruptFrame(data) : data;

/** Drops every block `staller` sends to anyone (its control messages still flow). */
const dropBlocksFrom =
  (staller: string) =>
  (from: string, _to: string, data: string | ArrayBuffer): string | ArrayBuffer | null =>
    from === staller && typeof data !== 'string' ? null : data;

describe('a lying peer', () => {
  for (const badPieceLimit of [1, 2, 3]) {
    it(`is banned after ${badPieceLimit} bad piece(s); every bad piece is refetched from an honest peer`, async () => {
      // 600,000 bytes in 37 pieces of 16 KiB: one block per piece, so each piece has one sender.
      const s = new MemorySwarm(randomBytes(600_000, 21));
      s.addPeer('honest', { seed: true });
      s.addPeer('liar', { seed: true });
      const victim = s.addPeer('victim', { config: { badPieceLimit } });
      const guard = guardVerified(s, victim);
      s.tamper = corruptBlocksFrom('liar');
      s.connectAll();
      await s.run(allComplete(s));

      const { events, engine } = victim;
      const failed = eventsOf(events, 'hash-failed');
      expect(failed.length).toBeGreaterThanOrEqual(badPieceLimit);
      for (const f of failed) expect(f.peers).toEqual(['liar']);
      expect(engine.snapshot().hashFailures).toBe(failed.length);

      // Banned on exactly the limit-th failure, once, with a protocol-error that says why.
      expect(eventsOf(events, 'peer-banned')).toEqual([
        { kind: 'peer-banned', peer: 'liar', badPieces: badPieceLimit },
      ]);
      const banAt = events.findIndex((e) => e.kind === 'peer-banned');
      expect(events.slice(0, banAt).filter((e) => e.kind === 'hash-failed')).toHaveLength(badPieceLimit);
      expect(eventsOf(events, 'protocol-error')).toEqual([
        {
          kind: 'protocol-error',
          peer: 'liar',
          error: `sent ${badPieceLimit} pieces that failed their hash check`,
        },
      ]);
      expect(banAt).toBeLessThan(events.findIndex((e) => e.kind === 'complete'));
      expect(engine.connectedPeers).toEqual(['honest']);

      // Each failed piece was discarded and verified later, from the honest seed.
      const verified = eventsOf(events, 'piece-verified');
      for (const f of failed) {
        const later = events.slice(events.indexOf(f)).filter((e) => e.kind === 'piece-verified');
        expect(later).toContainEqual({ kind: 'piece-verified', piece: f.piece, from: 'honest' });
      }
      expect(verified.filter((v) => v.from === 'liar')).toEqual([]);
      expect(verified).toHaveLength(s.manifest.pieces.length);

      // No piece was verified with a liar's bytes in the store, and the file is exact.
      expect(guard.corrupt).toEqual([]);
      expect(guard.pieces).toHaveLength(s.manifest.pieces.length);
      expect(await piecesDifferingFromOriginal(s, victim)).toEqual([]);
      expect(digest(s.fileOf('victim'))).toBe(digest(s.file));
    });
  }

  it('cannot come back once banned: addPeer with its id is refused', async () => {
    const s = new MemorySwarm(randomBytes(400_000, 22));
    s.addPeer('honest', { seed: true });
    s.addPeer('liar', { seed: true });
    const victim = s.addPeer('victim');
    s.tamper = corruptBlocksFrom('liar');
    s.connectAll();
    await s.run(allComplete(s));
    expect(eventsOf(victim.events, 'peer-banned').map((e) => e.peer)).toEqual(['liar']);

    const before = victim.events.length;
    const again = new RecordingLink();
    victim.engine.addPeer('liar', again);
    expect(again.closed).toBe('banned: sent corrupt pieces');
    expect(again.messages).toEqual([]);
    expect(victim.engine.connectedPeers).not.toContain('liar');
    expect(victim.events.slice(before)).toEqual([]);
  });

  // Pieces of 256 KiB in blocks of 16 KiB: sixteen blocks per piece, as a 2 GiB file's 1 MiB pieces
  // have with the default 64 KiB block. Each piece's blocks are then split between the two seeds.
  for (const random of [1, 2, 3]) {
    it(`cannot get an honest peer banned by sharing pieces with it (seed ${random})`, async () => {
      const s = new MemorySwarm(randomBytes(400_000, 23), 'file.bin', 256 * 1024);
      s.addPeer('honest', { seed: true });
      s.addPeer('liar', { seed: true });
      const victim = s.addPeer('victim', { random, config: { blockSize: 16 * 1024 } });
      const guard = guardVerified(s, victim);
      s.tamper = corruptBlocksFrom('liar');
      s.connectAll();
      const stalled = await s
        .run(allComplete(s), { maxSteps: 2_000 })
        .then(() => null)
        .catch((err: unknown) => String(err));

      expect(eventsOf(victim.events, 'peer-banned').map((e) => e.peer)).not.toContain('honest');
      expect(victim.engine.connectedPeers).toContain('honest');
      expect(guard.corrupt).toEqual([]);
      expect(stalled).toBeNull();
      expect(digest(s.fileOf('victim'))).toBe(digest(s.file));
    });
  }
});

describe('a stalling peer', () => {
  // The staller holds every piece and answers nothing: its blocks are dropped on the way. The honest
  // seed's uplink is limited, so the download lasts longer than a request timeout.
  const setup = () => {
    const s = new MemorySwarm(randomBytes(600_000, 31));
    s.uplinkBytesPerRound = 16 * 1024;
    s.addPeer('honest', { seed: true });
    s.addPeer('staller', { seed: true });
    const leech = s.addPeer('leech', { config: { requestTimeoutMs: 3_000 } });
    const log = logTraffic(s);
    s.tamper = dropBlocksFrom('staller');
    s.connectAll();
    return { s, leech, log };
  };

  it('has its requests time out after requestTimeoutMs, and the leecher completes from others', async () => {
    const { s, leech, log } = setup();
    const { done, timeOf } = stampingEvents(s, 'leech', allComplete(s));
    await s.run(done);

    const timeouts = eventsOf(leech.events, 'request-timeout');
    expect(timeouts.length).toBeGreaterThan(0);
    for (const t of timeouts) {
      expect(t.peer).toBe('staller');
      // The last request for this block to the staller before it timed out.
      const index = leech.events.indexOf(t);
      const sent = requestsSent(log, 'leech')
        .filter((r) => r.to === 'staller' && r.afterEvents <= index)
        .filter((r) => r.message.piece === t.piece && r.message.offset === t.offset)
        .at(-1);
      expect(sent).toBeDefined();
      const waited = timeOf.get(t)! - sent!.at;
      expect(waited).toBeGreaterThanOrEqual(3_000);
      expect(waited).toBeLessThan(3_000 + 250);
    }

    expect(eventsOf(leech.events, 'piece-verified').every((v) => v.from === 'honest')).toBe(true);
    expect(eventsOf(leech.events, 'protocol-error')).toEqual([]);
    expect(digest(s.fileOf('leech'))).toBe(digest(s.file));
  });

  it('is sent a cancel for each request that timed out, so the request leaves its upload queue', async () => {
    const { s, leech, log } = setup();
    await s.run(allComplete(s));
    const timeouts = eventsOf(leech.events, 'request-timeout');
    expect(timeouts.length).toBeGreaterThan(0);
    for (const t of timeouts) {
      const index = leech.events.indexOf(t);
      const cancel = log.find(
        (e) =>
          e.from === 'leech' &&
          e.to === 'staller' &&
          e.afterEvents === index &&
          e.message.t === 'cancel' &&
          e.message.piece === t.piece &&
          e.message.offset === t.offset,
      );
      expect(cancel, `cancel for ${blockKey(t.piece, t.offset)}`).toBeDefined();
    }
  });

  it('does not get a timed-out block back: the block is next asked of another peer', async () => {
    // engine-config: "A request unanswered this long goes to another peer."
    const { s, leech, log } = setup();
    await s.run(allComplete(s));

    const timeouts = eventsOf(leech.events, 'request-timeout');
    expect(timeouts.length).toBeGreaterThan(0);
    const askedAgainOf = timeouts.map((t) => {
      const next = requestsSent(log, 'leech', leech.events.indexOf(t)).find(
        (r) => r.message.piece === t.piece && r.message.offset === t.offset,
      );
      return `${blockKey(t.piece, t.offset)} → ${next?.to ?? 'nobody (an endgame copy came first)'}`;
    });
    expect(askedAgainOf.filter((a) => a.endsWith('→ staller'))).toEqual([]);
  });

  it('loses its regular upload slot after snubTimeoutMs without sending a block while we want its data', async () => {
    // The leecher holds the second half of the file, the staller the first: each wants the other's.
    // Nothing passes between them (every block either way is dropped), so the staller stays
    // interested in the leecher, and the leecher keeps waiting for the staller's blocks.
    const s = new MemorySwarm(randomBytes(600_000, 32));
    s.uplinkBytesPerRound = 16 * 1024;
    const n = s.manifest.pieces.length;
    const firstHalf = [...Array(Math.floor(n / 2)).keys()];
    const secondHalf = [...Array(n).keys()].filter((i) => !firstHalf.includes(i));
    const choker = { ...DEFAULT_CHOKER_CONFIG, snubTimeoutMs: 4_000, rechokeIntervalMs: 1_000 };
    s.addPeer('seed', { seed: true });
    const leech = s.addPeer('leech', { have: secondHalf, config: { choker } });
    s.addPeer('staller', { have: firstHalf });
    s.connect('seed', 'leech');
    s.connect('leech', 'staller');
    s.tamper = (from, to, data) =>
      typeof data !== 'string' && (from === 'staller' || to === 'staller') ? null : data;

    const snubbed = () => leech.events.some((e) => e.kind === 'snubbed');
    await s.run(snubbed);
    expect(eventsOf(leech.events, 'snubbed')).toEqual([{ kind: 'snubbed', peer: 'staller' }]);
    expect(s.now).toBeGreaterThanOrEqual(4_000);
    expect(s.now).toBeLessThanOrEqual(4_000 + 1_000 + 250);
    // It held a regular slot before, and holds none now (it may still win the optimistic one).
    expect(eventsOf(leech.events, 'unchoke')).toContainEqual({
      kind: 'unchoke',
      peer: 'staller',
      by: 'us',
      slot: 'regular',
    });
    const staller = leech.engine.snapshot().peers.find((p) => p.id === 'staller')!;
    expect(staller.slot).not.toBe('regular');
    expect(staller.amInterested).toBe(true);
    expect(staller.peerInterested).toBe(true);

    await s.run(() => leech.engine.isComplete);
    expect(digest(s.fileOf('leech'))).toBe(digest(s.file));
  });
});

describe('a peer vanishing mid-transfer', () => {
  it('has its unanswered requests reissued to others, and its answered ones kept', async () => {
    const h = new HostileSetup();
    const requests = h.mallory.greetAndUnchoke();
    expect(requests).toHaveLength(DEFAULT_ENGINE_CONFIG.minOutstanding);
    const answered = requests.slice(0, 3);
    const unanswered = requests.slice(3);
    for (const r of answered) h.mallory.answer(r);
    await settle(h.victim.engine);
    h.victim.engine.removePeer(MALLORY, 'channel closed');

    const askedOfSeed = new Set<string>();
    h.swarm.tamper = (from, to, data) => {
      if (from === 'victim' && to === 'seed' && typeof data === 'string') {
        const m = JSON.parse(data) as { t: string; piece: number; offset: number };
        if (m.t === 'request') askedOfSeed.add(blockKey(m.piece, m.offset));
      }
      return data;
    };
    await h.swarm.run(allComplete(h.swarm));

    for (const r of unanswered) expect(askedOfSeed).toContain(blockKey(r.piece, r.offset));
    for (const r of answered) {
      expect(askedOfSeed).not.toContain(blockKey(r.piece, r.offset));
      expect(h.events).toContainEqual({ kind: 'piece-verified', piece: r.piece, from: MALLORY });
    }
    expect(h.errors).toEqual([]);
    expect(h.verified.corrupt).toEqual([]);
    expect(digest(h.swarm.fileOf('victim'))).toBe(digest(h.swarm.file));
  });

  it('leaves a swarm in which everyone else still completes', async () => {
    const s = new MemorySwarm(randomBytes(600_000, 41));
    s.uplinkBytesPerRound = 32 * 1024;
    s.addPeer('seed', { seed: true });
    for (const id of ['a', 'b', 'c']) s.addPeer(id);
    s.connectAll();
    const askedOfA = () =>
      ['b', 'c'].reduce(
        (n, id) =>
          n +
          (s.peers
            .get(id)!
            .engine.snapshot()
            .peers.find((p) => p.id === 'a')?.outstanding ?? 0),
        0,
      );
    await s.run(() => askedOfA() > 0 && s.peers.get('a')!.engine.haveCount >= 5);
    expect(s.peers.get('a')!.engine.isComplete).toBe(false);

    s.kill('a');
    await s.run(allComplete(s));
    for (const id of ['b', 'c']) {
      const peer = s.peers.get(id)!;
      expect(digest(s.fileOf(id))).toBe(digest(s.file));
      expect(peer.engine.connectedPeers).not.toContain('a');
      expect(eventsOf(peer.events, 'protocol-error')).toEqual([]);
    }
  });
});

describe('an honest peer that is slow or races us', () => {
  it('is not dropped for answering a request that timed out and was asked of it again', async () => {
    // One seed behind a narrow uplink: its queue takes longer than requestTimeoutMs to drain, so
    // requests time out and go back to the only peer that has the blocks, which answers both.
    const s = new MemorySwarm(randomBytes(300_000, 51));
    s.uplinkBytesPerRound = 16 * 1024;
    s.addPeer('seed', { seed: true });
    const leech = s.addPeer('leech', { config: { requestTimeoutMs: 1_000 } });
    s.connectAll();
    const stalled = await s
      .run(allComplete(s), { maxSteps: 2_000 })
      .then(() => null)
      .catch((err: unknown) => String(err));

    expect(eventsOf(leech.events, 'request-timeout').length).toBeGreaterThan(0);
    expect(eventsOf(leech.events, 'protocol-error')).toEqual([]);
    expect(stalled).toBeNull();
    expect(digest(s.fileOf('leech'))).toBe(digest(s.file));
  });

  it('has a block sent after it choked us accepted while we still need it', async () => {
    const h = new HostileSetup();
    const [first] = h.mallory.greetAndUnchoke();
    h.mallory.say({ t: 'choke' });
    h.mallory.answer(first!);
    await settle(h.victim.engine);

    expect(h.errors).toEqual([]);
    expect(h.victim.engine.connectedPeers).toContain(MALLORY);
    expect(h.events).toContainEqual({ kind: 'piece-verified', piece: first!.piece, from: MALLORY });
    await h.swarm.run(allComplete(h.swarm));
    expect(h.verified.corrupt).toEqual([]);
    expect(h.verified.pieces.filter((p) => p === first!.piece)).toHaveLength(1);
    expect(digest(h.swarm.fileOf('victim'))).toBe(digest(h.swarm.file));
  });

  it('has blocks sent after it choked us ignored once someone else sent them', async () => {
    const h = new HostileSetup();
    const requests = h.mallory.greetAndUnchoke();
    h.mallory.say({ t: 'choke' });
    await h.swarm.run(allComplete(h.swarm));
    const verifiedBefore = h.verified.pieces.length;

    for (const r of requests) h.mallory.answer(r);
    await settle(h.victim.engine);
    expect(h.errors).toEqual([]);
    expect(h.victim.engine.connectedPeers).toContain(MALLORY);
    expect(h.verified.pieces).toHaveLength(verifiedBefore);
    expect(eventsOf(h.events, 'piece-verified').filter((e) => e.from === MALLORY)).toEqual([]);
    expect(bytesFrom(h, MALLORY)).toBe(0);
    expect(digest(h.swarm.fileOf('victim'))).toBe(digest(h.swarm.file));
  });

  it('has a block sent after we cancelled it in endgame ignored, without being dropped', async () => {
    // The victim lacks only piece 5. It asks mallory first; when the seed unchokes it, endgame asks
    // the seed too; the seed answers first, so the victim cancels mallory's request.
    const n = 19;
    const h = new HostileSetup({ victimHas: [...Array(n).keys()].filter((i) => i !== 5) });
    const requests = h.mallory.greetAndUnchoke();
    expect(requests).toEqual([{ t: 'request', piece: 5, offset: 0, length: 16 * 1024 }]);
    await h.swarm.run(allComplete(h.swarm));
    expect(eventsOf(h.events, 'endgame')).toHaveLength(1);
    expect(h.link.of('cancel')).toEqual([{ t: 'cancel', piece: 5, offset: 0, length: 16 * 1024 }]);
    expect(h.events).toContainEqual({ kind: 'piece-verified', piece: 5, from: 'seed' });

    h.mallory.answer(requests[0]!);
    await settle(h.victim.engine);
    expect(h.errors).toEqual([]);
    expect(h.victim.engine.connectedPeers).toContain(MALLORY);
    expect(h.verified.pieces).toEqual([5]);
    expect(h.verified.corrupt).toEqual([]);
    expect(bytesFrom(h, MALLORY)).toBe(0);
  });

  it('has a block it sent twice, across a choke and unchoke, taken once and not held against it', async () => {
    // Mallory chokes, then unchokes: the victim asks again for the same blocks. Both the answers in
    // flight before the choke and the answers to the new requests arrive.
    const h = new HostileSetup();
    const before = h.mallory.greetAndUnchoke();
    h.mallory.say({ t: 'choke' });
    h.mallory.say({ t: 'unchoke' });
    const again = h.link.of('request').slice(before.length);
    const keys = (rs: typeof before) => rs.map((r) => blockKey(r.piece, r.offset)).sort();
    expect(keys(again)).toEqual(keys(before));

    for (const r of before) h.mallory.answer(r);
    for (const r of again) h.mallory.answer(r);
    await settle(h.victim.engine);

    expect(h.errors).toEqual([]);
    expect(h.victim.engine.connectedPeers).toContain(MALLORY);
    const fromMallory = eventsOf(h.events, 'piece-verified').filter((e) => e.from === MALLORY);
    expect(fromMallory.map((e) => e.piece).sort((a, b) => a - b)).toEqual(
      [...new Set(before.map((r) => r.piece))].sort((a, b) => a - b),
    );
    expect(h.verified.corrupt).toEqual([]);
  });

  it('learns of every piece we verified before its handshake reached us', async () => {
    // Mallory's channel opened (we sent our handshake and an empty bitfield), but its handshake is
    // slow to arrive; meanwhile the victim downloads the whole file from the seed.
    const h = new HostileSetup();
    await h.swarm.run(allComplete(h.swarm));
    // `have`s go out batched on the next tick.
    for (const p of h.swarm.peers.values()) p.engine.tick();
    h.mallory.greet(false);
    expect(h.errors).toEqual([]);

    const [bitfield] = h.link.of('bitfield');
    const known = new Set(Bitfield.fromHex(bitfield!.bits, h.pieceCount)!.indexes());
    for (const have of h.link.of('have')) for (const p of have.pieces) known.add(p);
    expect([...known].sort((a, b) => a - b)).toEqual([...Array(h.pieceCount).keys()]);
  });
});
