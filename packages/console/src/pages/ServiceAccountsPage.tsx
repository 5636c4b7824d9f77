import { useState } from 'react';
import { useParams } from 'react-router';
import { Badge, Button, Dialog, Flex, Select, Table, TextField } from '@radix-ui/themes';
import { PlusIcon } from '@radix-ui/react-icons';
import { enc } from '../api/client';
import { useApi } from '../api/api-context';
import type { Member, Project, Role, Workspace } from '../api/types';
import { atLeast, useWorkspaceRef } from '../session/session';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { EmptyState, ErrorCallout, Loading } from '../ui/states';
import { PageHeader } from '../ui/PageHeader';
import { dateOnly } from '../ui/format';
import { useLoad } from '../ui/use-load';
import { useSubmit } from '../ui/use-submit';
import { CreateTokenDialog } from '../tokens/CreateTokenDialog';
import { Field } from './AuthCard';
import { ROLES } from './MembersPage';
import { NotFoundPage } from './NotFoundPage';

export function ServiceAccountsPage() {
  const api = useApi();
  const ws = useWorkspaceRef(useParams().ws);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<Member | null>(null);
  const [tokenFor, setTokenFor] = useState<Member | null>(null);
  const data = useLoad(async () => {
    if (!ws) return { accounts: [] as Member[], workspace: undefined, projects: [] as Project[] };
    const [accounts, workspace, projects] = await Promise.all([
      api.request<{ items: Member[] }>('GET', `/v1/workspaces/${enc(ws.slug)}/service-accounts`),
      api.request<Workspace>('GET', `/v1/workspaces/${enc(ws.slug)}`),
      api.request<{ items: Project[] }>('GET', `/v1/workspaces/${enc(ws.slug)}/projects`),
    ]);
    return { accounts: accounts.items, workspace, projects: projects.items };
  }, [ws?.slug]);
  if (!ws) return <NotFoundPage />;
  const canManage = atLeast(ws.role, 'admin');
  const accounts = data.data?.accounts ?? [];
  return (
    <>
      <PageHeader title="Service accounts" intro="Non-human members for bots and integrations: their tokens outlive any one person’s account." actions={canManage && <Button onClick={() => setCreating(true)}><PlusIcon /> New service account</Button>} />
      {data.error && <ErrorCallout error={data.error} onRetry={data.reload} />}
      {data.loading && !data.data ? <Loading /> : accounts.length === 0 ? (
        <EmptyState title="No service accounts" action={canManage && <Button onClick={() => setCreating(true)}><PlusIcon /> Create one</Button>}>
          Create a service account for a deploy bot or an integration, give it a role, then a token.
        </EmptyState>
      ) : (
        <Table.Root variant="surface">
          <Table.Header><Table.Row><Table.ColumnHeaderCell>Name</Table.ColumnHeaderCell><Table.ColumnHeaderCell>Role</Table.ColumnHeaderCell><Table.ColumnHeaderCell>Created</Table.ColumnHeaderCell><Table.ColumnHeaderCell><span className="visually-hidden">Actions</span></Table.ColumnHeaderCell></Table.Row></Table.Header>
          <Table.Body>
            {accounts.map((a) => (
              <Table.Row key={a.user_id} align="center">
                <Table.RowHeaderCell>{a.name}</Table.RowHeaderCell>
                <Table.Cell><Badge>{a.role}</Badge></Table.Cell>
                <Table.Cell>{dateOnly(a.created_at)}</Table.Cell>
                <Table.Cell>
                  {canManage && (
                    <Flex gap="2" justify="end">
                      <Button size="1" variant="soft" onClick={() => setTokenFor(a)}>New token</Button>
                      <Button size="1" variant="soft" color="red" onClick={() => setDeleting(a)}>Delete</Button>
                    </Flex>
                  )}
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table.Root>
      )}
      <CreateServiceAccountDialog wsSlug={ws.slug} ownerRole={ws.role} open={creating} onOpenChange={setCreating} onCreated={data.reload} />
      {tokenFor && (
        <CreateTokenDialog open={!!tokenFor} onOpenChange={(o) => !o && setTokenFor(null)} onCreated={() => undefined}
          target={{ type: 'workspace', ws, workspace: data.data?.workspace, projects: data.data?.projects ?? [], kinds: [], serviceAccount: { id: tokenFor.user_id, name: tokenFor.name } }} />
      )}
      <ConfirmDialog open={!!deleting} onOpenChange={(o) => !o && setDeleting(null)} title={`Delete service account “${deleting?.name ?? ''}”?`} confirmLabel="Delete service account"
        onConfirm={async () => { await api.request('DELETE', `/v1/workspaces/${enc(ws.slug)}/service-accounts/${deleting!.user_id}`); data.reload(); }}>
        Its tokens are revoked at once and deleted with it.
      </ConfirmDialog>
    </>
  );
}

function CreateServiceAccountDialog({ wsSlug, ownerRole, open, onOpenChange, onCreated }: { wsSlug: string; ownerRole: Role; open: boolean; onOpenChange: (o: boolean) => void; onCreated: () => void }) {
  const api = useApi();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('member');
  const { onSubmit, busy, error } = useSubmit(async () => {
    await api.request('POST', `/v1/workspaces/${enc(wsSlug)}/service-accounts`, { name, role });
    onCreated();
    onOpenChange(false);
    setName('');
  });
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Content maxWidth="480px">
        <Dialog.Title>New service account</Dialog.Title>
        <Dialog.Description size="2" mb="3">Its role caps what its tokens may do.</Dialog.Description>
        <form onSubmit={onSubmit}>
          <Flex direction="column" gap="3">
            <Field id="sa-name" label="Name"><TextField.Root id="sa-name" value={name} onChange={(e) => setName(e.target.value)} required autoFocus placeholder="deploy-bot" /></Field>
            <Field id="sa-role" label="Role">
              <Select.Root value={role} onValueChange={(r) => setRole(r as Role)}>
                <Select.Trigger id="sa-role" />
                <Select.Content>{ROLES.filter((r) => r.value !== 'owner' || ownerRole === 'owner').map((r) => <Select.Item key={r.value} value={r.value}>{r.value} — {r.hint}</Select.Item>)}</Select.Content>
              </Select.Root>
            </Field>
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
