import { BLOCK_HEADER_BYTES, type PeerLink } from '@minibit/protocol';

/**
 * Deliberate misbehaviour, for tests of how honest peers cope. Off unless a test harness sets
 * `window.__MINIBIT_TEST_FAULTS__` before the page loads (Playwright's `addInitScript`): no URL,
 * setting or message from the network can turn it on.
 *
 * - corruptUploads: every block we send has its bytes flipped (a lying peer);
 * - stallUploads: requests are accepted but no block is ever sent (a stalling peer).
 */
export interface TestFaults {
  corruptUploads?: boolean;
  stallUploads?: boolean;
}

export function withFaults(link: PeerLink, faults: TestFaults | undefined): PeerLink {
  if (!faults?.corruptUploads && !faults?.stallUploads) return link;
  return {
    ...link,
    sendBinary(frame) {
      if (faults.stallUploads) return;
      const data = new Uint8Array(frame, BLOCK_HEADER_BYTES);
      for (let i = 0; i < data.length; i += 997) data[i]! ^= 0xff;
      link.sendBinary(frame);
    },
  };
}

/** Reads the faults a test harness planted in the page; undefined for every real user. */
export function plantedFaults(scope: object): TestFaults | undefined {
  const faults = (scope as { __MINIBIT_TEST_FAULTS__?: unknown }).__MINIBIT_TEST_FAULTS__;
  if (!faults || typeof faults !== 'object') return undefined;
  const f = faults as Record<string, unknown>;
  return { corruptUploads: f.corruptUploads === true, stallUploads: f.stallUploads === true };
}
