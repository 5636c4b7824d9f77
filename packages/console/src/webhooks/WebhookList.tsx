import { useState } from 'react';
import { Badge, Box, Button, Callout, Code, Dialog, Flex, Table, Text, TextField } from '@radix-ui/themes';
import { LockClosedIcon, PlusIcon } from '@radix-ui/react-icons';
import { useApi } from '../api/api-context';
import type { WebhookDelivery, WebhookEndpoint, WebhookWithSecret } from '../api/types';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { EmptyState, ErrorCallout, Loading } from '../ui/states';
import { dateOnly } from '../ui/format';
import { useLoad } from '../ui/use-load';
import { useSubmit } from '../ui/use-submit';
import { CopyButton } from '../tokens/CopyButton';
import { RevealDone, useRevealGuard } from '../tokens/RevealPanel';
import { Field } from '../pages/AuthCard';

/**
 * A workspace's webhook endpoints (`/v1/workspaces/{ws}/webhooks`): listing, adding and rotating
 * the secret (shown once), deleting, and each endpoint's deliveries with redelivery.
 */
export function WebhookList({ path }: { path: string }) {
  const api = useApi();
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<WebhookWithSecret | null>(null);
  const [deleting, setDeleting] = useState<WebhookEndpoint | null>(null);
  const [showing, setShowing] = useState<WebhookEndpoint | null>(null);
  const data = useLoad(() => api.request<{ items: WebhookEndpoint[] }>('GET', path).then((r) => r.items), [path]);
  const items = data.data ?? [];
  const rotate = async (w: WebhookEndpoint) => setSecret(await api.request<WebhookWithSecret>('POST', `/v1/webhooks/${w.id}/rotate-secret`, {}));
  return (
    <Flex direction="column" gap="3">
      <Flex justify="end"><Button onClick={() => setCreating(true)}><PlusIcon /> New endpoint</Button></Flex>
      {data.error && <ErrorCallout error={data.error} onRetry={data.reload} />}
      {data.loading && !data.data ? <Loading /> : items.length === 0 ? (
        <EmptyState title="No webhook endpoints">
          An endpoint receives signed events (Standard Webhooks) when tokens are created, rotated, revoked, about to expire, leaked or used as canaries.
        </EmptyState>
      ) : (
        <Table.Root variant="surface" aria-label="Webhook endpoints">
          <Table.Header>
            <Table.Row>
              <Table.ColumnHeaderCell>URL</Table.ColumnHeaderCell><Table.ColumnHeaderCell>Events</Table.ColumnHeaderCell><Table.ColumnHeaderCell>Status</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>Created</Table.ColumnHeaderCell><Table.ColumnHeaderCell />
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {items.map((w) => (
              <Table.Row key={w.id} align="center">
                <Table.RowHeaderCell><Code variant="ghost">{w.url}</Code></Table.RowHeaderCell>
                <Table.Cell>{w.event_types.length ? w.event_types.join(', ') : 'All events'}</Table.Cell>
                <Table.Cell><Badge color={w.status === 'enabled' ? 'green' : 'gray'} title={w.disabled_reason ?? undefined}>{w.status}</Badge></Table.Cell>
                <Table.Cell>{dateOnly(w.created_at)}</Table.Cell>
                <Table.Cell>
                  <Flex justify="end" gap="2">
                    <Button size="1" variant="soft" onClick={() => setShowing(w)}>Deliveries</Button>
                    <Button size="1" variant="soft" aria-label={`Rotate the secret of ${w.url}`} onClick={() => void rotate(w)}>Rotate secret</Button>
                    <Button size="1" variant="soft" color="red" aria-label={`Delete ${w.url}`} onClick={() => setDeleting(w)}>Delete</Button>
                  </Flex>
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table.Root>
      )}
      <CreateWebhookDialog path={path} open={creating} onOpenChange={setCreating} onCreated={(w) => { setSecret(w); data.reload(); }} />
      <SecretDialog created={secret} onClose={() => setSecret(null)} />
      {showing && <DeliveriesDialog endpoint={showing} onClose={() => setShowing(null)} />}
      <ConfirmDialog open={!!deleting} onOpenChange={(o) => !o && setDeleting(null)} title="Delete this webhook endpoint?" confirmLabel="Delete endpoint"
        onConfirm={async () => { await api.request('DELETE', `/v1/webhooks/${deleting!.id}`); data.reload(); }}>
        Pending deliveries to {deleting?.url} are dropped.
      </ConfirmDialog>
    </Flex>
  );
}

function CreateWebhookDialog({ path, open, onOpenChange, onCreated }: { path: string; open: boolean; onOpenChange: (o: boolean) => void; onCreated: (w: WebhookWithSecret) => void }) {
  const api = useApi();
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState('');
  const { onSubmit, busy, error } = useSubmit(async () => {
    const types = events.split(',').map((s) => s.trim()).filter(Boolean);
    const created = await api.request<WebhookWithSecret>('POST', path, { url, ...(types.length ? { event_types: types } : {}) });
    onOpenChange(false);
    setUrl('');
    setEvents('');
    onCreated(created);
  });
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Content maxWidth="560px">
        <Dialog.Title>New webhook endpoint</Dialog.Title>
        <form onSubmit={onSubmit}>
          <Flex direction="column" gap="3">
            <Field id="webhook-url" label="URL"><TextField.Root id="webhook-url" value={url} onChange={(e) => setUrl(e.target.value)} required autoFocus placeholder="https://example.com/hooks/tessera" /></Field>
            <Field id="webhook-events" label="Event types (comma-separated; empty for all)"><TextField.Root id="webhook-events" value={events} onChange={(e) => setEvents(e.target.value)} placeholder="token.expiring, token.leaked" /></Field>
            {error && <ErrorCallout error={error} />}
            <Flex gap="3" justify="end">
              <Dialog.Close><Button type="button" variant="soft" color="gray">Cancel</Button></Dialog.Close>
              <Button type="submit" loading={busy}>Create</Button>
            </Flex>
          </Flex>
        </form>
      </Dialog.Content>
    </Dialog.Root>
  );
}

/** The signing secret, once: it lives only in this dialog's state. */
function SecretDialog({ created, onClose }: { created: WebhookWithSecret | null; onClose: () => void }) {
  const guard = useRevealGuard(!!created);
  const close = () => {
    guard.setSaved(false);
    onClose();
  };
  return (
    <Dialog.Root open={!!created} onOpenChange={(o) => !o && close()}>
      <Dialog.Content maxWidth="560px" {...guard.contentProps}>
        <Dialog.Title>Signing secret</Dialog.Title>
        {created && (
          <Flex direction="column" gap="3" data-testid="webhook-secret-reveal">
            <Callout.Root color="amber">
              <Callout.Icon><LockClosedIcon /></Callout.Icon>
              <Callout.Text><strong>Copy this secret now: you will not see it again.</strong> Verify each delivery’s <Code>webhook-signature</Code> with it.</Callout.Text>
            </Callout.Root>
            <Flex gap="2" align="center">
              <Box flexGrow="1"><TextField.Root aria-label="Signing secret" className="secret-box" readOnly value={created.secret} onFocus={(e) => e.currentTarget.select()} /></Box>
              <CopyButton text={created.secret} label="Copy secret" onCopied={() => guard.setSaved(true)} />
            </Flex>
            {created.previous_secret_expires_at && <Text size="1" color="gray">The previous secret keeps signing too until {new Date(created.previous_secret_expires_at).toLocaleString()}.</Text>}
            <RevealDone saved={guard.saved} onSavedChange={guard.setSaved} what="secret" />
          </Flex>
        )}
      </Dialog.Content>
    </Dialog.Root>
  );
}

function DeliveriesDialog({ endpoint, onClose }: { endpoint: WebhookEndpoint; onClose: () => void }) {
  const api = useApi();
  const data = useLoad(() => api.request<{ items: WebhookDelivery[] }>('GET', `/v1/webhooks/${endpoint.id}/deliveries`).then((r) => r.items), [endpoint.id]);
  const redeliver = async (d: WebhookDelivery) => {
    await api.request('POST', `/v1/webhooks/${endpoint.id}/deliveries/${d.event_id}/redeliver`);
    data.reload();
  };
  return (
    <Dialog.Root open onOpenChange={(o) => !o && onClose()}>
      <Dialog.Content maxWidth="820px">
        <Dialog.Title>Deliveries to {endpoint.url}</Dialog.Title>
        {data.error && <ErrorCallout error={data.error} onRetry={data.reload} />}
        {data.loading && !data.data ? <Loading /> : (data.data ?? []).length === 0 ? <Text color="gray">No deliveries yet.</Text> : (
          <Table.Root variant="surface" aria-label="Deliveries">
            <Table.Header>
              <Table.Row>
                <Table.ColumnHeaderCell>Event</Table.ColumnHeaderCell><Table.ColumnHeaderCell>Type</Table.ColumnHeaderCell><Table.ColumnHeaderCell>Status</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Attempts</Table.ColumnHeaderCell><Table.ColumnHeaderCell>Last answer</Table.ColumnHeaderCell><Table.ColumnHeaderCell />
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {(data.data ?? []).map((d) => (
                <Table.Row key={d.event_id} align="center">
                  <Table.RowHeaderCell><Code variant="ghost">{d.event_id}</Code></Table.RowHeaderCell>
                  <Table.Cell>{d.type}</Table.Cell>
                  <Table.Cell><Badge color={d.status === 'delivered' ? 'green' : d.status === 'failed' ? 'red' : 'amber'}>{d.status}</Badge></Table.Cell>
                  <Table.Cell>{d.attempts}</Table.Cell>
                  <Table.Cell>{d.last_status ?? d.last_error ?? '—'}</Table.Cell>
                  <Table.Cell><Flex justify="end"><Button size="1" variant="soft" onClick={() => void redeliver(d)}>Redeliver</Button></Flex></Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table.Root>
        )}
        <Flex justify="end" mt="3"><Dialog.Close><Button variant="soft" color="gray">Close</Button></Dialog.Close></Flex>
      </Dialog.Content>
    </Dialog.Root>
  );
}
