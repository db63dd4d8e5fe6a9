import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, resolveLimits } from './tracker-options.ts';

describe('resolveLimits', () => {
  it('fills in every default', () => {
    expect(resolveLimits({})).toEqual(DEFAULT_LIMITS);
    expect(resolveLimits({ maxPeersPerJoin: 5 })).toEqual({ ...DEFAULT_LIMITS, maxPeersPerJoin: 5 });
  });

  const mistakes = [
    { limits: { maxPeersPerJoin: 0 }, error: /maxPeersPerJoin/ },
    { limits: { pingIntervalMs: -1 }, error: /pingIntervalMs/ },
    { limits: { messageBurst: Number.NaN }, error: /messageBurst/ },
    { limits: { maxPeersPerJoin: 5000 }, error: /at most 1000/ },
  ];
  it.each(mistakes)('refuses $limits', ({ limits, error }) => {
    expect(() => resolveLimits(limits)).toThrow(error);
  });
});
