import { canonicalManifestText, type Manifest, swarmIdOf } from '@minibit/protocol';
import type { FuzzRecord } from './fuzz-record.ts';
import type { HonestPeer } from './honest-peer.ts';

/**
 * The real flow two pages go through, repeated while hostile sockets hammer the tracker. A pair is a
 * seeder that shares its file for the whole run and a leecher that, each round:
 *   share (seeder, again) → joined with the same manifest
 *   join (leecher)        → joined; the seeder hears peer-joined naming the leecher (every other round
 *                           the join carries the manifest, as a page that already holds it does)
 *   signal both ways      → each arrives intact, stamped with the sender's id as `from`
 *   progress, then leave  → no reply; the seeder hears peer-left naming the leecher
 * Tracks the round number, which tags each signal so a stray one cannot pass for it.
 */

export class HonestPair {
  readonly swarmId: string;
  private round = 0;

  constructor(
    private readonly seeder: HonestPeer,
    private readonly leecher: HonestPeer,
    private readonly manifest: Manifest,
  ) {
    this.swarmId = swarmIdOf(manifest);
  }

  /** The seeder's first share: the swarm exists from here until the run ends. */
  async seed(): Promise<void> {
    await this.share();
  }

  /** One round of the flow; throws saying which step failed. */
  async playRound(): Promise<void> {
    const { seeder, leecher, swarmId } = this;
    const round = ++this.round;
    await this.share();

    const heardJoin = seeder.expect(
      'peer-joined',
      (m) => m.swarmId === swarmId && m.peerId === leecher.peerId,
    );
    const joined = leecher.expect('joined', (m) => m.swarmId === swarmId);
    await leecher.send(
      round % 2 === 0 ? { type: 'join', swarmId, manifest: this.manifest } : { type: 'join', swarmId },
    );
    this.checkManifest(await joined, 'join');
    await heardJoin;

    await this.relay(leecher, seeder, { type: 'offer', sdp: `v=0 round ${round}`, round });
    await this.relay(seeder, leecher, { type: 'answer', sdp: `v=0 round ${round}`, round });

    const heardLeave = seeder.expect(
      'peer-left',
      (m) => m.swarmId === swarmId && m.peerId === leecher.peerId,
    );
    await leecher.send({ type: 'progress', swarmId, have: round % 3, complete: false });
    await leecher.send({ type: 'leave', swarmId });
    await heardLeave;
  }

  private async share(): Promise<void> {
    const joined = this.seeder.expect('joined', (m) => m.swarmId === this.swarmId);
    await this.seeder.send({ type: 'share', manifest: this.manifest });
    this.checkManifest(await joined, 'share');
  }

  /** Sends a signal and checks it arrives unchanged, with `from` set to the sender's id by the tracker. */
  private async relay(from: HonestPeer, to: HonestPeer, data: Record<string, unknown>): Promise<void> {
    const text = JSON.stringify(data);
    const arrived = to.expect(
      'signal',
      (m) => m.swarmId === this.swarmId && JSON.stringify(m.data) === text,
      `signal ${text} from ${from.name}`,
    );
    await from.send({ type: 'signal', swarmId: this.swarmId, to: to.peerId, data });
    const signal = await arrived;
    if (signal.from !== from.peerId) {
      throw new Error(`signal from ${from.name} (${from.peerId}) arrived stamped from ${signal.from}`);
    }
  }

  private checkManifest(joined: { manifest: Manifest; peers: string[] }, after: string): void {
    if (canonicalManifestText(joined.manifest) !== canonicalManifestText(this.manifest)) {
      throw new Error(`${after}: joined carried another manifest`);
    }
    if (joined.peers.includes(this.leecher.peerId) && after === 'join') {
      throw new Error('join: the leecher was listed among its own peers');
    }
  }
}

/** Plays rounds on every pair until `stop()` says so or each has played `rounds`; a pair stops at its first failure. */
export async function playHonestRounds(
  pairs: HonestPair[],
  record: FuzzRecord,
  stop: () => boolean,
  rounds = Infinity,
): Promise<void> {
  await Promise.all(
    pairs.map(async (pair, index) => {
      for (let played = 0; played < rounds && !stop(); played++) {
        try {
          await pair.playRound();
          record.honestRoundsOk++;
        } catch (error) {
          record.fail(`honest pair ${index}: ${error instanceof Error ? error.message : String(error)}`);
          return;
        }
      }
    }),
  );
}
