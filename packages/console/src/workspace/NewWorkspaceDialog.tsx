import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Button, Dialog, Flex, TextField } from '@radix-ui/themes';
import { useApi } from '../api/api-context';
import type { Workspace } from '../api/types';
import { slugify } from '../../../tessera/src/workspaces/slugify.js';
import { useSession } from '../session/session';
import { ErrorCallout } from '../ui/states';
import { useSubmit } from '../ui/use-submit';
import { Field } from '../pages/AuthCard';

/** A new workspace, owned by you: from the workspace switcher. */
export function NewWorkspaceDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (o: boolean) => void }) {
  const api = useApi();
  const { refresh } = useSession();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const { onSubmit, busy, error } = useSubmit(async () => {
    const w = await api.request<Workspace>('POST', '/v1/workspaces', { name, slug });
    await refresh();
    onOpenChange(false);
    setName(''); setSlug('');
    navigate(`/w/${w.slug}/projects`);
  });
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Content maxWidth="480px">
        <Dialog.Title>New workspace</Dialog.Title>
        <Dialog.Description size="2" mb="3">You become its owner. Usually one per GitHub organization or team.</Dialog.Description>
        <form onSubmit={onSubmit}>
          <Flex direction="column" gap="3">
            <Field id="new-ws-name" label="Name"><TextField.Root id="new-ws-name" value={name} onChange={(e) => { setName(e.target.value); setSlug(slugify(e.target.value)); }} required autoFocus /></Field>
            <Field id="new-ws-slug" label="Slug" hint="Lowercase letters, digits and dashes."><TextField.Root id="new-ws-slug" value={slug} onChange={(e) => setSlug(e.target.value)} required /></Field>
            {error && <ErrorCallout error={error} />}
            <Flex gap="3" justify="end">
              <Dialog.Close><Button type="button" variant="soft" color="gray">Cancel</Button></Dialog.Close>
              <Button type="submit" loading={busy}>Create workspace</Button>
            </Flex>
          </Flex>
        </form>
      </Dialog.Content>
    </Dialog.Root>
  );
}
