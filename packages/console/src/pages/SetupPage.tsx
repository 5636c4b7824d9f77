import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { Button, Flex, TextField } from '@radix-ui/themes';
import { useApi } from '../api/api-context';
import type { SetupCreated } from '../api/types';
import { slugify } from '../../../tessera/src/workspaces/slugify.js';
import { useSession } from '../session/session';
import { ErrorCallout } from '../ui/states';
import { useSubmit } from '../ui/use-submit';
import { AuthCard, Field } from './AuthCard';

/** First run: the one-time link printed by `tessera serve` opens this with ?code=…, which leaves the address bar at once. */
export function SetupPage() {
  const api = useApi();
  const { refresh } = useSession();
  const navigate = useNavigate();
  const [code, setCode] = useState('');
  const [form, setForm] = useState({ name: '', email: '', password: '', workspaceName: '', workspaceSlug: '' });
  const [slugEdited, setSlugEdited] = useState(false);

  useEffect(() => {
    const fromLink = new URLSearchParams(window.location.search).get('code');
    if (fromLink) {
      setCode(fromLink);
      window.history.replaceState(null, '', '/setup');
    }
  }, []);

  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => {
    const value = e.target.value;
    setForm((f) => ({ ...f, [k]: value, ...(k === 'workspaceName' && !slugEdited ? { workspaceSlug: slugify(value) } : {}) }));
  };

  const { onSubmit, busy, error } = useSubmit(async () => {
    const r = await api.request<SetupCreated>('POST', '/v1/setup', {
      setup_code: code.trim(), name: form.name, email: form.email, password: form.password,
      workspace: { name: form.workspaceName, slug: form.workspaceSlug }, cookie: true,
    });
    api.setCsrfToken(r.csrf_token ?? null);
    await refresh();
    navigate(`/w/${r.workspace.slug}/tokens`, { replace: true });
  });

  return (
    <AuthCard title="Set up Tessera" intro="Create the first owner and their workspace. The setup code was printed by tessera serve; the link it printed fills it in.">
      <form onSubmit={onSubmit}>
        <Flex direction="column" gap="3">
          <Field id="setup-code" label="Setup code"><TextField.Root id="setup-code" value={code} onChange={(e) => setCode(e.target.value)} required autoComplete="off" /></Field>
          <Field id="setup-name" label="Your name"><TextField.Root id="setup-name" value={form.name} onChange={set('name')} required autoComplete="name" /></Field>
          <Field id="setup-email" label="Email"><TextField.Root id="setup-email" type="email" value={form.email} onChange={set('email')} required autoComplete="email" /></Field>
          <Field id="setup-password" label="Password" hint="At least 10 characters."><TextField.Root id="setup-password" type="password" minLength={10} value={form.password} onChange={set('password')} required autoComplete="new-password" /></Field>
          <Field id="setup-workspace" label="Workspace name" hint="Your team, company or GitHub organization."><TextField.Root id="setup-workspace" value={form.workspaceName} onChange={set('workspaceName')} required /></Field>
          <Field id="setup-slug" label="Workspace slug" hint="Lowercase letters, digits and dashes; used in URLs and the CLI.">
            <TextField.Root id="setup-slug" value={form.workspaceSlug} onChange={(e) => { setSlugEdited(true); set('workspaceSlug')(e); }} required pattern="[a-z0-9]([a-z0-9-]*[a-z0-9])?" />
          </Field>
          {error && <ErrorCallout error={error} />}
          <Button type="submit" size="3" loading={busy}>Create owner and workspace</Button>
        </Flex>
      </form>
    </AuthCard>
  );
}
