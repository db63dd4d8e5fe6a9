import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  // simple-peer 9 and its streams were written for Node: they read `global`, `process` and `Buffer`.
  // `global` is rewritten here; `process` and `Buffer` come from src/node-shims.ts.
  define: { global: 'globalThis' },
  build: {
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 1024,
    // Two pages: the peer page, and the teacher's dashboard (served by the tracker at /dashboard).
    rolldownOptions: {
      input: {
        main: fileURLToPath(new URL('index.html', import.meta.url)),
        dashboard: fileURLToPath(new URL('dashboard.html', import.meta.url)),
      },
    },
  },
  worker: { format: 'es' },
});
