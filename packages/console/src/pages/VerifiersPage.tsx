import { useParams } from 'react-router';
import { enc } from '../api/client';
import { atLeast, useWorkspaceRef } from '../session/session';
import { PageHeader } from '../ui/PageHeader';
import { VerifierList } from '../verifiers/VerifierList';
import { NotFoundPage } from './NotFoundPage';

/** The workspace's verifier credentials: admins see them, owners create and revoke them. */
export function VerifiersPage() {
  const ws = useWorkspaceRef(useParams().ws);
  if (!ws) return <NotFoundPage />;
  return (
    <>
      <PageHeader title="Verifiers" intro="Credentials for your gateways, SDKs and introspection clients: they verify this workspace’s tokens and can do nothing else." />
      <VerifierList path={`/v1/workspaces/${enc(ws.slug)}/verifiers`} canManage={atLeast(ws.role, 'owner')} scopeLabel="this workspace’s" />
    </>
  );
}
