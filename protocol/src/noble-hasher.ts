import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { PieceHasher } from './engine-ports.ts';

/**
 * Pure-JS SHA-256 (about 75 MB/s in a browser worker): for pages without WebCrypto (plain http on a
 * LAN is not a secure context), for Node, and for tests. WebCrypto is ten times faster where it exists.
 */
export const nobleHasher: PieceHasher = {
  async sha256Hex(data: Uint8Array): Promise<string> {
    return bytesToHex(sha256(data));
  },
};
