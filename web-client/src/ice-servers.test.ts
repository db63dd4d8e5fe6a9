import { describe, expect, it } from 'vitest';
import { iceServersFrom } from './ice-servers.ts';

describe('iceServersFrom', () => {
  it.each([
    ['', []],
    ['?x=1', []],
    ['?ice=stun:stun.example.org:3478', [{ urls: 'stun:stun.example.org:3478' }]],
    ['?ice=stun:a:1,%20turn:b:2', [{ urls: 'stun:a:1' }, { urls: 'turn:b:2' }]],
    ['?ice=javascript:alert(1),http://x', []],
  ])('%j', (search, expected) => {
    expect(iceServersFrom(search)).toEqual(expected);
  });
});
