import { useApp } from '../app-context.ts';
import { formatBytes } from '../format.ts';

export function CatalogTable() {
  const app = useApp();
  const files = app.catalog.value;
  return (
    <section class="card" aria-labelledby="catalog-title">
      <h2 id="catalog-title">Files in the network</h2>
      {files.length === 0 ? (
        <p class="hint">No file is shared yet. Share one above, or open this page on another device.</p>
      ) : (
        <table aria-label="Files in the network">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Size</th>
              <th scope="col">Seeders</th>
              <th scope="col">Leechers</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {files.map((f) => {
              const active = app.transfers.value.some((t) => t.swarmId === f.swarmId);
              return (
                <tr key={f.swarmId} data-swarm-id={f.swarmId}>
                  <td class="file-name">{f.name}</td>
                  <td>{formatBytes(f.size)}</td>
                  <td>{f.seeders}</td>
                  <td>{f.leechers}</td>
                  <td>
                    <button
                      type="button"
                      disabled={active}
                      aria-label={`Download ${f.name}`}
                      onClick={() => app.download(f.swarmId)}
                    >
                      {active ? 'In progress' : 'Download'}
                    </button>{' '}
                    <a href={`#swarm=${f.swarmId}`} aria-label={`Direct link to ${f.name}`}>
                      direct link
                    </a>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
