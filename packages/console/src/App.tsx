import { lazy, Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { ThemeProvider } from './ui/theme';
import { ApiProvider } from './api/api-context';
import { SessionProvider, useSession } from './session/session';
import { Loading, ErrorCallout } from './ui/states';
import { LoginPage } from './pages/LoginPage';
import { Shell } from './workspace/Shell';
import { HomeRedirect } from './workspace/HomeRedirect';

// Code-splitting by route: each page is its own chunk, fetched when first visited; the sign-in page,
// the shell and the shared widgets stay in the entry chunk.
const SetupPage = lazy(() => import('./pages/SetupPage').then((m) => ({ default: m.SetupPage })));
const InvitePage = lazy(() => import('./pages/InvitePage').then((m) => ({ default: m.InvitePage })));
const TokensPage = lazy(() => import('./pages/TokensPage').then((m) => ({ default: m.TokensPage })));
const ProjectsPage = lazy(() => import('./pages/ProjectsPage').then((m) => ({ default: m.ProjectsPage })));
const ProjectPage = lazy(() => import('./pages/ProjectPage').then((m) => ({ default: m.ProjectPage })));
const MembersPage = lazy(() => import('./pages/MembersPage').then((m) => ({ default: m.MembersPage })));
const ServiceAccountsPage = lazy(() => import('./pages/ServiceAccountsPage').then((m) => ({ default: m.ServiceAccountsPage })));
const SettingsPage = lazy(() => import('./pages/SettingsPage').then((m) => ({ default: m.SettingsPage })));
const AuditPage = lazy(() => import('./pages/AuditPage').then((m) => ({ default: m.AuditPage })));
const TrustPoliciesPage = lazy(() => import('./pages/TrustPoliciesPage').then((m) => ({ default: m.TrustPoliciesPage })));
const VerifiersPage = lazy(() => import('./pages/VerifiersPage').then((m) => ({ default: m.VerifiersPage })));
const WebhooksPage = lazy(() => import('./pages/WebhooksPage').then((m) => ({ default: m.WebhooksPage })));
const AccountPage = lazy(() => import('./pages/AccountPage').then((m) => ({ default: m.AccountPage })));
const TokenPage = lazy(() => import('./pages/TokenPage').then((m) => ({ default: m.TokenPage })));
const NotFoundPage = lazy(() => import('./pages/NotFoundPage').then((m) => ({ default: m.NotFoundPage })));

export function App() {
  return (
    <ThemeProvider>
      <BrowserRouter>
        <ApiProvider>
          <SessionProvider>
            <Gate />
          </SessionProvider>
        </ApiProvider>
      </BrowserRouter>
    </ThemeProvider>
  );
}

/** Setup first, then sign-in, then the console: whichever the server says applies. */
function Gate() {
  const { state, refresh } = useSession();
  const location = useLocation();
  if (state.status === 'loading') return <Loading label="Connecting to Tessera…" />;
  if (state.status === 'error') return <ErrorCallout error={state.error} onRetry={() => void refresh()} />;
  if (state.status === 'setup') return location.pathname === '/setup' ? <Suspense fallback={<Loading label="Loading…" />}><SetupPage /></Suspense> : <Navigate to="/setup" replace />;
  if (state.status === 'signed-out') {
    if (location.pathname === '/invite') return <Suspense fallback={<Loading label="Loading…" />}><InvitePage /></Suspense>;
    return location.pathname === '/login' ? <LoginPage /> : <Navigate to="/login" replace state={{ from: location.pathname }} />;
  }
  return (
    <Suspense fallback={<Loading label="Loading…" />}>
    <Routes>
      <Route path="/login" element={<Navigate to={(location.state as { from?: string } | null)?.from ?? '/'} replace />} />
      <Route path="/setup" element={<Navigate to="/" replace />} />
      <Route path="/invite" element={<Navigate to="/" replace />} />
      <Route path="/" element={<HomeRedirect />} />
      <Route element={<Shell />}>
        <Route path="/account" element={<AccountPage />} />
        <Route path="/w/:ws" element={<Navigate to="tokens" replace />} />
        <Route path="/w/:ws/tokens" element={<TokensPage />} />
        <Route path="/w/:ws/tokens/:id" element={<TokenPage />} />
        <Route path="/account/tokens/:id" element={<TokenPage />} />
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
    </Suspense>
  );
}
