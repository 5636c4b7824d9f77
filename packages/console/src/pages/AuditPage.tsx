import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { Badge, Button, Code, Flex, Select, Table, Text, TextField } from '@radix-ui/themes';
import { DownloadIcon } from '@radix-ui/react-icons';
import { enc, query } from '../api/client';
import { useApi } from '../api/api-context';
import type { AuditEvent, Member, Page } from '../api/types';
import { atLeast, useWorkspaceRef } from '../session/session';
import { EmptyState, ErrorCallout, Loading } from '../ui/states';
import { PageHeader } from '../ui/PageHeader';
import { dateTime } from '../ui/format';
import { useLoad } from '../ui/use-load';
import { Field } from './AuthCard';
import { NotFoundPage } from './NotFoundPage';

const ACTIONS = ['token.*', 'token.created', 'token.revoked', 'token.rotated', 'project.*', 'member.*', 'workspace.*', 'session.*', 'upload.*', 'auth.denied'];

interface Filters { actor: string; action: string; target: string; since: string; until: string }
const EMPTY: Filters = { actor: '', action: '', target: '', since: '', until: '' };
const iso = (local: string) => (local ? new Date(local).toISOString() : undefined);

export function AuditPage() {
  const api = useApi();
  const ws = useWorkspaceRef(useParams().ws);
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [extra, setExtra] = useState<AuditEvent[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const params = { actor: filters.actor || undefined, action: filters.action || undefined, target: filters.target || undefined, since: iso(filters.since), until: iso(filters.until) };
  const members = useLoad(() => (ws ? api.request<{ items: Member[] }>('GET', `/v1/workspaces/${enc(ws.slug)}/members`) : Promise.resolve({ items: [] })), [ws?.slug]);
  const events = useLoad(async () => {
    if (!ws) return { items: [], next_cursor: null } as Page<AuditEvent>;
    const page = await api.request<Page<AuditEvent>>('GET', `/v1/workspaces/${enc(ws.slug)}/audit-events${query({ ...params, limit: 50 })}`);
    setExtra([]);
    setCursor(page.next_cursor);
    return page;
  }, [ws?.slug, JSON.stringify(filters)]);
  if (!ws) return <NotFoundPage />;
  if (!atLeast(ws.role, 'admin')) return <EmptyState title="Admins only">The audit log is visible to admins and owners of this workspace.</EmptyState>;

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setFilters(draft);
  };
  const more = async () => {
    const page = await api.request<Page<AuditEvent>>('GET', `/v1/workspaces/${enc(ws.slug)}/audit-events${query({ ...params, limit: 50, cursor })}`);
    setExtra((x) => [...x, ...page.items]);
    setCursor(page.next_cursor);
  };
  const exportUrl = (format: 'csv' | 'ndjson') => `/v1/workspaces/${enc(ws.slug)}/audit-events/export${query({ ...params, format })}`;
  const items = [...(events.data?.items ?? []), ...extra];
  const set = (k: keyof Filters) => (v: string) => setDraft((d) => ({ ...d, [k]: v }));

  return (
    <>
      <PageHeader title="Audit log" intro="Every change and every refused attempt in this workspace, newest first."
        actions={(
          <Flex gap="2">
            <Button asChild variant="soft"><a href={exportUrl('csv')} download><DownloadIcon /> CSV</a></Button>
            <Button asChild variant="soft"><a href={exportUrl('ndjson')} download><DownloadIcon /> NDJSON</a></Button>
          </Flex>
        )} />
      <form onSubmit={apply}>
        <Flex gap="3" wrap="wrap" align="end" mb="3">
          <Field id="audit-actor" label="Actor">
            <Select.Root value={draft.actor || 'any'} onValueChange={(v) => set('actor')(v === 'any' ? '' : v)}>
              <Select.Trigger id="audit-actor" />
              <Select.Content>
                <Select.Item value="any">Anyone</Select.Item>
                {(members.data?.items ?? []).map((m) => <Select.Item key={m.user_id} value={m.user_id}>{m.name}</Select.Item>)}
              </Select.Content>
            </Select.Root>
          </Field>
          <Field id="audit-action" label="Action">
            <Select.Root value={draft.action || 'any'} onValueChange={(v) => set('action')(v === 'any' ? '' : v)}>
              <Select.Trigger id="audit-action" />
              <Select.Content>
                <Select.Item value="any">Any action</Select.Item>
                {ACTIONS.map((a) => <Select.Item key={a} value={a}>{a}</Select.Item>)}
              </Select.Content>
            </Select.Root>
          </Field>
          <Field id="audit-target" label="Target id"><TextField.Root id="audit-target" placeholder="tok_…, prj_…, usr_…" value={draft.target} onChange={(e) => set('target')(e.target.value.trim())} /></Field>
          <Field id="audit-since" label="From"><TextField.Root id="audit-since" type="datetime-local" value={draft.since} onChange={(e) => set('since')(e.target.value)} /></Field>
          <Field id="audit-until" label="Until"><TextField.Root id="audit-until" type="datetime-local" value={draft.until} onChange={(e) => set('until')(e.target.value)} /></Field>
          <Button type="submit">Apply filters</Button>
          <Button type="button" variant="ghost" onClick={() => { setDraft(EMPTY); setFilters(EMPTY); }}>Clear</Button>
        </Flex>
      </form>
      {events.error && <ErrorCallout error={events.error} onRetry={events.reload} />}
      {events.loading && !events.data ? <Loading label="Loading events…" /> : items.length === 0 ? (
        <EmptyState title="No events match">Clear the filters, or widen the time range.</EmptyState>
      ) : (
        <Table.Root variant="surface" size="1">
          <Table.Header><Table.Row><Table.ColumnHeaderCell>When</Table.ColumnHeaderCell><Table.ColumnHeaderCell>Actor</Table.ColumnHeaderCell><Table.ColumnHeaderCell>Action</Table.ColumnHeaderCell><Table.ColumnHeaderCell>Target</Table.ColumnHeaderCell><Table.ColumnHeaderCell className="hide-narrow">From</Table.ColumnHeaderCell></Table.Row></Table.Header>
          <Table.Body>
            {items.map((e) => (
              <Table.Row key={e.id} data-action={e.action}>
                <Table.Cell><Text size="1">{dateTime(e.occurred_at)}</Text></Table.Cell>
                <Table.Cell><Text size="2">{e.actor.label ?? e.actor.type}</Text></Table.Cell>
                <Table.Cell><Badge color={e.action === 'auth.denied' ? 'red' : e.action.endsWith('revoked') ? 'amber' : 'indigo'} variant="soft">{e.action}</Badge></Table.Cell>
                <Table.Cell>{e.target ? <Text size="2">{e.target.label ?? e.target.type} {e.target.id && <Code variant="ghost" size="1">{e.target.id}</Code>}</Text> : '—'}</Table.Cell>
                <Table.Cell className="hide-narrow"><Text size="1" color="gray">{e.ip ?? '—'}</Text></Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table.Root>
      )}
      {cursor && <Flex mt="3"><Button variant="soft" onClick={() => void more()}>Load more</Button></Flex>}
    </>
  );
}
