import { createHash, randomBytes } from 'node:crypto';

/**
 * Peer ids: 10 url-safe characters (60 random bits) that fit the protocol's peer id pattern.
 * Tracks nothing; the caller says which ids are taken.
 */

export const PEER_ID_LENGTH = 10;

export function newPeerId(isTaken: (id: string) => boolean = () => false): string {
  for (;;) {
    // 8 bytes give 11 base64url characters; 10 of them carry 60 bits, so a clash is vanishingly rare.
    const id = randomBytes(8).toString('base64url').slice(0, PEER_ID_LENGTH);
    if (!isTaken(id)) return id;
  }
}

/**
 * A page may present a secret key when it connects (`/ws?key=…`); its peer id is then derived from the
 * key, so the same tab gets the same id back after a tracker restart without the tracker keeping any
 * state, and nobody without the key can claim that id. Keys are 22–64 url-safe characters.
 */
export const PEER_KEY_PATTERN = /^[A-Za-z0-9_-]{22,64}$/;

export function peerIdForKey(key: string): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, PEER_ID_LENGTH);
}

/** The id for a connection: derived from a valid key in the request URL, else a fresh random one. */
export function peerIdForRequest(url: string | undefined, isTaken: (id: string) => boolean): string {
  const key = new URL(url ?? '/', 'http://tracker.invalid').searchParams.get('key');
  return key && PEER_KEY_PATTERN.test(key) ? peerIdForKey(key) : newPeerId(isTaken);
}
