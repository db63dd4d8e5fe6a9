import { useEffect } from 'preact/hooks';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { formatTenths } from '../format.ts';
import { useT } from '../i18n/i18n.ts';
import { useDashboard } from './dashboard-context.ts';
import { JoinPanel } from './JoinPanel.tsx';
import { KeyForm } from './KeyForm.tsx';
import { SwarmPanel } from './SwarmPanel.tsx';

/** The teacher's dashboard: the join code, then every swarm with its peers, heatmap and settings. */
export function DashboardApp() {
  const model = useDashboard();
  const td = useT('dashboard');
  useEffect(() => {
    document.title = td('title');
  }, [td]);
  const status = model.status.value;
  const retry = model.retryMs.value;
  const swarms = model.swarms.value;
  const connected = status === 'connected' || status === 'disconnected';
  return (
    <>
      <header class="top">
        <h1>{td('heading')}</h1>
        <LanguageSwitch />
        {status !== 'no-key' && (
          <span role="status" aria-label={td('connection.label')} class={`badge badge-${badgeClass(status)}`}>
            {retry !== null
              ? td('connection.retrying', { seconds: formatTenths(retry / 1000) })
              : td(`connection.${status === 'bad-key' ? 'badKey' : status}`)}
          </span>
        )}
      </header>
      <main class="dashboard">
        {(status === 'no-key' || status === 'bad-key') && <KeyForm wrong={status === 'bad-key'} />}
        {connected && <JoinPanel />}
        {connected && swarms.length === 0 && <p class="card hint">{td('swarms.none')}</p>}
        {swarms.map((swarm) => (
          <SwarmPanel key={swarm.swarmId} swarm={swarm} />
        ))}
        {model.swarmCount.value > swarms.length && (
          <p class="hint">{td('swarms.more', { shown: swarms.length, count: model.swarmCount.value })}</p>
        )}
      </main>
    </>
  );
}

function badgeClass(status: string): string {
  return status === 'connected' ? 'connected' : status === 'connecting' ? 'connecting' : 'disconnected';
}
