import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { AppState } from './app-state.ts';

export const AppContext = createContext<AppState | null>(null);

export function useApp(): AppState {
  const app = useContext(AppContext);
  if (!app) throw new Error('useApp outside <AppContext.Provider>');
  return app;
}
