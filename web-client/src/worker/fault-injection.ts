import { BLOCK_HEADER_BYTES, type PeerLink } from '@minibit/protocol';

/**
 * Deliberate misbehaviour, for tests of how honest peers cope. Off unless a test harness sets
 * `window.__MINIBIT_TEST_FAULTS__` before the page loads (Playwright's `addInitScript`): no URL,
 * setting or message from the network can turn it on.
 *
 * - corruptUploads: every block we send has its bytes flipped (a lying peer);
 * - stallUploads: requests are accepted but no block is ever sent (a stalling peer);
 * - badFrames: block frames carry a piece index past the end of the file (a broken or hostile peer);
 * - noWebCrypto: hash with the pure-JS fallback, as a page over plain http must;
 * - noOpfs: keep pieces in memory, as a page over plain http (no OPFS) must;
 * - relayChannels: keep every peer-protocol channel in the page and relay it to the worker, as a
 *   browser that cannot transfer an RTCDataChannel to a worker must;
 * - storageLimitBytes: pretend the tab can hold only this much (to test the "too large" path cheaply):
 *   the memory store refuses larger downloads up front, the OPFS store acts full past this offset.
 */
export interface TestFaults {
  corruptUploads?: boolean;
  stallUploads?: boolean;
  badFrames?: boolean;
  noWebCrypto?: boolean;
  noOpfs?: boolean;
  relayChannels?: boolean;
  storageLimitBytes?: number;
}

export function withFaults(link: PeerLink, faults: TestFaults | undefined): PeerLink {
  if (!faults?.corruptUploads && !faults?.stallUploads && !faults?.badFrames) return link;
  return {
    ...link,
    sendBinary(frame) {
      if (faults.stallUploads) return;
      if (faults.badFrames) new DataView(frame).setUint32(1, 0xfffffff0);
      if (faults.corruptUploads) {
        const data = new Uint8Array(frame, BLOCK_HEADER_BYTES);
        for (let i = 0; i < data.length; i += 997) data[i]! ^= 0xff;
      }
      link.sendBinary(frame);
    },
  };
}

/** Reads the faults a test harness planted in the page; undefined for every real user. */
export function plantedFaults(scope: object): TestFaults | undefined {
  const faults = (scope as { __MINIBIT_TEST_FAULTS__?: unknown }).__MINIBIT_TEST_FAULTS__;
  if (!faults || typeof faults !== 'object') return undefined;
  const f = faults as Record<string, unknown>;
  return {
    corruptUploads: f.corruptUploads === true,
    stallUploads: f.stallUploads === true,
    badFrames: f.badFrames === true,
    noWebCrypto: f.noWebCrypto === true,
    noOpfs: f.noOpfs === true,
    relayChannels: f.relayChannels === true,
    storageLimitBytes: typeof f.storageLimitBytes === 'number' ? f.storageLimitBytes : undefined,
  };
}
