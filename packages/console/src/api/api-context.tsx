import { createContext, useContext, useState, type ReactNode } from 'react';
import { createApiClient, type ApiClient } from './client';

const ApiContext = createContext<ApiClient | null>(null);

/** Hands one API client (and so one CSRF token) to everything below it; a test may pass its own. */
export function ApiProvider({ client, children }: { client?: ApiClient; children: ReactNode }) {
  const [own] = useState(() => client ?? createApiClient());
  return <ApiContext.Provider value={own}>{children}</ApiContext.Provider>;
}

/** The API client of the nearest ApiProvider. */
export function useApi(): ApiClient {
  const client = useContext(ApiContext);
  if (!client) throw new Error('useApi outside ApiProvider');
  return client;
}
