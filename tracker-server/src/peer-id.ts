import { randomBytes } from 'node:crypto';

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
