import type { FuzzRecord } from './fuzz-record.ts';
import type { SeededRandom } from './seeded-random.ts';

/**
 * Peer keys in the fuzz run. A page may connect as `/ws?key=…` (22–64 url-safe characters) and is then
 * given the peer id derived from that key; a second socket with the same key replaces the first.
 * Hostile sockets connect with no key, with keys shared among them (so they replace each other), with
 * a key of their own, or with keys that are not valid; honest peers each have their own secret key.
 * KeyLedger checks, derivation aside, that one key always gets one id and no two keys share an id.
 */

/** How a socket connects: the query string, and the key in it when the tracker must honour it. */
export interface ConnectQuery {
  query: string;
  validKey?: string;
}

const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

export function validKey(random: SeededRandom, length = random.between(22, 64)): string {
  return Array.from({ length }, () => random.pick([...URL_SAFE])).join('');
}

export const keyed = (key: string): ConnectQuery => ({ query: `?key=${key}`, validKey: key });

/** Keys the tracker must ignore (the socket then gets a fresh random id). */
function invalidKeyQuery(random: SeededRandom): string {
  const key = validKey(random, 30);
  return random.pick([
    '?key=',
    `?key=${key.slice(0, 21)}`,
    `?key=${validKey(random, 65)}`,
    `?key=${key.slice(0, 25)}.${key.slice(26)}`,
    `?key=${key}%00`,
    `?key=${encodeURIComponent('ключ-'.repeat(6))}`,
    `?key=%E0%A4%A${key}`,
    `?key=${key}%`,
    `?KEY=${key}`,
    `?key[]=${key}`,
    `?key=${key.slice(0, 10)}`, // id-length: an id is not a key
    `?%zz&key=${'x'.repeat(2000)}`,
  ]);
}

/** A query for one hostile (re)connection. `shared` keys are used by every hostile stream. */
export function hostileConnectQuery(
  random: SeededRandom,
  shared: readonly string[],
  own: string,
): ConnectQuery {
  const roll = random.below(20);
  if (roll < 10) return { query: '' };
  if (roll < 14) return keyed(random.pick(shared));
  if (roll < 16) return keyed(own);
  if (roll < 17) {
    // Two keys: the tracker reads the first.
    const first = random.pick(shared);
    return { query: `?key=${first}&key=${own}`, validKey: first };
  }
  return { query: invalidKeyQuery(random) };
}

export class KeyLedger {
  private readonly idByKey = new Map<string, string>();
  private readonly keyById = new Map<string, string>();
  keyedConnections = 0;
  /** Times a key got a different id, or an id went to a second key (each is also a failure). */
  mismatches = 0;

  constructor(private readonly record: FuzzRecord) {}

  /** A socket that connected with `connect` was welcomed as `peerId`. */
  welcomed(connect: ConnectQuery, peerId: string): void {
    const key = connect.validKey;
    const owner = this.keyById.get(peerId);
    if (key === undefined) {
      // A fresh random id: it must not be one that a key owns (2^-60 by chance).
      if (owner !== undefined) this.mismatch(`a socket without a valid key got id ${peerId}, owned by a key`);
      return;
    }
    this.keyedConnections++;
    const known = this.idByKey.get(key);
    if (known !== undefined && known !== peerId) {
      this.mismatch(`key ${key.slice(0, 8)}… got id ${peerId}, earlier ${known}`);
    }
    if (owner !== undefined && owner !== key) {
      this.mismatch(`id ${peerId} went to two keys, ${owner.slice(0, 8)}… and ${key.slice(0, 8)}…`);
    }
    this.idByKey.set(key, peerId);
    this.keyById.set(peerId, key);
  }

  get distinctKeys(): number {
    return this.idByKey.size;
  }

  private mismatch(what: string): void {
    this.mismatches++;
    this.record.fail(what);
  }
}
