import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { useApi } from '../api/api-context';
import type { Me, Role, SetupStatus, WorkspaceRef } from '../api/types';

type SessionState =
  | { status: 'loading' }
  | { status: 'error'; error: Error }
  | { status: 'setup' }
  | { status: 'signed-out' }
  | { status: 'signed-in'; me: Me };

interface SessionApi {
  state: SessionState;
  refresh: () => Promise<void>;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionApi | null>(null);

/** Who is signed in, from GET /v1/me (which also hands the CSRF token to memory). */
export function SessionProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const signedIn = useRef(false);
  signedIn.current = state.status === 'signed-in';

  const refresh = useCallback(async () => {
    try {
      const me = await api.request<Me>('GET', '/v1/me');
      api.setCsrfToken(me.csrf_token ?? null);
      setState({ status: 'signed-in', me });
    } catch (e) {
      const status = (e as { status?: number }).status;
      if (status !== 401) return setState({ status: 'error', error: e as Error });
      api.setCsrfToken(null);
      const setup = await api.request<SetupStatus>('GET', '/v1/setup').catch(() => ({ setup_required: false }));
      setState({ status: setup.setup_required ? 'setup' : 'signed-out' });
    }
  }, [api]);

  const signOut = useCallback(async () => {
    try {
      await api.request('DELETE', '/v1/sessions/current');
    } finally {
      api.setCsrfToken(null);
      setState({ status: 'signed-out' });
    }
  }, [api]);

  useEffect(() => {
    api.whenSignedOut(() => {
      if (!signedIn.current) return; // a 401 while finding out who we are is not a sign-out
      api.setCsrfToken(null);
      setState({ status: 'signed-out' });
    });
    void refresh();
    return () => api.whenSignedOut(null);
  }, [api, refresh]);

  return <SessionContext.Provider value={{ state, refresh, signOut }}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** The signed-in user's view: their user, workspaces and roles. */
export function useMe(): Me {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('not signed in');
  return state.me;
}

const ORDER: Role[] = ['viewer', 'member', 'admin', 'owner'];
export const atLeast = (role: Role | undefined, min: Role) => !!role && ORDER.indexOf(role) >= ORDER.indexOf(min);

export function useWorkspaceRef(slug: string | undefined): WorkspaceRef | undefined {
  const me = useMe();
  return me.workspaces?.find((w) => w.slug === slug || w.id === slug);
}
