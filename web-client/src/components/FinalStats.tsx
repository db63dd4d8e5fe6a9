import type { EngineSnapshot } from '@minibit/protocol';
import { formatBytes, formatSeconds } from '../format.ts';
import { useT } from '../i18n/i18n.ts';
import { translateNodes } from '../i18n/translate-nodes.ts';

/** What the original projects printed at the end: time taken, bytes per source, messages sent. */
export function FinalStats({ snapshot }: { snapshot: EngineSnapshot }) {
  const elapsed = (snapshot.completedAt ?? snapshot.startedAt) - snapshot.startedAt;
  const firstPiece = (snapshot.firstPieceAt ?? snapshot.startedAt) - snapshot.startedAt;
  const sent = Object.entries(snapshot.messagesSent).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0));
  const totalSent = sent.reduce((n, [, c]) => n + (c ?? 0), 0);
  const sources = Object.entries(snapshot.bytesFromPeer).sort((a, b) => b[1] - a[1]);
  const t = useT();
  return (
    <section class="final-stats" aria-label={t('stats.title')}>
      <h3>{t('stats.title')}</h3>
      <p>
        {translateNodes(
          t,
          'stats.summary',
          {
            elapsed: (
              <strong
                data-testid="download-ms"
                data-ms={Math.round(elapsed)}
                data-completed-at={snapshot.completedAt ?? undefined}
              >
                {formatSeconds(elapsed)}
              </strong>
            ),
            firstPiece: (
              <strong data-testid="first-piece-ms" data-ms={Math.round(firstPiece)}>
                {formatSeconds(firstPiece)}
              </strong>
            ),
            stall: (
              <strong data-testid="longest-stall" data-ms={Math.round(snapshot.longestStallMs)}>
                {formatSeconds(snapshot.longestStallMs)}
              </strong>
            ),
            sent: (
              <strong data-testid="messages-sent" data-count={totalSent}>
                {totalSent}
              </strong>
            ),
          },
          { count: totalSent },
        )}
      </p>
      <table aria-label={t('stats.bytesLabel')}>
        <thead>
          <tr>
            <th scope="col">{t('stats.peer')}</th>
            <th scope="col">{t('stats.bytes')}</th>
          </tr>
        </thead>
        <tbody>
          {sources.map(([peer, bytes]) => (
            <tr key={peer} data-peer-id={peer} data-bytes={bytes}>
              <td>
                <code>{peer}</code>
              </td>
              <td>{formatBytes(bytes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table aria-label={t('stats.messagesLabel')}>
        <thead>
          <tr>
            <th scope="col">{t('stats.message')}</th>
            <th scope="col">{t('stats.sent')}</th>
          </tr>
        </thead>
        <tbody>
          {sent.map(([type, count]) => (
            <tr key={type} data-type={type} data-count={count}>
              <td>{type}</td>
              <td>{count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
