import { Link as RouterLink, useNavigate, useParams } from 'react-router';
import { Badge, Code, Flex, Link, Table, Tabs, Text } from '@radix-ui/themes';
import { enc, query } from '../api/client';
import { useApi } from '../api/api-context';
import type { Member, Page, Project, Token, Upload } from '../api/types';
import { useWorkspaceRef } from '../session/session';
import { TokenList } from '../tokens/TokenList';
import { TrustPolicyList } from '../trust/TrustPolicyList';
import { EmptyState, ErrorCallout, Loading } from '../ui/states';
import { PageHeader } from '../ui/PageHeader';
import { bytes, dateTime, relative } from '../ui/format';
import { useLoad } from '../ui/use-load';
import { NotFoundPage } from './NotFoundPage';

export function ProjectPage() {
  const api = useApi();
  const params = useParams();
  const ws = useWorkspaceRef(params.ws);
  const navigate = useNavigate();
  const tab = params.tab === 'uploads' || params.tab === 'trust' ? params.tab : 'tokens';
  const project = useLoad(() => (ws && params.project ? api.request<Project>('GET', `/v1/workspaces/${enc(ws.slug)}/projects/${enc(params.project)}`) : Promise.reject(new Error('no project'))), [ws?.slug, params.project]);
  if (!ws) return <NotFoundPage />;
  if (project.loading && !project.data) return <Loading />;
  if (project.error || !project.data) return project.error && (project.error as { status?: number }).status !== 404 ? <ErrorCallout error={project.error} onRetry={project.reload} /> : <NotFoundPage />;
  const p = project.data;
  return (
    <>
      <PageHeader title={p.name} intro={<>Project <Code variant="ghost">{ws.slug}/{p.slug}</Code> · <Link asChild><RouterLink to={`/w/${ws.slug}/projects`}>All projects</RouterLink></Link></>} />
      <Tabs.Root value={tab} onValueChange={(v) => navigate(`/w/${ws.slug}/projects/${p.slug}/${v}`)}>
        <Tabs.List>
          <Tabs.Trigger value="tokens">Tokens</Tabs.Trigger>
          <Tabs.Trigger value="uploads">Uploads</Tabs.Trigger>
          <Tabs.Trigger value="trust">Tokenless CI</Tabs.Trigger>
        </Tabs.List>
        <Flex direction="column" pt="3">
          <Tabs.Content value="tokens"><TokenList source={{ type: 'workspace', ws, project: p }} /></Tabs.Content>
          <Tabs.Content value="uploads"><Uploads wsSlug={ws.slug} project={p} /></Tabs.Content>
          <Tabs.Content value="trust"><TrustPolicyList ws={ws} project={p} /></Tabs.Content>
        </Flex>
      </Tabs.Root>
    </>
  );
}

function Uploads({ wsSlug, project }: { wsSlug: string; project: Project }) {
  const api = useApi();
  const uploads = useLoad(async () => {
    const [page, tokens, members] = await Promise.all([
      api.request<Page<Upload>>('GET', `/v1/projects/${enc(`${wsSlug}/${project.slug}`)}/uploads${query({ limit: 50 })}`),
      api.request<Page<Token>>('GET', `/v1/workspaces/${enc(wsSlug)}/tokens${query({ project: project.slug, limit: 200 })}`).catch(() => ({ items: [] as Token[] })),
      api.request<{ items: Member[] }>('GET', `/v1/workspaces/${enc(wsSlug)}/members`).catch(() => ({ items: [] as Member[] })),
    ]);
    return { page, tokens: tokens.items, members: members.items };
  }, [wsSlug, project.slug]);
  if (uploads.loading && !uploads.data) return <Loading label="Loading uploads…" />;
  if (uploads.error) return <ErrorCallout error={uploads.error} onRetry={uploads.reload} />;
  const { page, tokens, members } = uploads.data!;
  if (page.items.length === 0) {
    return (
      <EmptyState title="No uploads yet">
        Create a project token with the <Code>upload</Code> scope on the Tokens tab, add it to your CI as <Code>TESSERA_TOKEN</Code>, and send a coverage report
        (LCOV, Cobertura), JUnit results or SARIF after your tests: the token dialog shows the exact step.
      </EmptyState>
    );
  }
  const who = (u: Upload) => {
    const t = u.token_id ? tokens.find((x) => x.id === u.token_id) : undefined;
    if (t) return <>{t.name} <Code variant="ghost">{t.display_prefix}</Code></>;
    if (u.token_id) return <Code variant="ghost">{u.token_id}</Code>;
    return members.find((m) => m.user_id === u.user_id)?.name ?? 'a user';
  };
  return (
    <Table.Root variant="surface" size="1">
      <Table.Header>
        <Table.Row>
          <Table.ColumnHeaderCell>When</Table.ColumnHeaderCell>
          <Table.ColumnHeaderCell>Report</Table.ColumnHeaderCell>
          <Table.ColumnHeaderCell>Summary</Table.ColumnHeaderCell>
          <Table.ColumnHeaderCell>Commit</Table.ColumnHeaderCell>
          <Table.ColumnHeaderCell>Sent by</Table.ColumnHeaderCell>
        </Table.Row>
      </Table.Header>
      <Table.Body>
        {page.items.map((u) => (
          <Table.Row key={u.id}>
            <Table.Cell><Text size="1" title={dateTime(u.created_at)}>{relative(u.created_at)}</Text></Table.Cell>
            <Table.Cell><Text size="2" weight="medium">{u.filename}</Text><Text as="div" size="1" color="gray">{u.kind} · {u.format} · {bytes(u.size_bytes)}</Text></Table.Cell>
            <Table.Cell><Summary upload={u} /></Table.Cell>
            <Table.Cell><Code variant="ghost">{u.commit?.slice(0, 7) ?? '—'}</Code>{u.branch && <Text as="div" size="1" color="gray">{u.branch}</Text>}</Table.Cell>
            <Table.Cell><Text size="1">{who(u)}</Text></Table.Cell>
          </Table.Row>
        ))}
      </Table.Body>
    </Table.Root>
  );
}

function Summary({ upload }: { upload: Upload }) {
  const s = upload.summary;
  if (upload.parse_status === 'unparsable' || !s) return <Badge color="red" title={upload.parse_error ?? ''}>unreadable</Badge>;
  if ('percent' in s) return <Text size="2"><strong>{s.percent ?? '—'}%</strong> <Text size="1" color="gray">lines ({s.lines_hit}/{s.lines_found}, {s.files} files)</Text></Text>;
  if ('tests' in s) return <Text size="2"><Badge color={s.failed ? 'red' : 'green'}>{s.failed ? `${s.failed} failed` : 'passed'}</Badge> <Text size="1" color="gray">{s.passed}/{s.tests} passed, {s.skipped} skipped</Text></Text>;
  return <Text size="2">{s.results} results <Text size="1" color="gray">({Object.entries(s.by_level).filter(([, n]) => n > 0).map(([l, n]) => `${n} ${l}`).join(', ') || 'none'})</Text></Text>;
}
