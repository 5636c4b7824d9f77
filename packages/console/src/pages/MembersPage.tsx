import { useState } from 'react';
import { useParams } from 'react-router';
import { Badge, Button, Callout, Code, Dialog, Flex, Select, Table, Text, TextField } from '@radix-ui/themes';
import { PlusIcon } from '@radix-ui/react-icons';
import { enc, query } from '../api/client';
import { useApi } from '../api/api-context';
import type { Member, MemberAdded, Role, WorkspaceRef } from '../api/types';
import { atLeast, useMe, useWorkspaceRef } from '../session/session';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { EmptyState, ErrorCallout, Loading } from '../ui/states';
import { PageHeader } from '../ui/PageHeader';
import { useLoad } from '../ui/use-load';
import { useSubmit } from '../ui/use-submit';
import { CopyButton } from '../tokens/CopyButton';
import { Field } from './AuthCard';
import { NotFoundPage } from './NotFoundPage';

export const ROLES: { value: Role; hint: string }[] = [
  { value: 'viewer', hint: 'sees projects, uploads and members' },
  { value: 'member', hint: 'also uploads CI reports' },
  { value: 'admin', hint: 'also manages projects, members and project tokens' },
  { value: 'owner', hint: 'everything, including workspace tokens and settings' },
];

