import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Badge, Button, Card, Code, DataList, Flex, Heading, Link as RadixLink, Table, Text, TextArea, TextField } from '@radix-ui/themes';
import { Pencil1Icon, TrashIcon, UpdateIcon } from '@radix-ui/react-icons';
import { enc, query } from '../api/client';
import { useApi } from '../api/api-context';
import type { AuditEvent, Member, Page, Token } from '../api/types';
import { atLeast, useMe, useWorkspaceRef } from '../session/session';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { PageHeader } from '../ui/PageHeader';
import { ErrorCallout, Loading } from '../ui/states';
import { dateTime, relative } from '../ui/format';
import { useLoad } from '../ui/use-load';
import { useSubmit } from '../ui/use-submit';
import { RotateDialog } from '../tokens/RotateDialog';
import { KIND_LABEL, STATUS_COLOR } from '../tokens/token-meta';

interface Loaded { token: Token; events: AuditEvent[]; members: Member[] }

/** Labels as the edit box shows them: one `key=value` per line. */
const labelsText = (labels: Record<string, string>) => Object.entries(labels).map(([k, v]) => `${k}=${v}`).join('\n');
function parseLabels(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const eq = line.indexOf('=');
    if (eq <= 0) throw new Error(`“${line}” is not key=value`);
    out[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return out;
}

/**
 * One token: everything the API tells about it (scopes, expiry, status and rotation chain, last
 * use, creator, revocation, labels) and its audit events, with rename/description/labels editing,
 * rotation and revocation. At /w/:ws/tokens/:id, and /account/tokens/:id for personal tokens.
 */
export function TokenPage() {
  const { ws: wsSlug, id = '' } = useParams();
  const ws = useWorkspaceRef(wsSlug);
  const me = useMe();
  const api = useApi();
  const [editing, setEditing] = useState(false);
  const [rotating, setRotating] = useState(false);
  const [revoking, setRevoking] = useState(false);
  const [reason, setReason] = useState('');
  const [draft, setDraft] = useState({ name: '', description: '', labels: '' });

  const data = useLoad<Loaded>(async () => {
    const token = await api.request<Token>('GET', `/v1/tokens/${enc(id)}`);
    const wsRef = token.workspace_id ?? undefined;
    const [events, members] = wsSlug && wsRef && atLeast(ws?.role, 'admin')
      ? await Promise.all([
        api.request<Page<AuditEvent>>('GET', `/v1/workspaces/${enc(wsSlug)}/audit-events${query({ target: token.id, limit: 50 })}`).then((p) => p.items).catch(() => []),
        api.request<{ items: Member[] }>('GET', `/v1/workspaces/${enc(wsSlug)}/members`).then((p) => p.items).catch(() => []),
      ])
      : [[], []];
    return { token, events, members };
  }, [id, wsSlug]);

  const save = useSubmit(async () => {
    const t = data.data!.token;
    const labels = parseLabels(draft.labels);
    await api.request<Token>('PATCH', `/v1/tokens/${enc(t.id)}`, { name: draft.name.trim(), description: draft.description, labels });
    setEditing(false);
    data.reload();
  });

  if (data.loading && !data.data) return <Loading label="Loading token…" />;
  if (data.error) return <ErrorCallout error={data.error} onRetry={data.reload} />;
  const { token: t, events, members } = data.data!;
  const listPath = wsSlug ? `/w/${enc(wsSlug)}/tokens` : '/account';
  const tokenPath = (tokenId: string) => (wsSlug ? `/w/${enc(wsSlug)}/tokens/${tokenId}` : `/account/tokens/${tokenId}`);
  const who = (userId: string | null) => (!userId ? '—' : userId === me.user?.id ? 'you' : members.find((m) => m.user_id === userId)?.name ?? userId);
  const live = t.status === 'active' || t.status === 'rotating';
  const canManage = (t.kind === 'personal' && t.user_id === me.user?.id) || (t.kind === 'workspace' ? ws?.role === 'owner' : t.kind !== 'personal' && atLeast(ws?.role, 'admin'));

  const startEdit = () => {
    setDraft({ name: t.name, description: t.description, labels: labelsText(t.labels) });
    save.reset();
    setEditing(true);
  };

  return (
    <>
      <Text size="2"><RadixLink asChild><Link to={listPath}>← All tokens</Link></RadixLink></Text>
      <PageHeader
        title={t.name}
        intro={<><Code variant="ghost">{t.display_prefix}</Code> · {KIND_LABEL[t.kind]} token{t.description ? ` · ${t.description}` : ''}</>}
        actions={canManage && (
          <Flex gap="2" wrap="wrap">
            {!editing && <Button variant="soft" onClick={startEdit}><Pencil1Icon /> Edit</Button>}
            {t.status === 'active' && <Button variant="soft" onClick={() => setRotating(true)}><UpdateIcon /> Rotate</Button>}
            {live && <Button variant="soft" color="red" onClick={() => setRevoking(true)}><TrashIcon /> Revoke</Button>}
          </Flex>
        )}
      />

      {editing && (
        <Card mb="4">
          <form onSubmit={save.onSubmit}>
            <Flex direction="column" gap="3">
              <label><Text as="div" size="2" weight="medium" mb="1">Name</Text>
                <TextField.Root value={draft.name} required maxLength={100} onChange={(e) => setDraft({ ...draft, name: e.target.value })} /></label>
              <label><Text as="div" size="2" weight="medium" mb="1">Description</Text>
                <TextArea value={draft.description} maxLength={1000} onChange={(e) => setDraft({ ...draft, description: e.target.value })} /></label>
              <label><Text as="div" size="2" weight="medium" mb="1">Labels (one key=value per line)</Text>
                <TextArea value={draft.labels} rows={3} onChange={(e) => setDraft({ ...draft, labels: e.target.value })} /></label>
              {save.error && <ErrorCallout error={save.error} />}
              <Flex gap="2" justify="end">
                <Button type="button" variant="soft" color="gray" onClick={() => setEditing(false)}>Cancel</Button>
                <Button type="submit" loading={save.busy}>Save changes</Button>
              </Flex>
            </Flex>
          </form>
        </Card>
      )}

      <Card mb="4">
        <DataList.Root orientation={{ initial: 'vertical', sm: 'horizontal' }}>
          <DataList.Item><DataList.Label>Status</DataList.Label><DataList.Value><Flex gap="1"><Badge color={STATUS_COLOR[t.status]} highContrast>{t.status}</Badge>{t.canary && <Badge color="amber" highContrast>canary: any use is reported</Badge>}{t.leaked_at && <Badge color="red" highContrast>reported leaked {dateTime(t.leaked_at)}: rotate or revoke it</Badge>}</Flex></DataList.Value></DataList.Item>
          <DataList.Item><DataList.Label>Scopes</DataList.Label><DataList.Value><Flex gap="1" wrap="wrap">{t.scopes.map((s) => <Badge key={s} variant="outline" color="gray" highContrast>{s}</Badge>)}</Flex></DataList.Value></DataList.Item>
          <DataList.Item><DataList.Label>Created</DataList.Label><DataList.Value>{dateTime(t.created_at)} by {who(t.created_by)}</DataList.Value></DataList.Item>
          <DataList.Item><DataList.Label>Expires</DataList.Label><DataList.Value>{t.expires_at ? `${dateTime(t.expires_at)} (${relative(t.expires_at)})` : 'Never'}</DataList.Value></DataList.Item>
          <DataList.Item><DataList.Label>Last used</DataList.Label><DataList.Value>{t.last_used_at ? `${dateTime(t.last_used_at)} from ${t.last_used_ip ?? 'an unknown address'}` : 'Never'}</DataList.Value></DataList.Item>
          {t.user_id && <DataList.Item><DataList.Label>Acts as</DataList.Label><DataList.Value>{who(t.user_id)}</DataList.Value></DataList.Item>}
          {t.agent_type && <DataList.Item><DataList.Label>Agent type</DataList.Label><DataList.Value>{t.agent_type}</DataList.Value></DataList.Item>}
          <DataList.Item><DataList.Label>Labels</DataList.Label><DataList.Value>
            {Object.keys(t.labels).length ? <Flex gap="1" wrap="wrap">{Object.entries(t.labels).map(([k, v]) => <Code key={k}>{k}={v}</Code>)}</Flex> : 'None'}
          </DataList.Value></DataList.Item>
          {t.rotated_from && <DataList.Item><DataList.Label>Replaces</DataList.Label><DataList.Value><RadixLink asChild><Link to={tokenPath(t.rotated_from)}>the token it was rotated from</Link></RadixLink></DataList.Value></DataList.Item>}
          {t.rotated_to && <DataList.Item><DataList.Label>Replaced by</DataList.Label><DataList.Value><RadixLink asChild><Link to={tokenPath(t.rotated_to)}>its rotation</Link></RadixLink>{t.grace_period_ends_at ? `; this one stops ${relative(t.grace_period_ends_at)}` : ''}</DataList.Value></DataList.Item>}
          {t.revoked_at && <DataList.Item><DataList.Label>Revoked</DataList.Label><DataList.Value>{dateTime(t.revoked_at)} by {who(t.revoked_by)}{t.revoke_reason ? ` — reason: ${t.revoke_reason}` : ''}</DataList.Value></DataList.Item>}
        </DataList.Root>
      </Card>

      {events.length > 0 && (
        <>
          <Heading as="h2" size="4" mb="2">Audit events</Heading>
          <Table.Root variant="surface" size="1" aria-label="Audit events of this token">
            <Table.Header><Table.Row><Table.ColumnHeaderCell>When</Table.ColumnHeaderCell><Table.ColumnHeaderCell>Action</Table.ColumnHeaderCell><Table.ColumnHeaderCell>By</Table.ColumnHeaderCell><Table.ColumnHeaderCell>From</Table.ColumnHeaderCell></Table.Row></Table.Header>
            <Table.Body>
              {events.map((e) => (
                <Table.Row key={e.id} data-action={e.action}>
                  <Table.Cell>{dateTime(e.occurred_at)}</Table.Cell>
                  <Table.Cell><Code variant="ghost">{e.action}</Code></Table.Cell>
                  <Table.Cell>{e.actor.label ?? e.actor.id ?? e.actor.type}</Table.Cell>
                  <Table.Cell>{e.ip ?? '—'}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table.Root>
        </>
      )}

      <RotateDialog token={rotating ? t : null} onClose={() => setRotating(false)} onRotated={data.reload} />
      <ConfirmDialog
        open={revoking} onOpenChange={(o) => { if (!o) setRevoking(false); }} title={`Revoke “${t.name}”?`} confirmLabel="Revoke token"
        extra={<label><Text as="div" size="2" weight="medium" mt="3" mb="1">Reason (optional, kept with the token)</Text>
          <TextField.Root value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} /></label>}
        onConfirm={async () => { await api.request('DELETE', `/v1/tokens/${enc(t.id)}${query({ reason: reason.trim() || undefined })}`); setReason(''); data.reload(); }}
      >
        <Code>{t.display_prefix}…</Code> stops working from the very next request, wherever it is used. This cannot be undone.
      </ConfirmDialog>
    </>
  );
}
