import type { EngineSnapshot, SwarmDetail } from '@minibit/protocol';
import { useT } from '../i18n/i18n.ts';
import { PeersTable } from './PeersTable.tsx';
import { UnchokeGraph } from './UnchokeGraph.tsx';

/** The connected peers: a table (stock, flags, slot, rates) and the graph of who unchokes whom. */
export function PeersView({ snapshot, detail }: { snapshot: EngineSnapshot; detail: SwarmDetail | null }) {
  const t = useT();
  return (
    <details class="peers" open>
      <summary>{t('peers.summary', { n: snapshot.peers.length })}</summary>
      <div class="peers-body">
        <div class="peers-table">
          <PeersTable snapshot={snapshot} detail={detail} />
        </div>
        {detail && <UnchokeGraph detail={detail} />}
      </div>
    </details>
  );
}
