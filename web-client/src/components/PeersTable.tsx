import type { EngineSnapshot } from '@minibit/protocol';
import { formatBytes, formatRate } from '../format.ts';
import { useT } from '../i18n/i18n.ts';

export function PeersTable({ snapshot }: { snapshot: EngineSnapshot }) {
  const t = useT();
  const yesNo = (b: boolean) => (b ? t('peers.yes') : t('peers.no'));
  return (
    <details class="peers" open>
      <summary>{t('peers.summary', { n: snapshot.peers.length })}</summary>
      <table aria-label={t('peers.label')}>
        <thead>
          <tr>
            <th scope="col">{t('peers.peer')}</th>
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
          {snapshot.peers.map((p) => (
            <tr key={p.id} data-peer-id={p.id}>
              <td>
                <code>{p.id}</code>
              </td>
              <td>{yesNo(p.amChoking)}</td>
              <td>{yesNo(p.peerInterested)}</td>
              <td>{yesNo(p.peerChoking)}</td>
              <td>{yesNo(p.amInterested)}</td>
              <td>{p.slot ? t(`peers.slotKind.${p.slot}`) : '—'}</td>
              <td>{formatRate(p.downloadRate)}</td>
              <td>{formatRate(p.uploadRate)}</td>
              <td title={t('peers.wantedTitle', { count: p.wanted })}>{p.havePieces}</td>
              <td>{p.piecesFrom}</td>
              <td>{formatBytes(p.bytesFrom)}</td>
              <td>{formatBytes(p.bytesTo)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
