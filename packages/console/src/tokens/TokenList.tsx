import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Badge, Box, Button, Card, Checkbox, Code, Flex, IconButton, Link as RadixLink, Select, Table, Text, TextField, Tooltip } from '@radix-ui/themes';
import { MagnifyingGlassIcon, PlusIcon, ReloadIcon, TrashIcon, UpdateIcon } from '@radix-ui/react-icons';
import { enc, query } from '../api/client';
import { useApi } from '../api/api-context';
import type { BulkRevokeResult, Member, Page, Project, Token, TokenKind, TokenStatus, Workspace, WorkspaceRef } from '../api/types';
import type { TokenSort } from '../../../tessera/src/tokens/token-kinds.js';
import { atLeast, useMe } from '../session/session';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { EmptyState, ErrorCallout, Loading } from '../ui/states';
import { daysUntil, dateOnly, dateTime, relative } from '../ui/format';
import { useLoad } from '../ui/use-load';
import { useMediaQuery } from '../ui/use-media-query';
import { CreateTokenDialog, type CreateTarget } from './CreateTokenDialog';
import { RotateDialog } from './RotateDialog';
import { KIND_LABEL, STATUS_COLOR } from './token-meta';

export type TokenSource =
  | { type: 'workspace'; ws: WorkspaceRef; project?: Project }
  | { type: 'personal' };

interface Context { workspace?: Workspace; projects: Project[]; members: Member[] }

