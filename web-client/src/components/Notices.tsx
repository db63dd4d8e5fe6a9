import { useApp } from '../app-context.ts';

export function Notices() {
  const app = useApp();
  if (app.notices.value.length === 0) return null;
  return (
    <ul class="notices" aria-label="Notices">
      {app.notices.value.map((n) => (
        <li key={n.id} role="alert">
          {n.text}{' '}
          <button type="button" onClick={() => app.dismissNotice(n.id)} aria-label="Dismiss">
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
