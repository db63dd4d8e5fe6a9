import type { EngineSnapshot } from '@minibit/protocol';
import { formatBytes, formatSeconds } from '../format.ts';

/** What the original projects printed at the end: time taken, bytes per source, messages sent. */
export function FinalStats({ snapshot }: { snapshot: EngineSnapshot }) {
  const elapsed = (snapshot.completedAt ?? snapshot.startedAt) - snapshot.startedAt;
  const firstPiece = (snapshot.firstPieceAt ?? snapshot.startedAt) - snapshot.startedAt;
  const sent = Object.entries(snapshot.messagesSent).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0));
  const totalSent = sent.reduce((n, [, c]) => n + (c ?? 0), 0);
  const sources = Object.entries(snapshot.bytesFromPeer).sort((a, b) => b[1] - a[1]);
  return (
    <section class="final-stats" aria-label="Final stats">
      <h3>Final stats</h3>
      <p>
        Downloaded in{' '}
        <strong data-testid="download-ms" data-ms={Math.round(elapsed)}>
          {formatSeconds(elapsed)}
        </strong>
        , first piece after{' '}
        <strong data-testid="first-piece-ms" data-ms={Math.round(firstPiece)}>
          {formatSeconds(firstPiece)}
        </strong>
        , longest stall{' '}
        <strong data-testid="longest-stall" data-ms={Math.round(snapshot.longestStallMs)}>
          {formatSeconds(snapshot.longestStallMs)}
        </strong>
        ,{' '}
        <strong data-testid="messages-sent" data-count={totalSent}>
          {totalSent}
        </strong>{' '}
        messages sent.
      </p>
      <table aria-label="Bytes received from each peer">
        <thead>
          <tr>
            <th scope="col">Peer</th>
            <th scope="col">Bytes</th>
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
      <table aria-label="Messages sent by type">
        <thead>
          <tr>
            <th scope="col">Message</th>
            <th scope="col">Sent</th>
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
