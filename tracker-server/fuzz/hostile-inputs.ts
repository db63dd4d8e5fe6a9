import { swarmIdOf } from '@minibit/protocol';
import { type Frame, peerPlaceholder, textFrame } from './fuzz-frames.ts';
import { badManifest, honestManifest, validManifest } from './fuzz-manifests.ts';
import {
  CLIENT_TYPES,
  type MessageContext,
  mutateData,
  mutatedMessage,
  signalData,
  someSwarmId,
  somePeer,
  validMessage,
} from './hostile-messages.ts';
import { hostileText, hostileValue, longText, nested, toJsonText, wrongType } from './hostile-values.ts';
import { type ConnectQuery, hostileConnectQuery, keyed } from './peer-keys.ts';
import {
  binaryFrame,
  flood,
  invalidUtf8,
  malformedJson,
  nearSizeLimit,
  oversizedFrame,
} from './raw-frames.ts';
import type { SeededRandom } from './seeded-random.ts';

/**
 * The stream of hostile inputs for one socket, drawn from its own seeded random stream. It tracks the
 * swarms this stream has shared or rebuilt (so later inputs can join, signal in and leave them). Each
 * input is one category below; most are one frame, a flood is many, and a few act on connections.
 * Each also says how to connect (which key, if any) should its socket need reopening first.
 */

/** How often each kind of input is drawn, relative to the others. */
export const CATEGORY_WEIGHTS = {
  'malformed-json': 9,
  'truncated-json': 7,
  'wrong-shape': 6,
  'unknown-type': 5,
  'mutated-share': 5,
  'mutated-join': 4,
  'mutated-leave': 3,
  'mutated-signal': 6,
  'mutated-progress': 4,
  'hostile-unicode': 4,
  'long-strings': 2,
  'deep-nesting': 2,
  'bad-manifest': 5,
  'valid-share': 3,
  'join-spam': 12,
  'join-real-swarm': 3,
  'join-with-manifest': 3,
  'signal-nowhere': 6,
  'signal-swarm-mate': 3,
  'progress-and-leave': 3,
  'binary-frame': 3,
  'near-size-limit': 0.2,
  'oversized-frame': 0.15,
  'invalid-utf8': 0.3,
  flood: 0.12,
  'drop-connection': 0.3,
  'silent-socket': 0.05,
  'socket-flood': 0.04,
  'key-replace': 0.1,
} as const;

export type InputCategory = keyof typeof CATEGORY_WEIGHTS;

/** Close codes a hostile input must earn (RFC 6455 §7.4.1). */
export const CLOSE_INVALID_PAYLOAD = 1007;
export const CLOSE_POLICY_VIOLATION = 1008;
export const CLOSE_TOO_BIG = 1009;

export interface FuzzInput {
  category: InputCategory;
  /** How to connect if the socket has to be (re)opened for this input. */
  connect: ConnectQuery;
  frames: Frame[];
  /** The tracker must close the socket with this code after these frames; the socket is then reopened. */
  expectClose?: number;
  /** Sent at once, ignoring the pacing that keeps other inputs under the rate limit. */
  unpaced?: boolean;
  /**
   * Acts on connections: 'drop' cuts this one without a close frame; 'silent' opens a socket that never
   * pongs; 'socket-flood' opens more sockets at once than the tracker allows one address; 'replace'
   * connects a second socket with this one's key.
   */
  effect?: 'drop' | 'silent' | 'socket-flood' | 'replace';
}

export interface InputLimits {
  /** The tracker's messageBurst: a flood is three times it, well past the 2× that gets a socket closed. */
  messageBurst: number;
}

/** How many swarms a stream remembers having shared. */
const REMEMBERED_SWARMS = 32;

/** Keys hostile streams connect with: some shared by all streams (so they replace each other), one each's own. */
export interface HostileKeys {
  shared: readonly string[];
  own: string;
}

export class HostileInputs {
  private readonly shared: string[] = [];

  constructor(
    private readonly random: SeededRandom,
    private readonly limits: InputLimits,
    /** Swarms the honest peers seed all run; swarm i is seeded by honest peer 2i. */
    private readonly honestSwarms: readonly string[],
    private readonly honestPeers: number,
    private readonly hostileSlots: number,
    private readonly keys: HostileKeys,
  ) {}

  next(): FuzzInput {
    const category = this.random.weighted(CATEGORY_WEIGHTS);
    const connect = hostileConnectQuery(this.random, this.keys.shared, this.keys.own);
    return { category, connect, ...this.build(category) };
  }

