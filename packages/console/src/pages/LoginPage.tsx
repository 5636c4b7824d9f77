import { useState } from 'react';
import { Button, Flex, TextField } from '@radix-ui/themes';
import { useApi } from '../api/api-context';
import type { SessionCreated } from '../api/types';
import { useSession } from '../session/session';
import { ErrorCallout } from '../ui/states';
import { useSubmit } from '../ui/use-submit';
import { AuthCard, Field } from './AuthCard';

export function LoginPage() {
  const api = useApi();
  const { refresh } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  // Stays busy once signed in: the console replaces this page.
  const { onSubmit, busy, error } = useSubmit(async () => {
    const r = await api.request<SessionCreated>('POST', '/v1/sessions', { email, password, cookie: true });
    api.setCsrfToken(r.csrf_token ?? null);
    await refresh();
  }, { keepBusy: true });

  return (
    <AuthCard title="Sign in" intro="Manage API tokens, projects and members of your workspaces.">
      <form onSubmit={onSubmit}>
        <Flex direction="column" gap="3">
          <Field id="login-email" label="Email"><TextField.Root id="login-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} required autoComplete="username" autoFocus /></Field>
          <Field id="login-password" label="Password"><TextField.Root id="login-password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} required autoComplete="current-password" /></Field>
          {error && <ErrorCallout error={error} />}
          <Button type="submit" size="3" loading={busy}>Sign in</Button>
        </Flex>
      </form>
    </AuthCard>
  );
}
