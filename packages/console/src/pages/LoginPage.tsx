import { useState, type FormEvent } from 'react';
import { Button, Flex, TextField } from '@radix-ui/themes';
import { api, setCsrfToken } from '../api/client';
import type { SessionCreated } from '../api/types';
import { useSession } from '../session/session';
import { ErrorCallout } from '../ui/states';
import { AuthCard, Field } from './AuthCard';

export function LoginPage() {
  const { refresh } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const r = await api<SessionCreated>('POST', '/v1/sessions', { email, password, cookie: true });
      setCsrfToken(r.csrf_token ?? null);
      await refresh();
    } catch (err) {
      setError(err as Error);
      setBusy(false);
    }
  };

  return (
    <AuthCard title="Sign in" intro="Manage API tokens, projects and members of your workspaces.">
      <form onSubmit={(e) => void submit(e)}>
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
