import { useParams } from 'react-router';
import { useWorkspaceRef } from '../session/session';
import { PageHeader } from '../ui/PageHeader';
import { TrustPolicyList } from '../trust/TrustPolicyList';
import { NotFoundPage } from './NotFoundPage';

/** Every trust policy of the workspace: workspace-wide ones and each project's. */
export function TrustPoliciesPage() {
  const ws = useWorkspaceRef(useParams().ws);
  if (!ws) return <NotFoundPage />;
  return (
    <>
      <PageHeader title="Tokenless CI" intro="Trust policies: which CI jobs (GitHub Actions, GitLab CI, any OIDC issuer) may upload without a stored token. A project’s own policies are also on its Tokenless CI tab." />
      <TrustPolicyList ws={ws} />
    </>
  );
}
