import { describe, expect, it } from 'vitest';
import { frameType } from './frame-type.ts';

describe('frameType', () => {
  it.each([
    { frame: '{"type":"welcome","peerId":"abc","version":1}', expected: 'welcome' },
    { frame: '{"type":"catalog","files":[]}', expected: 'catalog' },
    { frame: '{"type":"peer-joined","swarmId":"ab","peerId":"x"}', expected: 'peer-joined' },
    { frame: '{"type":"signal","swarmId":"ab","from":"x","data":{"type":"offer"}}', expected: 'signal' },
    { frame: '{"type":""}', expected: '' },
    // Not in the tracker's shape: the caller parses these.
    { frame: '{"swarmId":"ab","type":"joined"}', expected: undefined },
    { frame: '{ "type": "joined" }', expected: undefined },
    { frame: '{"type":"', expected: undefined },
    { frame: '{"type":', expected: undefined },
    { frame: '', expected: undefined },
    { frame: `{"type":"${'x'.repeat(40)}"}`, expected: undefined },
  ])('$frame → $expected', ({ frame, expected }) => {
    expect(frameType(Buffer.from(frame))).toBe(expected);
  });
});
