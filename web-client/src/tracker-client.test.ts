import {
  buildManifest,
  DEFAULT_SWARM_SETTINGS,
  encodeTrackerMessage,
  parseClientMessage,
} from '@minibit/protocol';
import { expect, test } from 'vitest';
import { shareMessage } from './tracker-client.ts';

const manifest = buildManifest('a.txt', 5, 16_384, ['ab'.repeat(32)]);

test.each([
  {
    why: 'with the sharer’s settings',
    settings: { ...DEFAULT_SWARM_SETTINGS, strategy: 'sequential' as const },
  },
  { why: 'without settings', settings: undefined },
])('a share message $why is one the tracker accepts, as sent', ({ settings }) => {
  const message = shareMessage(manifest, settings);
  expect(message).toEqual(settings ? { type: 'share', manifest, settings } : { type: 'share', manifest });
  expect(parseClientMessage(encodeTrackerMessage(message))).toEqual({ ok: true, value: message });
});
