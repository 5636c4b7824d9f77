import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { Button, Flex, TextField } from '@radix-ui/themes';
import { useApi } from '../api/api-context';
import type { SetupCreated } from '../api/types';
import { useSession } from '../session/session';
import { ErrorCallout } from '../ui/states';
import { useSubmit } from '../ui/use-submit';
import { AuthCard, Field } from './AuthCard';

/** Accepting an invitation: the link an admin shares (/invite?code=…) fills in the code, which leaves the address bar at once. */
export function InvitePage() {
  const api = useApi();
  const { refresh } = useSession();
  const navigate = useNavigate();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');

  useEffect(() => {
    const fromLink = new URLSearchParams(window.location.search).get('code');
    if (fromLink) {
      setCode(fromLink);
      window.history.replaceState(null, '', '/invite');
    }
  }, []);

  // Stays busy once signed in: the console replaces this page.
  const { onSubmit, busy, error } = useSubmit(async () => {
    const r = await api.request<SetupCreated>('POST', '/v1/invitations/accept', { code: code.trim(), password, ...(name.trim() ? { name: name.trim() } : {}), cookie: true });
    api.setCsrfToken(r.csrf_token ?? null);
    await refresh();
    navigate(`/w/${r.workspace.slug}/tokens`, { replace: true });
  }, { keepBusy: true });

  return (
    <AuthCard title="Join a workspace" intro="Choose your password to accept the invitation. The code is in the link or message the workspace admin sent you.">
      <form onSubmit={onSubmit}>
        <Flex direction="column" gap="3">
          <Field id="invite-code" label="Invitation code"><TextField.Root id="invite-code" value={code} onChange={(e) => setCode(e.target.value)} required autoComplete="off" /></Field>
          <Field id="invite-name" label="Your name (optional)"><TextField.Root id="invite-name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" /></Field>
          <Field id="invite-password" label="Password" hint="At least 10 characters."><TextField.Root id="invite-password" type="password" minLength={10} value={password} onChange={(e) => setPassword(e.target.value)} required autoComplete="new-password" /></Field>
          {error && <ErrorCallout error={error} />}
          <Button type="submit" size="3" loading={busy}>Join and sign in</Button>
        </Flex>
      </form>
    </AuthCard>
  );
}
