import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { Theme } from '@radix-ui/themes';
import { ApiProvider } from './api/api-context';
import { SessionProvider, useSession } from './session/session';
import { Loading, ErrorCallout } from './ui/states';
import { SetupPage } from './pages/SetupPage';
import { LoginPage } from './pages/LoginPage';
import { InvitePage } from './pages/InvitePage';
import { Shell } from './workspace/Shell';
import { HomeRedirect } from './workspace/HomeRedirect';
import { TokensPage } from './pages/TokensPage';
import { ProjectsPage } from './pages/ProjectsPage';
import { ProjectPage } from './pages/ProjectPage';
import { MembersPage } from './pages/MembersPage';
import { ServiceAccountsPage } from './pages/ServiceAccountsPage';
import { SettingsPage } from './pages/SettingsPage';
import { AuditPage } from './pages/AuditPage';
import { TrustPoliciesPage } from './pages/TrustPoliciesPage';
import { VerifiersPage } from './pages/VerifiersPage';
import { WebhooksPage } from './pages/WebhooksPage';
import { AccountPage } from './pages/AccountPage';
import { NotFoundPage } from './pages/NotFoundPage';

export function App() {
  return (
    <Theme accentColor="indigo" grayColor="slate" radius="medium" scaling="100%">
      <BrowserRouter>
        <ApiProvider>
          <SessionProvider>
            <Gate />
          </SessionProvider>
        </ApiProvider>
      </BrowserRouter>
    </Theme>
  );
}

/** Setup first, then sign-in, then the console: whichever the server says applies. */
function Gate() {
  const { state, refresh } = useSession();
  const location = useLocation();
  if (state.status === 'loading') return <Loading label="Connecting to Tessera…" />;
  if (state.status === 'error') return <ErrorCallout error={state.error} onRetry={() => void refresh()} />;
  if (state.status === 'setup') return location.pathname === '/setup' ? <SetupPage /> : <Navigate to="/setup" replace />;
  if (state.status === 'signed-out') {
    if (location.pathname === '/invite') return <InvitePage />;
    return location.pathname === '/login' ? <LoginPage /> : <Navigate to="/login" replace state={{ from: location.pathname }} />;
  }
  return (
    <Routes>
      <Route path="/login" element={<Navigate to={(location.state as { from?: string } | null)?.from ?? '/'} replace />} />
      <Route path="/setup" element={<Navigate to="/" replace />} />
      <Route path="/invite" element={<Navigate to="/" replace />} />
      <Route path="/" element={<HomeRedirect />} />
      <Route element={<Shell />}>
        <Route path="/account" element={<AccountPage />} />
        <Route path="/w/:ws" element={<Navigate to="tokens" replace />} />
        <Route path="/w/:ws/tokens" element={<TokensPage />} />
        <Route path="/w/:ws/projects" element={<ProjectsPage />} />
        <Route path="/w/:ws/projects/:project" element={<ProjectPage />} />
        <Route path="/w/:ws/projects/:project/:tab" element={<ProjectPage />} />
        <Route path="/w/:ws/members" element={<MembersPage />} />
        <Route path="/w/:ws/service-accounts" element={<ServiceAccountsPage />} />
        <Route path="/w/:ws/trust-policies" element={<TrustPoliciesPage />} />
        <Route path="/w/:ws/verifiers" element={<VerifiersPage />} />
        <Route path="/w/:ws/webhooks" element={<WebhooksPage />} />
        <Route path="/w/:ws/settings" element={<SettingsPage />} />
        <Route path="/w/:ws/audit" element={<AuditPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
