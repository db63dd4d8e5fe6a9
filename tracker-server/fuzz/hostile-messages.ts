import type { ClientMessage } from '@minibit/protocol';
import { GONE_PEER_ID, peerPlaceholder } from './fuzz-frames.ts';
import { validManifest } from './fuzz-manifests.ts';
import { hostileText, hostileValue, nested, toJsonText, without } from './hostile-values.ts';
import type { SeededRandom } from './seeded-random.ts';

/**
 * Every real page → tracker message, built valid and then bent. Tracks nothing; the caller says which
 * swarms and peers the message may name.
 *
 *   share    { type, manifest }            join          { type, swarmId, manifest? }
 *   leave    { type, swarmId }
 *   signal   { type, swarmId, to, data }   progress      { type, swarmId, have, complete }
 */

export type ClientType = ClientMessage['type'];
export const CLIENT_TYPES: readonly ClientType[] = ['share', 'join', 'leave', 'signal', 'progress'];

/** What a message may refer to: swarms the fuzzer knows exist, and how many honest peers there are. */
export interface MessageContext {
  knownSwarms: readonly string[];
  honestPeers: number;
  hostileSlots: number;
}

type Fields = Record<string, unknown>;

/** A swarm id: often one that exists, else a fresh random one. */
export function someSwarmId(random: SeededRandom, context: MessageContext): string {
  return context.knownSwarms.length > 0 && random.chance(0.5)
    ? random.pick(context.knownSwarms)
    : random.hex(64);
}

/** A peer id placeholder: an honest peer, another hostile socket, this socket, or one that never existed. */
export function somePeer(random: SeededRandom, context: MessageContext): string {
  switch (random.below(4)) {
    case 0:
      return peerPlaceholder('honest', random.below(context.honestPeers));
    case 1:
      return peerPlaceholder('hostile', random.below(context.hostileSlots));
    case 2:
      return peerPlaceholder('self');
    default:
      return random.chance(0.5) ? GONE_PEER_ID : random.hex(random.between(1, 32));
  }
}

/** Signal data shaped like simple-peer's offers and candidates. */
export function signalData(random: SeededRandom): Fields {
  return random.chance(0.5)
    ? { type: 'offer', sdp: `v=0\r\no=- ${random.hex(16)} 2 IN IP4 127.0.0.1\r\n` }
    : { candidate: { candidate: `candidate:${random.hex(8)} 1 udp 2122260223 10.0.0.1 5000 typ host` } };
}

export function validMessage(random: SeededRandom, type: ClientType, context: MessageContext): Fields {
  switch (type) {
    case 'share':
      return { type, manifest: validManifest(random) };
    case 'join':
      // A page that already holds the manifest sends it along (the tracker may have restarted).
      if (random.chance(0.25))
        return { type, swarmId: someSwarmId(random, context), manifest: validManifest(random) };
      return { type, swarmId: someSwarmId(random, context) };
    case 'leave':
      return { type, swarmId: someSwarmId(random, context) };
    case 'signal':
      return {
        type,
        swarmId: someSwarmId(random, context),
        to: somePeer(random, context),
        data: signalData(random),
      };
    case 'progress':
      return {
        type,
        swarmId: someSwarmId(random, context),
        have: random.between(0, 50),
        complete: random.chance(0.5),
      };
  }
}

/** A real message of `type` with one to three fields bent, deleted or added, as JSON text. */
export function mutatedMessage(random: SeededRandom, type: ClientType, context: MessageContext): string {
  let fields = validMessage(random, type, context);
  const rounds = random.between(1, 3);
  for (let i = 0; i < rounds; i++) fields = mutateFields(random, fields, context);
  const text = toJsonText(fields);
  return random.chance(0.25) ? mutateText(random, text) : text;
}

function mutateFields(random: SeededRandom, fields: Fields, context: MessageContext): Fields {
  const keys = Object.keys(fields);
  if (keys.length === 0) return { type: random.pick(CLIENT_TYPES) };
  const key = random.pick(keys);
  switch (random.below(7)) {
    case 0:
      return without(fields, key);
    case 1:
      return {
        ...fields,
        [random.pick(['extra', 'from', 'peerId', 'as', 'constructor', hostileText(random)])]:
          hostileValue(random),
      };
    case 2:
      // Another type's tag on these fields: a join shaped like a signal, say.
      return { ...fields, type: random.pick(CLIENT_TYPES.filter((t) => t !== fields.type)) };
    case 3:
      return {
        ...fields,
        [key]: nested(random.pick([1, 10, 1000]), random.chance(0.5) ? 'array' : 'object'),
      };
    case 4:
      if (fields.data !== undefined) return { ...fields, data: mutateData(random, fields.data as Fields) };
      return { ...fields, [key]: hostileValue(random) };
    case 5:
      if (fields.to !== undefined)
        return { ...fields, to: somePeer(random, context) + random.pick(['', ' ', '\n', '/', 'é']) };
      return { ...fields, [key]: hostileValue(random) };
    default:
      return { ...fields, [key]: hostileValue(random) };
  }
}

/** Signal data bent: keys past 64 characters, values near and past the 16 KiB bound, odd keys. */
export function mutateData(random: SeededRandom, data: Fields): unknown {
  switch (random.below(6)) {
    case 0:
      return { ...data, ['k'.repeat(random.pick([64, 65, 1000]))]: 1 };
    case 1:
      return { ...data, pad: 'x'.repeat(random.pick([16_000, 16_300, 16_384, 17_000, 100_000])) };
    case 2:
      return Object.fromEntries(Array.from({ length: random.pick([100, 2000]) }, (_, i) => [`k${i}`, i]));
    case 3:
      return { [hostileText(random).slice(0, 64)]: hostileText(random) };
    case 4:
      return random.pick<unknown>([null, [], 'offer', 42, [data]]);
    default:
      return { ...data, nested: nested(random.pick([100, 2000, 4000, 4100, 4200, 8000]), 'array') };
  }
}

/** Edits JSON text the way an object cannot be edited: duplicate keys, __proto__, wrapping, padding. */
function mutateText(random: SeededRandom, text: string): string {
  const body = text.slice(1);
  switch (random.below(5)) {
    case 0:
      // JSON.parse keeps the last of duplicate keys; a checker that reads the first would disagree.
      return `{"type":"${random.pick(CLIENT_TYPES)}",${body}`;
    case 1:
      return `{"__proto__":{"type":"share","isAdmin":true},${body}`;
    case 2:
      return random.chance(0.5) ? `[${text}]` : `{"message":${text}}`;
    case 3:
      return `${' \t\r\n'.repeat(random.pick([1, 100, 10_000]))}${text}\n`;
    default:
      return `${text.slice(0, -1)},"${random.hex(4)}":${text}}`;
  }
}
