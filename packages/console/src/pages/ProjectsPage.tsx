import { useState } from 'react';
import { Link as RouterLink, useParams } from 'react-router';
import { Button, Code, Dialog, Flex, Link, Table, Text, TextField } from '@radix-ui/themes';
import { PlusIcon } from '@radix-ui/react-icons';
import { enc } from '../api/client';
import { useApi } from '../api/api-context';
import type { Project, WorkspaceRef } from '../api/types';
import { slugify } from '../../../tessera/src/workspaces/slugify.js';
import { atLeast, useWorkspaceRef } from '../session/session';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { EmptyState, ErrorCallout, Loading } from '../ui/states';
import { PageHeader } from '../ui/PageHeader';
import { dateOnly } from '../ui/format';
import { useLoad } from '../ui/use-load';
import { useSubmit } from '../ui/use-submit';
import { Field } from './AuthCard';
import { NotFoundPage } from './NotFoundPage';

export function ProjectsPage() {
  const api = useApi();
  const ws = useWorkspaceRef(useParams().ws);
  const [editing, setEditing] = useState<Project | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Project | null>(null);
  const projects = useLoad(() => (ws ? api.request<{ items: Project[] }>('GET', `/v1/workspaces/${enc(ws.slug)}/projects`) : Promise.resolve({ items: [] })), [ws?.slug]);
  if (!ws) return <NotFoundPage />;
  const canWrite = atLeast(ws.role, 'admin');
  const items = projects.data?.items ?? [];

  return (
    <>
      <PageHeader title="Projects" intro="A project is one repository: it gets its own tokens and uploads." actions={canWrite && <Button onClick={() => setEditing('new')}><PlusIcon /> New project</Button>} />
      {projects.error && <ErrorCallout error={projects.error} onRetry={projects.reload} />}
      {projects.loading && !projects.data ? <Loading /> : items.length === 0 ? (
        <EmptyState title="No projects yet" action={canWrite && <Button onClick={() => setEditing('new')}><PlusIcon /> Create the first project</Button>}>
          {canWrite ? 'Create one per repository (its slug is usually the repository name), then give its CI a project token.' : 'An admin of this workspace creates projects.'}
        </EmptyState>
      ) : (
        <Table.Root variant="surface">
          <Table.Header><Table.Row><Table.ColumnHeaderCell>Name</Table.ColumnHeaderCell><Table.ColumnHeaderCell>Slug</Table.ColumnHeaderCell><Table.ColumnHeaderCell>Created</Table.ColumnHeaderCell><Table.ColumnHeaderCell><span className="visually-hidden">Actions</span></Table.ColumnHeaderCell></Table.Row></Table.Header>
          <Table.Body>
            {items.map((p) => (
              <Table.Row key={p.id} align="center">
                <Table.RowHeaderCell><Link asChild weight="medium"><RouterLink to={`/w/${ws.slug}/projects/${p.slug}`}>{p.name}</RouterLink></Link></Table.RowHeaderCell>
                <Table.Cell><Code variant="ghost">{ws.slug}/{p.slug}</Code></Table.Cell>
                <Table.Cell>{dateOnly(p.created_at)}</Table.Cell>
                <Table.Cell>
                  {canWrite && (
                    <Flex gap="2" justify="end">
                      <Button size="1" variant="soft" onClick={() => setEditing(p)} aria-label={`Rename ${p.name}`}>Rename</Button>
                      <Button size="1" variant="soft" color="red" onClick={() => setDeleting(p)} aria-label={`Delete ${p.name}`}>Delete</Button>
                    </Flex>
                  )}
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table.Root>
      )}
      <ProjectDialog ws={ws} project={editing} onClose={() => setEditing(null)} onSaved={projects.reload} />
      <ConfirmDialog open={!!deleting} onOpenChange={(o) => !o && setDeleting(null)} title={`Delete project “${deleting?.name ?? ''}”?`} confirmLabel="Delete project"
        onConfirm={async () => { await api.request('DELETE', `/v1/workspaces/${enc(ws.slug)}/projects/${enc(deleting!.id)}`); projects.reload(); }}>
        Its tokens are revoked at once and deleted with it, and its uploads go too. This cannot be undone.
      </ConfirmDialog>
    </>
  );
}

function ProjectDialog({ ws, project, onClose, onSaved }: { ws: WorkspaceRef; project: Project | 'new' | null; onClose: () => void; onSaved: () => void }) {
  const api = useApi();
  const existing = project && project !== 'new' ? project : null;
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const { onSubmit, busy, error, reset } = useSubmit(async () => {
    if (existing) await api.request('PATCH', `/v1/workspaces/${enc(ws.slug)}/projects/${enc(existing.id)}`, { name, ...(slug !== existing.slug ? { slug } : {}) });
    else await api.request('POST', `/v1/workspaces/${enc(ws.slug)}/projects`, { name, slug });
    onSaved();
    onClose();
  });
  const [openedFor, setOpenedFor] = useState<unknown>(null);
  if (project !== openedFor) {
    setOpenedFor(project);
    setName(existing?.name ?? '');
    setSlug(existing?.slug ?? '');
    reset();
  }
  return (
    <Dialog.Root open={!!project} onOpenChange={(o) => !o && onClose()}>
      <Dialog.Content maxWidth="480px">
        <Dialog.Title>{existing ? `Rename “${existing.name}”` : 'New project'}</Dialog.Title>
        <Dialog.Description size="2" mb="3">{existing ? 'Changing the slug changes the project’s path in CI uploads.' : 'Usually named after the repository.'}</Dialog.Description>
        <form onSubmit={onSubmit}>
          <Flex direction="column" gap="3">
            <Field id="project-name" label="Name"><TextField.Root id="project-name" value={name} onChange={(e) => { setName(e.target.value); if (!existing) setSlug(slugify(e.target.value, 'project')); }} required autoFocus /></Field>
            <Field id="project-slug" label="Slug" hint={`Uploads go to ${ws.slug}/${slug || '…'}`}><TextField.Root id="project-slug" value={slug} onChange={(e) => setSlug(e.target.value)} required /></Field>
            {error && <ErrorCallout error={error} />}
            <Flex gap="3" justify="end">
              <Dialog.Close><Button type="button" variant="soft" color="gray">Cancel</Button></Dialog.Close>
              <Button type="submit" loading={busy}>{existing ? 'Save' : 'Create project'}</Button>
            </Flex>
          </Flex>
        </form>
        <Text size="1" color="gray" />
      </Dialog.Content>
    </Dialog.Root>
  );
}
