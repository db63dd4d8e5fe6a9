import { useApp } from '../app-context.ts';
import { formatBytes } from '../format.ts';
import { useT } from '../i18n/i18n.ts';

export function CatalogTable() {
  const app = useApp();
  const t = useT();
  const files = app.catalog.value;
  return (
    <section class="card" aria-labelledby="catalog-title">
      <h2 id="catalog-title">{t('catalog.title')}</h2>
      {files.length === 0 ? (
        <p class="hint">{t('catalog.empty')}</p>
      ) : (
        <table aria-label={t('catalog.title')}>
          <thead>
            <tr>
              <th scope="col">{t('catalog.name')}</th>
              <th scope="col">{t('catalog.size')}</th>
              <th scope="col">{t('catalog.seeders')}</th>
              <th scope="col">{t('catalog.leechers')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('catalog.actions')}</span>
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
                      aria-label={t('catalog.downloadLabel', { name: f.name })}
                      onClick={() => app.download(f.swarmId)}
                    >
                      {active ? t('catalog.inProgress') : t('catalog.download')}
                    </button>{' '}
                    <a
                      href={`#swarm=${f.swarmId}`}
                      aria-label={t('catalog.directLinkLabel', { name: f.name })}
                    >
                      {t('catalog.directLink')}
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
