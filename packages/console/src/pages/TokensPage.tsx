import { useParams } from 'react-router';
import { useWorkspaceRef } from '../session/session';
import { TokenList } from '../tokens/TokenList';
import { ExpiringSoon } from '../tokens/ExpiringSoon';
import { PageHeader } from '../ui/PageHeader';
import { NotFoundPage } from './NotFoundPage';

export function TokensPage() {
  const ws = useWorkspaceRef(useParams().ws);
  if (!ws) return <NotFoundPage />;
  return (
    <>
      <PageHeader title="API tokens" intro={`Tokens of ${ws.name}: project tokens for CI, workspace tokens for automation, and service-account tokens. Each secret is shown once, when it is created or rotated.`} />
      <ExpiringSoon key={`soon-${ws.slug}`} slug={ws.slug} />
      <TokenList key={ws.slug} source={{ type: 'workspace', ws }} />
    </>
  );
}
