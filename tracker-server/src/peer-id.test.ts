import { describe, expect, it } from 'vitest';
import { PEER_ID_LENGTH, peerIdForKey, peerIdForRequest } from './peer-id.ts';

describe('peer ids', () => {
  const key = 'k'.repeat(22);

  it('derives the same id from the same key, and different ids from different keys', () => {
    expect(peerIdForKey(key)).toBe(peerIdForKey(key));
    expect(peerIdForKey(key)).not.toBe(peerIdForKey(`${key}x`));
    expect(peerIdForKey(key)).toMatch(new RegExp(`^[A-Za-z0-9_-]{${PEER_ID_LENGTH}}$`));
  });

  it.each([
    ['/ws', 'random'],
    ['/ws?key=short', 'random'],
    [`/ws?key=${'k'.repeat(65)}`, 'random'],
    ['/ws?key=has%20spaces%20in%20it%20and%20more', 'random'],
    [`/ws?key=${key}`, 'derived'],
  ])('%s gets a %s id', (url, kind) => {
    const id = peerIdForRequest(url, () => false);
    if (kind === 'derived') expect(id).toBe(peerIdForKey(key));
    else {
      expect(id).not.toBe(peerIdForKey(key));
      expect(id).toHaveLength(PEER_ID_LENGTH);
    }
  });
});
