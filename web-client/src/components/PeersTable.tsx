import type { EngineSnapshot } from '@minibit/protocol';
import { formatBytes, formatRate } from '../format.ts';

const yesNo = (b: boolean) => (b ? 'yes' : 'no');

export function PeersTable({ snapshot }: { snapshot: EngineSnapshot }) {
  return (
    <details class="peers" open>
      <summary>Peers ({snapshot.peers.length})</summary>
      <table aria-label="Peers">
        <thead>
          <tr>
            <th scope="col">Peer</th>
            <th scope="col" title="We choke them">
              We choke
            </th>
            <th scope="col" title="They are interested in us">
              They want
            </th>
            <th scope="col" title="They choke us">
              They choke
            </th>
            <th scope="col" title="We are interested in them">
              We want
            </th>
            <th scope="col">Slot</th>
            <th scope="col">↓ rate</th>
            <th scope="col">↑ rate</th>
            <th scope="col">They have</th>
            <th scope="col">Pieces from them</th>
            <th scope="col">Received</th>
            <th scope="col">Sent</th>
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
              <td>{p.slot ?? '—'}</td>
              <td>{formatRate(p.downloadRate)}</td>
              <td>{formatRate(p.uploadRate)}</td>
              <td title={`${p.wanted} we lack`}>{p.havePieces}</td>
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
