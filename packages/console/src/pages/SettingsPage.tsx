import { useState } from 'react';
import { useParams } from 'react-router';
import { Button, Card, Flex, Heading, Switch, Text, TextField } from '@radix-ui/themes';
import { enc } from '../api/client';
import { useApi } from '../api/api-context';
import type { Workspace } from '../api/types';
import { useSession, useWorkspaceRef } from '../session/session';
import { ErrorCallout, Loading } from '../ui/states';
import { PageHeader } from '../ui/PageHeader';
import { useLoad } from '../ui/use-load';
import { useSubmit } from '../ui/use-submit';
import { Field } from './AuthCard';
import { NotFoundPage } from './NotFoundPage';

export function SettingsPage() {
  const api = useApi();
  const ws = useWorkspaceRef(useParams().ws);
  const workspace = useLoad(() => (ws ? api.request<Workspace>('GET', `/v1/workspaces/${enc(ws.slug)}`) : Promise.reject(new Error('no workspace'))), [ws?.slug]);
  if (!ws) return <NotFoundPage />;
  if (workspace.loading && !workspace.data) return <Loading />;
  if (workspace.error) return <ErrorCallout error={workspace.error} onRetry={workspace.reload} />;
  return <SettingsForm key={workspace.data!.id} workspace={workspace.data!} canEdit={ws.role === 'owner'} onSaved={workspace.reload} />;
}

function SettingsForm({ workspace, canEdit, onSaved }: { workspace: Workspace; canEdit: boolean; onSaved: () => void }) {
  const api = useApi();
  const { refresh } = useSession();
  const [name, setName] = useState(workspace.name);
  const [maxDays, setMaxDays] = useState(String(workspace.max_token_lifetime_days));
  const [defaultDays, setDefaultDays] = useState(String(workspace.default_token_lifetime_days));
  const [allowNever, setAllowNever] = useState(workspace.allow_non_expiring_tokens);
  const [limit, setLimit] = useState(workspace.token_limit === null ? '' : String(workspace.token_limit));
  const [revokeLeaks, setRevokeLeaks] = useState(workspace.leak_response !== 'flag');
  const [saved, setSaved] = useState(false);

  const { onSubmit, busy, error } = useSubmit(async () => {
    setSaved(false);
    await api.request('PATCH', `/v1/workspaces/${enc(workspace.slug)}`, {
      name, max_token_lifetime_days: Number(maxDays), default_token_lifetime_days: Number(defaultDays),
      allow_non_expiring_tokens: allowNever, token_limit: limit.trim() === '' ? null : Number(limit),
      leak_response: revokeLeaks ? 'revoke' : 'flag',
    });
    setSaved(true);
    onSaved();
    if (name !== workspace.name) await refresh();
  });

  return (
    <>
      <PageHeader title="Settings" intro={canEdit ? 'The workspace’s name and its token policy, which applies to tokens created from now on.' : 'Only an owner can change these settings.'} />
      <form onSubmit={onSubmit}>
        <Flex direction="column" gap="4" style={{ maxWidth: '36rem' }}>
          <Card>
            <Flex direction="column" gap="3">
              <Heading as="h2" size="3">Workspace</Heading>
              <Field id="ws-name" label="Name"><TextField.Root id="ws-name" value={name} onChange={(e) => setName(e.target.value)} disabled={!canEdit} required /></Field>
              <Text size="1" color="gray">Slug: {workspace.slug}</Text>
            </Flex>
          </Card>
          <Card>
            <Flex direction="column" gap="3">
              <Heading as="h2" size="3">Token policy</Heading>
              <Field id="ws-max" label="Maximum token lifetime (days)" hint="No new token may live longer.">
                <TextField.Root id="ws-max" type="number" min={1} max={3650} value={maxDays} onChange={(e) => setMaxDays(e.target.value)} disabled={!canEdit} required />
              </Field>
              <Field id="ws-default" label="Default lifetime (days)" hint="For tokens created without an expiry (CLI and API).">
                <TextField.Root id="ws-default" type="number" min={1} max={3650} value={defaultDays} onChange={(e) => setDefaultDays(e.target.value)} disabled={!canEdit} required />
              </Field>
              <Text as="label" size="2">
                <Flex gap="2" align="center"><Switch checked={allowNever} onCheckedChange={setAllowNever} disabled={!canEdit} /> Allow tokens without expiration</Flex>
              </Text>
              <Field id="ws-limit" label="Most active tokens in the workspace" hint="Leave empty for no limit.">
                <TextField.Root id="ws-limit" type="number" min={1} value={limit} onChange={(e) => setLimit(e.target.value)} disabled={!canEdit} />
              </Field>
              <Text as="label" size="2">
                <Flex gap="2" align="center"><Switch checked={revokeLeaks} onCheckedChange={setRevokeLeaks} disabled={!canEdit} /> Revoke a token at once when its leak is reported (otherwise it is only flagged)</Flex>
              </Text>
            </Flex>
          </Card>
          {error && <ErrorCallout error={error} />}
          {saved && <Text color="green" size="2" role="status">Saved.</Text>}
          {canEdit && <Flex><Button type="submit" loading={busy}>Save settings</Button></Flex>}
        </Flex>
      </form>
    </>
  );
}
