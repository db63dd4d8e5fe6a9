import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { DashboardModel } from './dashboard-model.ts';

export const DashboardContext = createContext<DashboardModel | null>(null);

export function useDashboard(): DashboardModel {
  const model = useContext(DashboardContext);
  if (!model) throw new Error('useDashboard outside <DashboardContext.Provider>');
  return model;
}
