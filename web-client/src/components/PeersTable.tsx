import type { EngineSnapshot, SwarmDetail } from '@minibit/protocol';
import { formatBytes, formatRate } from '../format.ts';
import { useT } from '../i18n/i18n.ts';
import { PeerMiniMap } from './PeerMiniMap.tsx';

/**
 * One row per connected peer: its stock (from the detail, once a second), the choke and interest
 * flags both ways, its slot and the rates (from the snapshot, four times a second).
 */
export function PeersTable({ snapshot, detail }: { snapshot: EngineSnapshot; detail: SwarmDetail | null }) {
  const t = useT();
  const yesNo = (b: boolean) => (b ? t('peers.yes') : t('peers.no'));
  const rowOf = new Map(detail?.peers.map((p, i) => [p.id, i]));
  return (
    <table aria-label={t('peers.label')}>
      <thead>
        <tr>
          <th scope="col">{t('peers.peer')}</th>
          <th scope="col">{t('peers.theirPieces')}</th>
          <th scope="col" title={t('peers.weChokeTitle')}>
            {t('peers.weChoke')}
          </th>
          <th scope="col" title={t('peers.theyWantTitle')}>
            {t('peers.theyWant')}
          </th>
          <th scope="col" title={t('peers.theyChokeTitle')}>
            {t('peers.theyChoke')}
          </th>
          <th scope="col" title={t('peers.weWantTitle')}>
            {t('peers.weWant')}
          </th>
          <th scope="col">{t('peers.slot')}</th>
          <th scope="col">{t('peers.downRate')}</th>
          <th scope="col">{t('peers.upRate')}</th>
          <th scope="col">{t('peers.theyHave')}</th>
          <th scope="col">{t('peers.piecesFrom')}</th>
          <th scope="col">{t('peers.received')}</th>
          <th scope="col">{t('peers.sent')}</th>
        </tr>
      </thead>
      <tbody>
        {snapshot.peers.map((p) => {
          const row = rowOf.get(p.id);
          return (
            <tr
              key={p.id}
              data-peer-id={p.id}
              // The flags and slot as data, for tests and tools that read the page.
              data-am-choking={String(p.amChoking)}
              data-peer-choking={String(p.peerChoking)}
              data-am-interested={String(p.amInterested)}
              data-peer-interested={String(p.peerInterested)}
              data-slot={p.slot ?? 'none'}
            >
              <td>
                <code>{p.id}</code>
              </td>
              <td>{detail && row !== undefined && <PeerMiniMap detail={detail} row={row} peer={p.id} />}</td>
              <td>{yesNo(p.amChoking)}</td>
              <td>{yesNo(p.peerInterested)}</td>
              <td>{yesNo(p.peerChoking)}</td>
              <td>{yesNo(p.amInterested)}</td>
              <td class={`slot slot-${p.slot ?? 'none'}`}>{t(`peers.slotKind.${p.slot ?? 'none'}`)}</td>
              <td>{formatRate(p.downloadRate)}</td>
              <td>{formatRate(p.uploadRate)}</td>
              <td title={t('peers.wantedTitle', { count: p.wanted })}>{p.havePieces}</td>
              <td>{p.piecesFrom}</td>
              <td>{formatBytes(p.bytesFrom)}</td>
              <td>{formatBytes(p.bytesTo)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
