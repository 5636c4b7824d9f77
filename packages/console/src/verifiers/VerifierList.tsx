import { useState } from 'react';
import { Badge, Box, Button, Callout, Code, Dialog, Flex, Table, Text, TextField } from '@radix-ui/themes';
import { LockClosedIcon, PlusIcon } from '@radix-ui/react-icons';
import { useApi } from '../api/api-context';
import type { Verifier, VerifierWithSecret } from '../api/types';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { EmptyState, ErrorCallout, Loading } from '../ui/states';
import { dateOnly } from '../ui/format';
import { useLoad } from '../ui/use-load';
import { useSubmit } from '../ui/use-submit';
import { CopyButton } from '../tokens/CopyButton';
import { RevealDone, useRevealGuard } from '../tokens/RevealPanel';
import { Field } from '../pages/AuthCard';

/**
 * Verifier credentials of one scope: `path` is `/v1/verifiers` (instance-wide) or a workspace's
 * `/v1/workspaces/{ws}/verifiers`. Listing, creating (the secret shown once) and revoking.
 */
export function VerifierList({ path, canManage, scopeLabel }: { path: string; canManage: boolean; scopeLabel: string }) {
  const api = useApi();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<Verifier | null>(null);
  const data = useLoad(() => api.request<{ items: Verifier[] }>('GET', path).then((r) => r.items), [path]);
  const items = data.data ?? [];
  const create = canManage && <Button onClick={() => setCreating(true)}><PlusIcon /> New verifier</Button>;
  return (
    <Flex direction="column" gap="3">
      {canManage && <Flex justify="end">{create}</Flex>}
      {data.error && <ErrorCallout error={data.error} onRetry={data.reload} />}
      {data.loading && !data.data ? <Loading /> : items.length === 0 ? (
        <EmptyState title="No verifier credentials">
          A verifier credential lets a gateway, an SDK or an introspection client check {scopeLabel} tokens — and nothing else.
        </EmptyState>
      ) : (
        <Table.Root variant="surface" aria-label="Verifier credentials">
          <Table.Header>
            <Table.Row>
              <Table.ColumnHeaderCell>Name</Table.ColumnHeaderCell><Table.ColumnHeaderCell>Prefix</Table.ColumnHeaderCell><Table.ColumnHeaderCell>Status</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>Created</Table.ColumnHeaderCell><Table.ColumnHeaderCell>Created by</Table.ColumnHeaderCell><Table.ColumnHeaderCell>Last used</Table.ColumnHeaderCell><Table.ColumnHeaderCell><span className="visually-hidden">Actions</span></Table.ColumnHeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {items.map((v) => (
              <Table.Row key={v.id} align="center">
                <Table.RowHeaderCell>{v.name}</Table.RowHeaderCell>
                <Table.Cell><Code variant="ghost">{v.display_prefix}…</Code></Table.Cell>
                <Table.Cell><Badge color={v.status === 'active' ? 'green' : 'gray'}>{v.status}</Badge></Table.Cell>
                <Table.Cell>{dateOnly(v.created_at)}</Table.Cell>
                <Table.Cell>{v.created_by_label ?? v.created_by ?? '—'}</Table.Cell>
                <Table.Cell>{v.last_used_at ? dateOnly(v.last_used_at) : 'Never'}</Table.Cell>
                <Table.Cell>
                  {canManage && v.status === 'active' && (
                    <Flex justify="end"><Button size="1" variant="soft" color="red" aria-label={`Revoke ${v.name}`} onClick={() => setRevoking(v)}>Revoke</Button></Flex>
                  )}
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table.Root>
      )}
      <CreateVerifierDialog path={path} open={creating} onOpenChange={setCreating} onCreated={data.reload} />
      <ConfirmDialog open={!!revoking} onOpenChange={(o) => !o && setRevoking(null)} title={`Revoke verifier “${revoking?.name ?? ''}”?`} confirmLabel="Revoke verifier"
        onConfirm={async () => { await api.request('DELETE', `/v1/verifiers/${revoking!.id}`); data.reload(); }}>
        Whatever uses it can no longer verify tokens, on every node at once.
      </ConfirmDialog>
    </Flex>
  );
}

function CreateVerifierDialog({ path, open, onOpenChange, onCreated }: { path: string; open: boolean; onOpenChange: (o: boolean) => void; onCreated: () => void }) {
  const api = useApi();
  const [name, setName] = useState('');
  const [created, setCreated] = useState<VerifierWithSecret | null>(null);
  const { onSubmit, busy, error } = useSubmit(async () => {
    setCreated(await api.request<VerifierWithSecret>('POST', path, { name }));
    onCreated();
    setName('');
  });
  // Closing forgets the secret: it lives only in this dialog's state.
  const guard = useRevealGuard(!!created);
  const close = (o: boolean) => {
    if (!o) {
      setCreated(null);
      guard.setSaved(false);
    }
    onOpenChange(o);
  };
  return (
    <Dialog.Root open={open} onOpenChange={close}>
      <Dialog.Content maxWidth="560px" {...guard.contentProps}>
        <Dialog.Title>{created ? 'Verifier created' : 'New verifier credential'}</Dialog.Title>
        {created ? (
          <Flex direction="column" gap="3" data-testid="verifier-reveal">
            <Callout.Root color="amber">
              <Callout.Icon><LockClosedIcon /></Callout.Icon>
              <Callout.Text><strong>Copy this credential now: you will not see it again.</strong> Tessera keeps only a hash of it.</Callout.Text>
            </Callout.Root>
            <Flex gap="2" align="center">
              <Box flexGrow="1"><TextField.Root aria-label="Verifier credential" className="secret-box" readOnly value={created.secret} onFocus={(e) => e.currentTarget.select()} /></Box>
              <CopyButton text={created.secret} label="Copy credential" onCopied={() => guard.setSaved(true)} />
            </Flex>
            <Text size="1" color="gray">Introspect a token (RFC 7662): <Code>curl -u "gateway:$CREDENTIAL" -d "token=$TOKEN" {window.location.origin}/v1/oauth/introspect</Code></Text>
            <RevealDone saved={guard.saved} onSavedChange={guard.setSaved} what="credential" />
          </Flex>
        ) : (
          <form onSubmit={onSubmit}>
            <Dialog.Description size="2" mb="3">It can verify tokens and receive invalidations, and nothing else.</Dialog.Description>
            <Flex direction="column" gap="3">
              <Field id="verifier-name" label="Name"><TextField.Root id="verifier-name" value={name} onChange={(e) => setName(e.target.value)} required autoFocus placeholder="api gateway" /></Field>
              {error && <ErrorCallout error={error} />}
              <Flex gap="3" justify="end">
                <Dialog.Close><Button type="button" variant="soft" color="gray">Cancel</Button></Dialog.Close>
                <Button type="submit" loading={busy}>Create</Button>
              </Flex>
            </Flex>
          </form>
        )}
      </Dialog.Content>
    </Dialog.Root>
  );
}
