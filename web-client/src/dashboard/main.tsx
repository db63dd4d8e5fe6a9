import { render } from 'preact';
import { DashboardApp } from './DashboardApp.tsx';
import { DashboardContext } from './dashboard-context.ts';
import { createDashboardModel } from './dashboard-model.ts';

const model = createDashboardModel(window.location);
render(
  <DashboardContext.Provider value={model}>
    <DashboardApp />
  </DashboardContext.Provider>,
  document.getElementById('app')!,
);
