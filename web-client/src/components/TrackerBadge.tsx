import { useApp } from '../app-context.ts';

const LABELS = { connecting: 'connecting…', connected: 'connected', disconnected: 'disconnected' } as const;

export function TrackerBadge() {
  const app = useApp();
  const state = app.tracker.value;
  return (
    <div class="tracker-badge">
      <span role="status" aria-label="Tracker connection" class={`badge badge-${state}`}>
        Tracker: {LABELS[state]}
        {app.trackerDetail.value ? ` (${app.trackerDetail.value})` : ''}
      </span>
      {app.selfId.value && (
        <span class="self-id">
          Your peer id: <code data-testid="self-id">{app.selfId.value}</code>
        </span>
      )}
    </div>
  );
}
