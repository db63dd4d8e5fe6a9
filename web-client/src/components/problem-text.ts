import { formatBytes } from '../format.ts';
import type { Translate } from '../i18n/i18n.ts';
import type { Problem } from '../worker-messages.ts';

/** A worker's problem report as a sentence in the page's language. */
export function describeProblem(p: Problem, t: Translate): string {
  switch (p.code) {
    case 'empty-file':
      return t('problems.emptyFile', { name: p.name });
    case 'hash-failed':
      return t('problems.hashFailed', { reason: p.reason });
    case 'too-large-for-memory':
      return t('problems.tooLargeForMemory', {
        name: p.name,
        size: formatBytes(p.size),
        limit: formatBytes(p.limit),
      });
    case 'storage-full':
      return t('problems.storageFull', {
        name: p.name,
        size: formatBytes(p.size),
        piece: p.piece,
        bytes: p.bytes,
      });
    case 'store-failed':
      return t('problems.storeFailed', { name: p.name, reason: p.reason });
  }
}
