import { options, render } from 'preact';
import { DashboardApp } from './DashboardApp.tsx';
import { DashboardContext } from './dashboard-context.ts';
import { createDashboardModel } from './dashboard-model.ts';
import { releaseOldRenders } from '../old-render-release.ts';

const model = createDashboardModel(window.location);
releaseOldRenders(options);
render(
  <DashboardContext.Provider value={model}>
    <DashboardApp />
  </DashboardContext.Provider>,
  document.getElementById('app')!,
);