export function MembersPage() {
  const api = useApi();
  const ws = useWorkspaceRef(useParams().ws);
  const me = useMe();
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<Member | null>(null);
  const members = useLoad(() => (ws ? api.request<{ items: Member[] }>('GET', `/v1/workspaces/${enc(ws.slug)}/members${query({ kind: 'human' })}`) : Promise.resolve({ items: [] })), [ws?.slug]);
  const { submit: changeRole, error } = useSubmit(async (wsSlug: string, m: Member, role: Role) => {
    await api.request('PATCH', `/v1/workspaces/${enc(wsSlug)}/members/${m.user_id}`, { role });
    members.reload();
  });
  if (!ws) return <NotFoundPage />;
  const canManage = atLeast(ws.role, 'admin');
  const items = members.data?.items ?? [];
  return (
    <>
      <PageHeader title="Members" intro="People in this workspace and their roles. Service accounts have their own page." actions={canManage && <Button onClick={() => setAdding(true)}><PlusIcon /> Add member</Button>} />
      {(members.error || error) && <ErrorCallout error={(members.error ?? error)!} />}
      {members.loading && !members.data ? <Loading /> : items.length === 0 ? <EmptyState title="No members">Add people by email.</EmptyState> : (
        <Table.Root variant="surface">
          <Table.Header><Table.Row><Table.ColumnHeaderCell>Name</Table.ColumnHeaderCell><Table.ColumnHeaderCell>Email</Table.ColumnHeaderCell><Table.ColumnHeaderCell>Role</Table.ColumnHeaderCell><Table.ColumnHeaderCell /></Table.Row></Table.Header>
          <Table.Body>
            {items.map((m) => (
              <Table.Row key={m.user_id} align="center">
                <Table.RowHeaderCell>{m.name} {m.user_id === me.user?.id && <Badge color="gray">you</Badge>} {m.pending && <Badge color="amber">invited</Badge>}</Table.RowHeaderCell>
                <Table.Cell>{m.email}</Table.Cell>
                <Table.Cell>
                  {canManage && m.user_id !== me.user?.id && (m.role !== 'owner' || ws.role === 'owner') ? (
                    <Select.Root value={m.role} onValueChange={(r) => void changeRole(ws.slug, m, r as Role)}>
                      <Select.Trigger aria-label={`Role of ${m.name}`} variant="soft" />
                      <Select.Content>{ROLES.filter((r) => r.value !== 'owner' || ws.role === 'owner').map((r) => <Select.Item key={r.value} value={r.value}>{r.value}</Select.Item>)}</Select.Content>
                    </Select.Root>
                  ) : <Badge>{m.role}</Badge>}
                </Table.Cell>
                <Table.Cell>
                  {(m.user_id === me.user?.id || (canManage && (m.role !== 'owner' || ws.role === 'owner'))) && (
                    <Button size="1" variant="soft" color="red" onClick={() => setRemoving(m)}>{m.user_id === me.user?.id ? 'Leave' : 'Remove'}</Button>
                  )}
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table.Root>
      )}
      <AddMemberDialog ws={ws} open={adding} onOpenChange={setAdding} onAdded={members.reload} />
      <ConfirmDialog open={!!removing} onOpenChange={(o) => !o && setRemoving(null)} title={removing?.user_id === me.user?.id ? `Leave ${ws.name}?` : `Remove ${removing?.name ?? ''}?`} confirmLabel={removing?.user_id === me.user?.id ? 'Leave' : 'Remove member'}
        onConfirm={async () => { await api.request('DELETE', `/v1/workspaces/${enc(ws.slug)}/members/${removing!.user_id}`); members.reload(); }}>
        Their personal tokens restricted to this workspace are revoked.
      </ConfirmDialog>
    </>
  );
}

function AddMemberDialog({ ws, open, onOpenChange, onAdded }: { ws: WorkspaceRef; open: boolean; onOpenChange: (o: boolean) => void; onAdded: () => void }) {
  const api = useApi();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('member');
  const [added, setAdded] = useState<MemberAdded | null>(null);
  const { onSubmit, busy, error, reset } = useSubmit(async () => {
    const m = await api.request<MemberAdded>('POST', `/v1/workspaces/${enc(ws.slug)}/members`, { email, role });
    onAdded();
    if (m.invitation) setAdded(m);
    else onOpenChange(false);
  });
  return (
    <Dialog.Root open={open} onOpenChange={(o) => { if (!o) { setAdded(null); setEmail(''); reset(); } onOpenChange(o); }}>
      <Dialog.Content maxWidth="480px">
        <Dialog.Title>{added ? 'Invitation created' : 'Add a member'}</Dialog.Title>
        {added?.invitation ? (
          <Flex direction="column" gap="3">
            <Callout.Root color="amber"><Callout.Text>Send this link (or the code) to {added.email}: it is shown only now and expires {new Date(added.invitation.expires_at).toLocaleDateString()}. It opens a page where they choose their password.</Callout.Text></Callout.Root>
            <Flex gap="2" align="center" wrap="wrap"><Code size="2" className="secret-box">{`${window.location.origin}/invite?code=${added.invitation.code}`}</Code><CopyButton text={`${window.location.origin}/invite?code=${added.invitation.code}`} label="Copy link" /></Flex>
            <Flex gap="2" align="center"><Code size="3">{added.invitation.code}</Code><CopyButton text={added.invitation.code} label="Copy code" /></Flex>
            <Flex justify="end"><Dialog.Close><Button>Done</Button></Dialog.Close></Flex>
          </Flex>
        ) : (
          <form onSubmit={onSubmit}>
            <Dialog.Description size="2" mb="3">Someone without an account gets a one-time invitation code.</Dialog.Description>
            <Flex direction="column" gap="3">
              <Field id="member-email" label="Email"><TextField.Root id="member-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} required autoFocus /></Field>
              <Field id="member-role" label="Role">
                <Select.Root value={role} onValueChange={(r) => setRole(r as Role)}>
                  <Select.Trigger id="member-role" />
                  <Select.Content>{ROLES.filter((r) => r.value !== 'owner' || ws.role === 'owner').map((r) => <Select.Item key={r.value} value={r.value}>{r.value} — {r.hint}</Select.Item>)}</Select.Content>
                </Select.Root>
              </Field>
              {error && <ErrorCallout error={error} />}
              <Flex gap="3" justify="end">
                <Dialog.Close><Button type="button" variant="soft" color="gray">Cancel</Button></Dialog.Close>
                <Button type="submit" loading={busy}>Add member</Button>
              </Flex>
            </Flex>
          </form>
        )}
        <Text size="1" />
      </Dialog.Content>
    </Dialog.Root>
  );
}
