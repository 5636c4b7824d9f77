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
  // A role changes only after a confirmation naming the person and both roles (owner promotion says what it hands over).
  const [roleChange, setRoleChange] = useState<{ member: Member; role: Role } | null>(null);
  const [reissuing, setReissuing] = useState<Member | null>(null);
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
          <Table.Header><Table.Row><Table.ColumnHeaderCell>Name</Table.ColumnHeaderCell><Table.ColumnHeaderCell>Email</Table.ColumnHeaderCell><Table.ColumnHeaderCell>Role</Table.ColumnHeaderCell><Table.ColumnHeaderCell><span className="visually-hidden">Actions</span></Table.ColumnHeaderCell></Table.Row></Table.Header>
          <Table.Body>
            {items.map((m) => (
              <Table.Row key={m.user_id} align="center">
                <Table.RowHeaderCell>{m.name} {m.user_id === me.user?.id && <Badge color="gray">you</Badge>} {m.pending && <Badge color="amber">invited</Badge>}</Table.RowHeaderCell>
                <Table.Cell>{m.email}</Table.Cell>
                <Table.Cell>
                  {canManage && m.user_id !== me.user?.id && (m.role !== 'owner' || ws.role === 'owner') ? (
                    <Select.Root value={m.role} onValueChange={(r) => setRoleChange({ member: m, role: r as Role })}>
                      <Select.Trigger aria-label={`Role of ${m.name}`} variant="soft" />
                      <Select.Content>{ROLES.filter((r) => r.value !== 'owner' || ws.role === 'owner').map((r) => <Select.Item key={r.value} value={r.value}>{r.value}</Select.Item>)}</Select.Content>
                    </Select.Root>
                  ) : <Badge>{m.role}</Badge>}
                </Table.Cell>
                <Table.Cell>
                  {canManage && m.pending && (m.role !== 'owner' || ws.role === 'owner') && (
                    <Button size="1" variant="soft" mr="2" onClick={() => setReissuing(m)} aria-label={`New invitation for ${m.name}`}>New invitation</Button>
                  )}
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
      <ConfirmDialog
        open={!!roleChange} onOpenChange={(o) => !o && setRoleChange(null)} destructive={roleChange?.role === 'owner'}
        title={roleChange?.role === 'owner' ? `Make ${roleChange.member.name} an owner?` : `Change ${roleChange?.member.name ?? ''}’s role to ${roleChange?.role ?? ''}?`}
        confirmLabel={roleChange?.role === 'owner' ? 'Make owner' : 'Change role'}
        onConfirm={async () => { const c = roleChange!; await changeRole(ws.slug, c.member, c.role); }}
      >
        {roleChange?.role === 'owner'
          ? `${roleChange.member.name} will be able to do everything you can: manage workspace tokens, settings and other owners, and remove you.`
          : `From ${roleChange?.member.role ?? ''} to ${roleChange?.role ?? ''}: ${ROLES.find((r) => r.value === roleChange?.role)?.hint ?? ''}. Their personal tokens act with the new role from the next request.`}
      </ConfirmDialog>
      <ReissueDialog ws={ws} member={reissuing} onClose={() => setReissuing(null)} />
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
            <InvitationShown added={added} />
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

/** An invitation's link and code, shown once; wraps on a phone instead of overflowing. */
function InvitationShown({ added }: { added: MemberAdded }) {
  const link = `${window.location.origin}/invite?code=${added.invitation!.code}`;
  return (
    <>
      <Callout.Root color="amber"><Callout.Text>Send this link (or the code) to {added.email}: it is shown only now and expires {new Date(added.invitation!.expires_at).toLocaleDateString()}. It opens a page where they choose their password.</Callout.Text></Callout.Root>
      <Flex gap="2" align="center" wrap="wrap"><Code size="2" className="secret-box wrap-anywhere">{link}</Code><CopyButton text={link} label="Copy link" /></Flex>
      <Flex gap="2" align="center" wrap="wrap"><Code size="3" className="wrap-anywhere">{added.invitation!.code}</Code><CopyButton text={added.invitation!.code} label="Copy code" /></Flex>
    </>
  );
}

/** A new invitation for a member who never accepted theirs (lost or expired): the old code stops working. */
function ReissueDialog({ ws, member, onClose }: { ws: WorkspaceRef; member: Member | null; onClose: () => void }) {
  const api = useApi();
  const [issued, setIssued] = useState<MemberAdded | null>(null);
  const { submit, busy, error, reset } = useSubmit(async () => {
    setIssued(await api.request<MemberAdded>('POST', `/v1/workspaces/${enc(ws.slug)}/members/${member!.user_id}/invitation`));
  });
  return (
    <Dialog.Root open={!!member} onOpenChange={(o) => { if (!o) { setIssued(null); reset(); onClose(); } }}>
      <Dialog.Content maxWidth="480px">
        <Dialog.Title>{issued ? 'New invitation' : `Invite ${member?.email ?? ''} again?`}</Dialog.Title>
        {issued ? (
          <Flex direction="column" gap="3">
            <InvitationShown added={issued} />
            <Flex justify="end"><Dialog.Close><Button>Done</Button></Dialog.Close></Flex>
          </Flex>
        ) : (
          <Flex direction="column" gap="3">
            <Dialog.Description size="2">A new one-time code replaces the one sent before, which stops working.</Dialog.Description>
            {error && <ErrorCallout error={error} />}
            <Flex gap="3" justify="end">
              <Dialog.Close><Button variant="soft" color="gray">Cancel</Button></Dialog.Close>
              <Button loading={busy} onClick={() => void submit()}>Issue a new invitation</Button>
            </Flex>
          </Flex>
        )}
      </Dialog.Content>
    </Dialog.Root>
  );
}
