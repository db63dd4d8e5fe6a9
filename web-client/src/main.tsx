import './node-shims.ts';
import { render } from 'preact';
import { AppContext } from './app-context.ts';
import { createAppState } from './app-state.ts';
import { App } from './components/App.tsx';

const app = createAppState(window.location);
render(
  <AppContext.Provider value={app}>
    <App />
  </AppContext.Provider>,
  document.getElementById('app')!,
);
