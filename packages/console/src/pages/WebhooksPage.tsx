import { useParams } from 'react-router';
import { enc } from '../api/client';
import { useWorkspaceRef } from '../session/session';
import { PageHeader } from '../ui/PageHeader';
import { WebhookList } from '../webhooks/WebhookList';
import { NotFoundPage } from './NotFoundPage';

/** The workspace's webhook endpoints (admins and owners). */
export function WebhooksPage() {
  const ws = useWorkspaceRef(useParams().ws);
  if (!ws) return <NotFoundPage />;
  return (
    <>
      <PageHeader title="Webhooks" intro="Signed token lifecycle events for your other systems: created, rotated, revoked, expiring, leaked, canary used. See docs/events.md for the payloads and how to verify them." />
      <WebhookList path={`/v1/workspaces/${enc(ws.slug)}/webhooks`} />
    </>
  );
}
