import { Navigate } from 'react-router';
import { useMe } from '../session/session';

/** The first workspace's tokens, or the account page for someone in no workspace. */
export function HomeRedirect() {
  const me = useMe();
  const first = me.workspaces?.[0];
  return <Navigate to={first ? `/w/${first.slug}/tokens` : '/account'} replace />;
}
