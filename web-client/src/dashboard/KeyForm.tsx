import { useState } from 'preact/hooks';
import { useT } from '../i18n/i18n.ts';
import { useDashboard } from './dashboard-context.ts';

/** Asks for the dashboard key when the page was opened without it, or with a wrong one. */
export function KeyForm({ wrong }: { wrong: boolean }) {
  const model = useDashboard();
  const td = useT('dashboard');
  const [key, setKey] = useState('');
  return (
    <section class="card" aria-label={td('key.title')}>
      <h2>{td('key.title')}</h2>
      <p class="hint">{td('key.explain')}</p>
      {wrong && (
        <p role="alert" class="error">
          {td('key.wrong')}
        </p>
      )}
      <form
        class="key-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (key.trim() !== '') model.useKey(key.trim());
        }}
      >
        <label>
          {td('key.label')}{' '}
          <input
            type="text"
            autocomplete="off"
            spellcheck={false}
            value={key}
            onInput={(e) => setKey(e.currentTarget.value)}
          />
        </label>{' '}
        <button type="submit">{td('key.submit')}</button>
      </form>
    </section>
  );
}