  private get context(): MessageContext {
    return {
      knownSwarms: [...this.honestSwarms, ...this.shared],
      honestPeers: this.honestPeers,
      hostileSlots: this.hostileSlots,
    };
  }

  /** The input's frames and effects; it names how to connect only when that matters to it. */
  private build(category: InputCategory): Omit<FuzzInput, 'category' | 'connect'> & Partial<FuzzInput> {
    const r = this.random;
    const one = (text: string) => ({ frames: [textFrame(text)] });
    switch (category) {
      case 'malformed-json':
        return one(malformedJson(r));
      case 'truncated-json': {
        const text = toJsonText(validMessage(r, r.pick(CLIENT_TYPES), this.context));
        return one(text.slice(0, r.below(text.length)));
      }
      case 'wrong-shape':
        return one(this.wrongShape());
      case 'unknown-type':
        return one(
          toJsonText({
            type: r.pick([
              'announce',
              'scrape',
              'welcome',
              'catalog',
              'joined',
              'error',
              'JOIN',
              'join ',
              hostileText(r),
            ]),
            swarmId: someSwarmId(r, this.context),
            [hostileText(r).slice(0, 20) || 'x']: hostileValue(r),
          }),
        );
      case 'mutated-share':
        return one(mutatedMessage(r, 'share', this.context));
      case 'mutated-join':
        return one(mutatedMessage(r, 'join', this.context));
      case 'mutated-leave':
        return one(mutatedMessage(r, 'leave', this.context));
      case 'mutated-signal':
        return one(mutatedMessage(r, 'signal', this.context));
      case 'mutated-progress':
        return one(mutatedMessage(r, 'progress', this.context));
      case 'hostile-unicode':
        return one(this.hostileUnicode());
      case 'long-strings':
        return one(this.longStrings());
      case 'deep-nesting':
        return one(this.deepNesting());
      case 'bad-manifest':
        return one(toJsonText({ type: 'share', manifest: badManifest(r) }));
      case 'valid-share':
        return one(toJsonText({ type: 'share', manifest: this.shareable() }));
      case 'join-spam':
        return one(toJsonText({ type: 'join', swarmId: r.hex(64) }));
      case 'join-real-swarm':
        return one(toJsonText({ type: 'join', swarmId: this.realSwarm() }));
      case 'join-with-manifest':
        return one(this.joinWithManifest());
      case 'signal-nowhere':
        return one(this.signalNowhere());
      case 'signal-swarm-mate':
        return { frames: this.signalSwarmMate() };
      case 'progress-and-leave':
        return one(this.progressOrLeave());
      case 'binary-frame':
        return { frames: [binaryFrame(r, toJsonText(validMessage(r, r.pick(CLIENT_TYPES), this.context)))] };
      case 'near-size-limit':
        return one(nearSizeLimit(r, this.realSwarm()));
      case 'oversized-frame':
        return { frames: [oversizedFrame(r)], expectClose: CLOSE_TOO_BIG };
      case 'invalid-utf8':
        return { frames: [invalidUtf8(r)], expectClose: CLOSE_INVALID_PAYLOAD };
      case 'flood':
        return {
          frames: flood(r, this.limits.messageBurst),
          expectClose: CLOSE_POLICY_VIOLATION,
          unpaced: true,
        };
      case 'drop-connection':
        return { frames: [], effect: 'drop' };
      case 'socket-flood':
        return { frames: [], effect: 'socket-flood' };
      case 'key-replace':
        return { frames: [], effect: 'replace', connect: keyed(this.keys.own) };
      case 'silent-socket':
        // The silent socket joins an honest swarm and seeds one of its own, so its eviction has work to undo.
        return {
          frames: [
            textFrame(toJsonText({ type: 'join', swarmId: r.pick(this.honestSwarms) })),
            textFrame(toJsonText({ type: 'share', manifest: validManifest(r) })),
          ],
          effect: 'silent',
        };
    }
  }

  private wrongShape(): string {
    const r = this.random;
    const valid = validMessage(r, r.pick(CLIENT_TYPES), this.context);
    return toJsonText(
      r.pick<unknown>([
        null,
        42,
        'join',
        true,
        [],
        [valid],
        {},
        { type: wrongType(r) },
        { type: [valid.type] },
        { type: valid },
        { swarmId: r.hex(64) },
        { ...valid, type: String(valid.type).toUpperCase() },
      ]),
    );
  }

