import { useState } from 'preact/hooks';
import { useApp } from '../app-context.ts';
import { formatSeconds } from '../format.ts';

export function SharePanel() {
  const app = useApp();
  const [dragging, setDragging] = useState(false);
  const pick = (files: FileList | null) => {
    for (const f of Array.from(files ?? [])) app.share(f);
  };
  return (
    <section
      class={`card share ${dragging ? 'dragging' : ''}`}
      aria-labelledby="share-title"
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        pick(e.dataTransfer?.files ?? null);
      }}
    >
      <h2 id="share-title">Share</h2>
      <label for="share-input">Share a file</label>{' '}
      <input
        id="share-input"
        type="file"
        onChange={(e) => {
          const input = e.currentTarget;
          pick(input.files);
          input.value = '';
        }}
      />
      <p class="hint">…or drop a file here. It is hashed in this tab; nothing is uploaded to the tracker.</p>
      <ul class="share-jobs" aria-label="Files being prepared">
        {app.shares.value.map((s) => (
          <li key={s.jobId} data-file-name={s.name} data-hash-ms={s.ms ?? undefined}>
            <span class="file-name">{s.name}</span>{' '}
            {s.error ? (
              <span role="alert" class="error">
                {s.error}
              </span>
            ) : s.ms !== null ? (
              <span>
                hashed {s.total} pieces in {formatSeconds(s.ms)} ({s.hasher}) — shared
              </span>
            ) : (
              <>
                hashing…{' '}
                <progress aria-label={`Hashing ${s.name}`} max={Math.max(1, s.total)} value={s.hashed} />
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
