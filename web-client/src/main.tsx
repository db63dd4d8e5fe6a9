import './node-shims.ts';
import { options, render } from 'preact';
import { AppContext } from './app-context.ts';
import { createAppState } from './app-state.ts';
import { App } from './components/App.tsx';
import { releaseOldRenders } from './old-render-release.ts';

const app = createAppState(window.location);
releaseOldRenders(options);
render(
  <AppContext.Provider value={app}>
    <App />
  </AppContext.Provider>,
  document.getElementById('app')!,
);