  /** Real messages whose text fields carry direction overrides, controls and odd code points. */
  private hostileUnicode(): string {
    const r = this.random;
    const text = () => hostileText(r).slice(0, 200);
    switch (r.below(4)) {
      case 0: {
        const manifest = validManifest(r);
        return toJsonText({ type: 'share', manifest: { ...manifest, name: text() || manifest.name } });
      }
      case 1:
        return toJsonText({
          ...validMessage(r, 'signal', this.context),
          data: { [text().slice(0, 64)]: text() },
        });
      case 2:
        return toJsonText({ ...validMessage(r, 'signal', this.context), to: text() });
      default:
        return toJsonText({ type: r.pick(['join', 'leave']), swarmId: text() });
    }
  }

  private longStrings(): string {
    const r = this.random;
    const valid = validMessage(r, r.pick(CLIENT_TYPES), this.context);
    const field = r.pick(Object.keys(valid));
    if (field === 'manifest') {
      const manifest = valid.manifest as Record<string, unknown>;
      return toJsonText({ ...valid, manifest: { ...manifest, name: longText(r) } });
    }
    return toJsonText({ ...valid, [field]: longText(r) });
  }

  /** Up to 20,000 levels, as the whole frame or inside any field. */
  private deepNesting(): string {
    const r = this.random;
    const deep = nested(r.pick([1000, 5000, 10_000, 20_000]), r.chance(0.5) ? 'array' : 'object');
    const valid = validMessage(r, r.pick(CLIENT_TYPES), this.context);
    switch (r.below(4)) {
      case 0:
        return deep.text;
      case 1:
        return toJsonText({ ...valid, [r.pick(Object.keys(valid))]: deep });
      case 2:
        return toJsonText({ ...validMessage(r, 'signal', this.context), data: { offer: deep } });
      default:
        return toJsonText({ ...valid, extra: deep });
    }
  }

  private shareable() {
    const manifest = validManifest(this.random);
    this.remember(swarmIdOf(manifest));
    return manifest;
  }

  private remember(swarmId: string): void {
    this.shared.push(swarmId);
    if (this.shared.length > REMEMBERED_SWARMS) this.shared.shift();
  }

  /**
   * A join that brings the manifest, as a page does after a tracker restart: one that hashes to the
   * swarm id rebuilds a swarm the tracker does not know; one that does not, or is broken, must not.
   */
  private joinWithManifest(): string {
    const r = this.random;
    const manifest = validManifest(r);
    switch (r.below(5)) {
      case 0:
      case 1:
        this.remember(swarmIdOf(manifest));
        return toJsonText({ type: 'join', swarmId: swarmIdOf(manifest), manifest });
      case 2: {
        const honest = honestManifest(r.below(this.honestSwarms.length));
        return toJsonText({
          type: 'join',
          swarmId: swarmIdOf(honest),
          manifest: r.chance(0.5) ? honest : manifest,
        });
      }
      case 3:
        return toJsonText({ type: 'join', swarmId: r.chance(0.5) ? r.hex(64) : this.realSwarm(), manifest });
      default:
        return toJsonText({ type: 'join', swarmId: swarmIdOf(manifest), manifest: badManifest(r) });
    }
  }

  private realSwarm(): string {
    const known = this.context.knownSwarms;
    return this.random.pick(known);
  }

  /** Signals to peers that do not exist, are in other swarms, or are the sender. */
  private signalNowhere(): string {
    const r = this.random;
    return toJsonText({
      type: 'signal',
      swarmId: r.chance(0.3) ? r.hex(64) : this.realSwarm(),
      to: somePeer(r, this.context),
      data: signalData(r),
    });
  }

  /** Joins a real swarm, then signals a member with odd but often valid data: it reaches honest pages. */
  private signalSwarmMate(): Frame[] {
    const r = this.random;
    const honest = r.below(this.honestSwarms.length);
    const swarmId = this.honestSwarms[honest]!;
    const to = r.chance(0.7) ? peerPlaceholder('honest', 2 * honest) : somePeer(r, this.context);
    const data = r.chance(0.5) ? signalData(r) : mutateData(r, signalData(r));
    return [
      textFrame(toJsonText({ type: 'join', swarmId })),
      textFrame(toJsonText({ type: 'signal', swarmId, to, data })),
    ];
  }

  private progressOrLeave(): string {
    const r = this.random;
    const swarmId = this.realSwarm();
    if (r.chance(0.3)) return toJsonText({ type: 'leave', swarmId });
    const have = r.pick([0, 1, 3, 1_000_000_000, r.below(100)]);
    return toJsonText({ type: 'progress', swarmId, have, complete: r.chance(0.5) });
  }
}