/** The token table of a workspace, a project or the account: filters, search, create, rotate, revoke, bulk revoke. */
export function TokenList({ source }: { source: TokenSource }) {
  const api = useApi();
  const me = useMe();
  // The view lives in the URL (?q=…&status=…&sort=…), so it survives a reload and can be shared.
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') ?? 'all') as 'all' | TokenStatus;
  const kind = (params.get('kind') ?? 'all') as 'all' | Exclude<TokenKind, 'ci'>;
  const projectFilter = params.get('project') ?? 'all';
  const createdBy = params.get('created_by') ?? 'all';
  const expiring = params.get('expiring') ?? 'any';
  const sort = (params.get('sort') ?? '-created_at') as TokenSort;
  const q = params.get('q') ?? '';
  const setParam = (key: string, value: string, fallback: string) => setParams((p) => {
    const n = new URLSearchParams(p);
    if (value === fallback || value === '') n.delete(key); else n.set(key, value);
    return n;
  }, { replace: true });
  // The search box updates the URL (and so the server query) once typing pauses.
  const [search, setSearch] = useState(q);
  useEffect(() => setSearch(q), [q]);
  useEffect(() => {
    if (search.trim() === q) return;
    const timer = setTimeout(() => setParam('q', search.trim(), ''), 250);
    return () => clearTimeout(timer);
  }, [search]);
  const [pages, setPages] = useState<Token[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [creating, setCreating] = useState(false);
  const [rotating, setRotating] = useState<Token | null>(null);
  const [revoking, setRevoking] = useState<Token | null>(null);
  const [bulk, setBulk] = useState<'selected' | 'never-expiring' | null>(null);
  const [notice, setNotice] = useState<string>();

  const wsSlug = source.type === 'workspace' ? source.ws.slug : undefined;
  const projectSlug = source.type === 'workspace' ? source.project?.slug : undefined;

  const ctx = useLoad<Context>(async () => {
    if (!wsSlug) return { projects: [], members: [] };
    const [workspace, projects, members] = await Promise.all([
      api.request<Workspace>('GET', `/v1/workspaces/${enc(wsSlug)}`),
      api.request<{ items: Project[] }>('GET', `/v1/workspaces/${enc(wsSlug)}/projects`),
      api.request<{ items: Member[] }>('GET', `/v1/workspaces/${enc(wsSlug)}/members`).catch(() => ({ items: [] as Member[] })),
    ]);
    return { workspace, projects: projects.items, members: members.items };
  }, [wsSlug]);

  const expiringBefore = expiring === 'any' ? undefined : new Date(Date.now() + Number(expiring) * 86_400_000).toISOString();
  const listPath = (c?: string | null) => source.type === 'personal'
    ? `/v1/me/tokens${query({ status: status === 'all' ? undefined : status, q, sort, limit: 100, cursor: c })}`
    : `/v1/workspaces/${enc(source.ws.slug)}/tokens${query({
      status: status === 'all' ? undefined : status, kind: projectSlug || kind === 'all' ? undefined : kind,
      project: projectSlug ?? (projectFilter === 'all' ? undefined : projectFilter), created_by: createdBy === 'all' ? undefined : createdBy,
      expiring_before: expiringBefore, q, sort, limit: 100, cursor: c,
    })}`;

  const list = useLoad(async () => {
    const page = await api.request<Page<Token>>('GET', listPath());
    setPages(page.items);
    setCursor(page.next_cursor);
    setSelected(new Set());
    return page;
  }, [source.type, wsSlug, projectSlug, status, kind, projectFilter, createdBy, expiring, sort, q]);

  const loadMore = async () => {
    const page = await api.request<Page<Token>>('GET', listPath(cursor));
    setPages((p) => [...p, ...page.items]);
    setCursor(page.next_cursor);
  };

  const role = source.type === 'workspace' ? source.ws.role : undefined;
  const userName = (id: string | null) => (id === me.user?.id ? 'you' : ctx.data?.members.find((m) => m.user_id === id)?.name ?? (id ? 'a former member' : '—'));
  const projectName = (id: string | null) => (id ? ctx.data?.projects.find((p) => p.id === id)?.name ?? id : '—');

  /** What the API will let this user do: their own personal tokens; project and service-account tokens as admin; workspace tokens as owner. */
  const canManage = (t: Token) => {
    if (t.kind === 'personal' && t.user_id === me.user?.id) return true;
    if (source.type === 'personal') return false;
    if (t.kind === 'workspace') return role === 'owner';
    return atLeast(role, 'admin');
  };
  const live = (t: Token) => t.status === 'active' || t.status === 'rotating';

  const kinds: ('project' | 'workspace')[] = source.type === 'workspace'
    ? [...(atLeast(role, 'admin') ? ['project' as const] : []), ...(role === 'owner' && !source.project ? ['workspace' as const] : [])]
    : [];
  const canCreate = source.type === 'personal' || kinds.length > 0;
  const createTarget: CreateTarget = source.type === 'personal'
    ? { type: 'personal', workspaces: me.workspaces ?? [] }
    : { type: 'workspace', ws: source.ws, workspace: ctx.data?.workspace, projects: ctx.data?.projects ?? [], kinds, ...(source.project ? { fixedProject: source.project } : {}) };

  const shown = pages;
  // A phone gets one card per token (status and actions on screen), not a table to scroll sideways.
  const phone = useMediaQuery('(max-width: 640px)');
  const filtered = q !== '' || status !== 'all' || kind !== 'all' || projectFilter !== 'all' || createdBy !== 'all' || expiring !== 'any';
  const detailPath = (t: Token) => (source.type === 'workspace' ? `/w/${enc(source.ws.slug)}/tokens/${t.id}` : `/account/tokens/${t.id}`);
  const selectable = shown.filter((t) => canManage(t) && live(t));
  const selectedTokens = pages.filter((t) => selected.has(t.id));

  const revokeOne = async (t: Token) => {
    await api.request('DELETE', `/v1/tokens/${t.id}`);
    setNotice(`Revoked “${t.name}” (${t.display_prefix}…). It fails from the very next request.`);
    list.reload();
  };
  const revokeBulk = async () => {
    if (bulk === 'selected') {
      if (source.type === 'workspace') {
        const r = await api.request<BulkRevokeResult>('POST', `/v1/workspaces/${enc(source.ws.slug)}/tokens/revoke`, { token_ids: [...selected] });
        setNotice(`Revoked ${r.revoked_count} token${r.revoked_count === 1 ? '' : 's'}.`);
      } else {
        for (const id of selected) await api.request('DELETE', `/v1/tokens/${id}`);
        setNotice(`Revoked ${selected.size} token${selected.size === 1 ? '' : 's'}.`);
      }
    } else if (source.type === 'workspace') {
      const r = await api.request<BulkRevokeResult>('POST', `/v1/workspaces/${enc(source.ws.slug)}/tokens/revoke`, { without_expiration: true, ...(projectSlug ? { project: projectSlug } : {}) });
      setNotice(`Revoked ${r.revoked_count} token${r.revoked_count === 1 ? '' : 's'} without expiration.`);
    }
    list.reload();
  };

  const uploadPath = source.type === 'workspace' && source.project ? `${source.ws.slug}%2F${source.project.slug}` : undefined;

  return (
    <Flex direction="column" gap="3">
      <Flex gap="2" wrap="wrap" align="end" justify="between">
        <Flex gap="2" wrap="wrap" align="end">
          <TextField.Root placeholder="Search name or prefix" value={search} onChange={(e) => setSearch(e.target.value)} aria-label="Search tokens">
            <TextField.Slot><MagnifyingGlassIcon /></TextField.Slot>
          </TextField.Root>
          <Select.Root value={status} onValueChange={(v) => setParam('status', v, 'all')}>
            <Select.Trigger aria-label="Status filter" />
            <Select.Content>
              <Select.Item value="all">All statuses</Select.Item>
              {(['active', 'rotating', 'expired', 'revoked'] as const).map((s) => <Select.Item key={s} value={s}>{s[0]!.toUpperCase() + s.slice(1)}</Select.Item>)}
            </Select.Content>
          </Select.Root>
          {source.type === 'workspace' && !source.project && (
            <Select.Root value={kind} onValueChange={(v) => setParam('kind', v, 'all')}>
              <Select.Trigger aria-label="Kind filter" />
              <Select.Content>
                <Select.Item value="all">All kinds</Select.Item>
                <Select.Item value="project">Project</Select.Item>
                <Select.Item value="workspace">Workspace</Select.Item>
                <Select.Item value="personal">Personal</Select.Item>
              </Select.Content>
            </Select.Root>
          )}
          {source.type === 'workspace' && !source.project && (ctx.data?.projects.length ?? 0) > 0 && (
            <Select.Root value={projectFilter} onValueChange={(v) => setParam('project', v, 'all')}>
              <Select.Trigger aria-label="Project filter" />
              <Select.Content>
                <Select.Item value="all">All projects</Select.Item>
                {ctx.data!.projects.map((p) => <Select.Item key={p.id} value={p.slug}>{p.name}</Select.Item>)}
              </Select.Content>
            </Select.Root>
          )}
          {source.type === 'workspace' && (ctx.data?.members.length ?? 0) > 1 && (
            <Select.Root value={createdBy} onValueChange={(v) => setParam('created_by', v, 'all')}>
              <Select.Trigger aria-label="Created by filter" />
              <Select.Content>
                <Select.Item value="all">Anyone</Select.Item>
                {ctx.data!.members.map((m) => <Select.Item key={m.user_id} value={m.user_id}>Created by {m.user_id === me.user?.id ? 'you' : m.name}</Select.Item>)}
              </Select.Content>
            </Select.Root>
          )}
          <Select.Root value={expiring} onValueChange={(v) => setParam('expiring', v, 'any')}>
            <Select.Trigger aria-label="Expiry filter" />
            <Select.Content>
              <Select.Item value="any">Any expiry</Select.Item>
              <Select.Item value="7">Expiring within 7 days</Select.Item>
              <Select.Item value="30">Expiring within 30 days</Select.Item>
            </Select.Content>
          </Select.Root>
          <Select.Root value={sort} onValueChange={(v) => setParam('sort', v, '-created_at')}>
            <Select.Trigger aria-label="Sort order" />
            <Select.Content>
              <Select.Item value="-created_at">Newest first</Select.Item>
              <Select.Item value="created_at">Oldest first</Select.Item>
              <Select.Item value="name">Name A–Z</Select.Item>
              <Select.Item value="-name">Name Z–A</Select.Item>
              <Select.Item value="expires_at">Expiring soonest</Select.Item>
              <Select.Item value="-last_used_at">Recently used</Select.Item>
              <Select.Item value="last_used_at">Least recently used</Select.Item>
            </Select.Content>
          </Select.Root>
          <Tooltip content="Refresh"><IconButton variant="ghost" aria-label="Refresh" onClick={list.reload}><ReloadIcon /></IconButton></Tooltip>
        </Flex>
        <Flex gap="2" wrap="wrap">
          {selected.size > 0 && <Button color="red" variant="soft" onClick={() => setBulk('selected')}><TrashIcon /> Revoke selected ({selected.size})</Button>}
          {source.type === 'workspace' && atLeast(role, 'admin') && (
            <Button color="red" variant="outline" onClick={() => setBulk('never-expiring')}>Revoke all without expiration</Button>
          )}
          {canCreate && <Button onClick={() => setCreating(true)}><PlusIcon /> New token</Button>}
        </Flex>
      </Flex>

      {notice && <Text size="2" color="green" role="status">{notice}</Text>}
      {list.error && <ErrorCallout error={list.error} onRetry={list.reload} />}
      {list.loading && pages.length === 0 ? <Loading label="Loading tokens…" /> : !list.error && shown.length === 0 ? (
        <EmptyState
          title={filtered ? 'No token matches these filters' : 'No tokens yet'}
          action={canCreate && !filtered ? <Button onClick={() => setCreating(true)}><PlusIcon /> Create a token</Button> : undefined}
        >
          {filtered ? 'Clear the search or choose other filters.'
            : source.type === 'personal' ? 'Personal tokens act as you from scripts and the CLI. Create one with the narrowest scopes and an expiry.'
            : canCreate ? 'Create a project token for a repository’s CI: it can upload coverage to that project only.'
            : 'Tokens of this workspace are managed by its admins. Your own personal tokens are on your account page.'}
        </EmptyState>
      ) : (
        phone ? (
          <Flex direction="column" gap="2" role="list" aria-label="Tokens">
            {shown.map((t) => (
              <Card key={t.id} role="listitem" data-token-name={t.name}>
                <Flex direction="column" gap="2">
                  <Flex justify="between" align="start" gap="2">
                    <Flex gap="2" align="start" minWidth="0">
                      {canManage(t) && live(t) && (
                        <Checkbox mt="1" aria-label={`Select ${t.name}`} checked={selected.has(t.id)} onCheckedChange={(c) => setSelected((s) => { const n = new Set(s); if (c === true) n.add(t.id); else n.delete(t.id); return n; })} />
                      )}
                      <Box minWidth="0">
                        <RadixLink asChild weight="medium"><Link to={detailPath(t)}>{t.name}</Link></RadixLink>
                        <Text as="div" size="1"><Code variant="ghost">{t.display_prefix}</Code> · {KIND_LABEL[t.kind]}{source.type === 'workspace' && !source.project && t.project_id ? ` · ${projectName(t.project_id)}` : ''}</Text>
                      </Box>
                    </Flex>
                    <Flex gap="1"><Badge color={STATUS_COLOR[t.status]} highContrast>{t.status}</Badge>{t.canary && <Badge color="amber" highContrast>canary</Badge>}{t.leaked_at && <Badge color="red" highContrast>leaked</Badge>}</Flex>
                  </Flex>
                  <Flex gap="1" wrap="wrap">{t.scopes.map((s) => <Badge key={s} variant="outline" color="gray" highContrast>{s}</Badge>)}</Flex>
                  <Flex justify="between" align="end" gap="2" wrap="wrap">
                    <Box>
                      <Text as="div" size="1">{dateOnly(t.created_at)} by {userName(t.created_by)} · {t.last_used_at ? `used ${relative(t.last_used_at)}` : 'never used'}</Text>
                      <Expiry token={t} />
                    </Box>
                    {canManage(t) && live(t) && (
                      <Flex gap="2">
                        {t.status === 'active' && <Button size="1" variant="soft" onClick={() => setRotating(t)} aria-label={`Rotate ${t.name}`}><UpdateIcon /> Rotate</Button>}
                        <Button size="1" variant="soft" color="red" onClick={() => setRevoking(t)} aria-label={`Revoke ${t.name}`}><TrashIcon /> Revoke</Button>
                      </Flex>
                    )}
                  </Flex>
                </Flex>
              </Card>
            ))}
          </Flex>
        ) : (
        <Table.Root variant="surface" size="1" className="token-table">
            <Table.Header>
              <Table.Row>
                <Table.ColumnHeaderCell width="32px">
                  {selectable.length > 0 && (
                    <Checkbox aria-label="Select all revocable tokens" checked={selectable.every((t) => selected.has(t.id))} onCheckedChange={(c) => setSelected(c === true ? new Set(selectable.map((t) => t.id)) : new Set())} />
                  )}
                </Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Name</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Kind</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Scopes</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Created · last used</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Expires</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Status</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell><span className="visually-hidden">Actions</span></Table.ColumnHeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {shown.map((t) => (
                <Table.Row key={t.id} data-token-name={t.name} align="center">
                  <Table.Cell className="cell-select">
                    {canManage(t) && live(t) && (
                      <Checkbox aria-label={`Select ${t.name}`} checked={selected.has(t.id)} onCheckedChange={(c) => setSelected((s) => { const n = new Set(s); if (c === true) n.add(t.id); else n.delete(t.id); return n; })} />
                    )}
                  </Table.Cell>
                  <Table.RowHeaderCell className="cell-name">
                    <RadixLink asChild weight="medium"><Link to={detailPath(t)}>{t.name}</Link></RadixLink>
                    <Text as="div" size="1"><Code variant="ghost">{t.display_prefix}</Code></Text>
                    {t.description && <Text as="div" size="1" color="gray" className="clamp">{t.description}</Text>}
                  </Table.RowHeaderCell>
                  <Table.Cell data-label="Kind">
                    {KIND_LABEL[t.kind]}
                    {source.type === 'workspace' && !source.project && t.project_id && <Text as="div" size="1" color="gray">{projectName(t.project_id)}</Text>}
                  </Table.Cell>
                  <Table.Cell data-label="Scopes"><Flex gap="1" wrap="wrap">{t.scopes.map((s) => <Badge key={s} variant="outline" color="gray" highContrast>{s}</Badge>)}</Flex></Table.Cell>
                  <Table.Cell data-label="Created · last used">
                    <Tooltip content={dateTime(t.created_at)}><Text size="1">{dateOnly(t.created_at)} by {userName(t.created_by)}</Text></Tooltip>
                    <Text as="div" size="1" color="gray">{t.last_used_at ? `Used ${relative(t.last_used_at)}` : 'Never used'}</Text>
                  </Table.Cell>
                  <Table.Cell data-label="Expires"><Expiry token={t} /></Table.Cell>
                  <Table.Cell data-label="Status"><Flex gap="1" wrap="wrap"><Badge color={STATUS_COLOR[t.status]} highContrast>{t.status}</Badge>{t.canary && <Badge color="amber" highContrast>canary</Badge>}{t.leaked_at && <Badge color="red" highContrast title={`reported leaked ${t.leaked_at}`}>leaked</Badge>}</Flex></Table.Cell>
                  <Table.Cell className="cell-actions">
                    {canManage(t) && live(t) && (
                      <Flex gap="1" justify="end">
                        {t.status === 'active' && <Tooltip content="Rotate"><IconButton size="1" variant="soft" onClick={() => setRotating(t)} aria-label={`Rotate ${t.name}`}><UpdateIcon /></IconButton></Tooltip>}
                        <Tooltip content="Revoke"><IconButton size="1" variant="soft" color="red" onClick={() => setRevoking(t)} aria-label={`Revoke ${t.name}`}><TrashIcon /></IconButton></Tooltip>
                      </Flex>
                    )}
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table.Root>
        )
      )}
      {cursor && <Button variant="soft" onClick={() => void loadMore()}>Load more</Button>}

      {canCreate && <CreateTokenDialog open={creating} onOpenChange={setCreating} target={createTarget} onCreated={list.reload} />}
      <RotateDialog token={rotating} onClose={() => setRotating(null)} onRotated={list.reload} {...(uploadPath ? { uploadPath } : {})} />
      <ConfirmDialog open={!!revoking} onOpenChange={(o) => !o && setRevoking(null)} title={`Revoke “${revoking?.name ?? ''}”?`} confirmLabel="Revoke token" onConfirm={() => revokeOne(revoking!)}>
        <Code>{revoking?.display_prefix}…</Code> stops working from the very next request, wherever it is used. This cannot be undone.
      </ConfirmDialog>
      <ConfirmDialog
        open={bulk !== null} onOpenChange={(o) => !o && setBulk(null)} confirmLabel={bulk === 'selected' ? `Revoke ${selected.size} tokens` : 'Revoke them all'} onConfirm={revokeBulk}
        title={bulk === 'selected' ? `Revoke ${selected.size} selected token${selected.size === 1 ? '' : 's'}?` : `Revoke every token without expiration${projectSlug ? ' in this project' : ''}?`}
      >
        {bulk === 'selected' ? `${selectedTokens.map((t) => `“${t.name}”`).join(', ')} stop working at once.` : 'Every live token that never expires stops working at once. Tokens with an expiry are kept.'}
      </ConfirmDialog>
    </Flex>
  );
}

function Expiry({ token }: { token: Token }) {
  if (token.status === 'revoked') return <Text size="1" color="gray">Revoked {token.revoked_at ? relative(token.revoked_at) : ''}</Text>;
  if (token.status === 'rotating' && token.grace_period_ends_at) return <Text size="1" color="amber">Old token stops {relative(token.grace_period_ends_at)}</Text>;
  if (!token.expires_at) return <Text size="1" color="amber">Never</Text>;
  const days = daysUntil(token.expires_at);
  if (days < 0) return <Text size="1" color="gray">Expired {relative(token.expires_at)}</Text>;
  return (
    <Tooltip content={dateTime(token.expires_at)}>
      <Text size="1" color={days <= 7 ? 'red' : undefined} weight={days <= 7 ? 'bold' : undefined}>
        {days <= 7 ? `Expires ${relative(token.expires_at)}` : dateOnly(token.expires_at)}
      </Text>
    </Tooltip>
  );
}
