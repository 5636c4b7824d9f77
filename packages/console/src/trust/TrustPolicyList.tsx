import { useState } from 'react';
import { Badge, Button, Code, Flex, Table, Text } from '@radix-ui/themes';
import { PlusIcon } from '@radix-ui/react-icons';
import { enc } from '../api/client';
import { useApi } from '../api/api-context';
import type { Member, Project, TrustPolicy, WorkspaceRef } from '../api/types';
import { atLeast } from '../session/session';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { EmptyState, ErrorCallout, Loading } from '../ui/states';
import { dateOnly, dateTime } from '../ui/format';
import { useLoad } from '../ui/use-load';
import { CreateTrustPolicyDialog } from './CreateTrustPolicyDialog';
import { describeConditions, lifetime, pinnedIds, providerLabel } from './trust-meta';

/**
 * Trust policies (tokenless CI, docs/ci.md) of one project (its own and the workspace-wide ones)
 * or of a whole workspace. Reading and changing them is for admins and owners: others get a note.
 */
export function TrustPolicyList({ ws, project }: { ws: WorkspaceRef; project?: Project }) {
  const api = useApi();
  const canManage = atLeast(ws.role, 'admin');
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<TrustPolicy | null>(null);
  const base = `/v1/workspaces/${enc(ws.slug)}${project ? `/projects/${enc(project.slug)}` : ''}/trust-policies`;
  const data = useLoad(async () => {
    if (!canManage) return { policies: [] as TrustPolicy[], members: [] as Member[], projects: [] as Project[] };
    const [policies, members, projects] = await Promise.all([
      api.request<{ items: TrustPolicy[] }>('GET', base),
      api.request<{ items: Member[] }>('GET', `/v1/workspaces/${enc(ws.slug)}/members`).catch(() => ({ items: [] as Member[] })),
      project ? Promise.resolve({ items: [project] }) : api.request<{ items: Project[] }>('GET', `/v1/workspaces/${enc(ws.slug)}/projects`).catch(() => ({ items: [] as Project[] })),
    ]);
    return { policies: policies.items, members: members.items, projects: projects.items };
  }, [base, canManage]);

  if (!canManage) {
    return (
      <EmptyState title="Trust policies are managed by the workspace’s admins">
        A trust policy lets CI jobs of a named repository upload here without any stored token: they exchange their CI system’s OIDC ID token for a
        short-lived ci token. Ask an admin or owner of this workspace to add one.
      </EmptyState>
    );
  }
  if (data.loading && !data.data) return <Loading label="Loading trust policies…" />;
  if (data.error) return <ErrorCallout error={data.error} onRetry={data.reload} />;
  const { policies, members, projects } = data.data!;
  const who = (id: string | null) => (id ? members.find((m) => m.user_id === id)?.name ?? 'a former member' : '—');
  const appliesTo = (p: TrustPolicy) => (p.project_id ? projects.find((x) => x.id === p.project_id)?.slug ?? p.project_id : 'every project');
  const newButton = <Button onClick={() => setCreating(true)}><PlusIcon /> New trust policy</Button>;
  return (
    <Flex direction="column" gap="3">
      <Flex justify="between" align="center" gap="3" wrap="wrap">
        <Text size="2" color="gray" style={{ maxWidth: '40rem' }}>
          Jobs that match a policy exchange their OIDC ID token for a short-lived ci token: no secret to store, leak or rotate.
          {project ? ' Workspace-wide policies reach this project too.' : ''}
        </Text>
        {policies.length > 0 && newButton}
      </Flex>
      {policies.length === 0 ? (
        <EmptyState title="No trust policies yet" action={newButton}>
          Add a policy naming your GitHub repository or GitLab project (and, say, the branch <Code>main</Code>): the dialog then shows the workflow step to paste,
          with <Code>id-token: write</Code> and <Code>tessera upload</Code>, and your CI uploads without any <Code>TESSERA_TOKEN</Code>.
        </EmptyState>
      ) : (
        <div className="table-scroll">
          <Table.Root variant="surface" size="1">
            <Table.Header>
              <Table.Row>
                <Table.ColumnHeaderCell>Policy</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Conditions</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Token</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Pinned ids</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Created</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell><span className="visually-hidden">Actions</span></Table.ColumnHeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {policies.map((p) => (
                <Table.Row key={p.id} data-policy-name={p.name}>
                  <Table.RowHeaderCell>
                    <Text size="2" weight="medium">{p.name}</Text>
                    <Text as="div" size="1" color="gray">{providerLabel(p.provider)} · <Code variant="ghost" size="1">{p.issuer}</Code></Text>
                    <Text as="div" size="1" color="gray">{p.project_id ? <>project <Code variant="ghost" size="1">{appliesTo(p)}</Code></> : <Badge size="1" color="amber">workspace-wide</Badge>}</Text>
                  </Table.RowHeaderCell>
                  <Table.Cell>
                    {describeConditions(p.conditions).map((line) => <Text key={line} as="div" size="1">{line}</Text>)}
                  </Table.Cell>
                  <Table.Cell>
                    <Flex gap="1" wrap="wrap">{p.scopes.map((s) => <Badge key={s} size="1">{s}</Badge>)}</Flex>
                    <Text as="div" size="1" color="gray">valid {lifetime(p.lifetime_seconds)}</Text>
                  </Table.Cell>
                  <Table.Cell>
                    {pinnedIds(p.conditions).length ? pinnedIds(p.conditions).map((l) => <Text key={l} as="div" size="1"><Code variant="ghost" size="1">{l}</Code></Text>) : <Text size="1" color="gray">on first use</Text>}
                    {p.pinned_at && <Text as="div" size="1" color="gray" title={dateTime(p.pinned_at)}>pinned {dateOnly(p.pinned_at)}</Text>}
                  </Table.Cell>
                  <Table.Cell><Text size="1" title={dateTime(p.created_at)}>{dateOnly(p.created_at)}</Text><Text as="div" size="1" color="gray">by {who(p.created_by)}</Text></Table.Cell>
                  <Table.Cell>
                    <Flex justify="end"><Button size="1" variant="soft" color="red" aria-label={`Delete ${p.name}`} onClick={() => setDeleting(p)}>Delete</Button></Flex>
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table.Root>
        </div>
      )}
      <CreateTrustPolicyDialog open={creating} onOpenChange={setCreating} ws={ws} project={project} projects={projects} onCreated={data.reload} />
      <ConfirmDialog open={!!deleting} onOpenChange={(o) => !o && setDeleting(null)} title={`Delete trust policy “${deleting?.name ?? ''}”?`} confirmLabel="Delete trust policy"
        onConfirm={async () => { await api.request('DELETE', `/v1/trust-policies/${enc(deleting!.id)}`); data.reload(); }}>
        Jobs that match it can no longer mint tokens; ci tokens already minted expire on their own within {deleting ? lifetime(deleting.lifetime_seconds) : 'the hour'}.
      </ConfirmDialog>
    </Flex>
  );
}
