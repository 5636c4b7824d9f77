import { useEffect, useState, type FormEvent } from 'react';
import { Badge, Button, Checkbox, Dialog, Flex, RadioGroup, Select, Text, TextArea, TextField } from '@radix-ui/themes';
import { enc } from '../api/client';
import { useApi } from '../api/api-context';
import type { Project, Role, ScopeInfo, TokenKind, TokenWithSecret, Workspace, WorkspaceRef } from '../api/types';
import { ErrorCallout } from '../ui/states';
import { useSubmit } from '../ui/use-submit';
import { Field } from '../pages/AuthCard';
import { RevealDone, RevealPanel, useRevealGuard } from './RevealPanel';
import { useLoad } from '../ui/use-load';
import { BUILTIN_SCOPE_INFO, mayGrant } from './token-meta';

export type CreateTarget =
  | { type: 'workspace'; ws: WorkspaceRef; workspace: Workspace | undefined; projects: Project[]; kinds: ('project' | 'workspace')[]; fixedProject?: Project; serviceAccount?: { id: string; name: string } }
  | { type: 'personal'; workspaces: WorkspaceRef[] };

type Expiry = '7' | '30' | '90' | 'custom' | 'never';
/** The kinds a person creates (ci tokens come from the OIDC exchange only). */
type Kind = Exclude<TokenKind, 'ci'>;

const KIND_HINT: Record<Kind, string> = {
  project: 'For one repository’s CI: upload coverage and read that project.',
  workspace: 'For automation across every project of the workspace.',
  personal: 'Acts as you (or the service account), with at most your role.',
};

/** Name, description, kind, project, scopes and expiry; then the reveal panel, once. */
export function CreateTokenDialog({ open, onOpenChange, target, onCreated }: { open: boolean; onOpenChange: (o: boolean) => void; target: CreateTarget; onCreated: () => void }) {
  const initialKind: Kind = target.type === 'personal' ? 'personal' : target.serviceAccount ? 'personal' : target.kinds[0] ?? 'project';
  const api = useApi();
  const [kind, setKind] = useState<Kind>(initialKind);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [project, setProject] = useState<string>('');
  const [restrictTo, setRestrictTo] = useState<string>('any');
  const [scopes, setScopes] = useState<string[]>(['read']);
  // The instance's scopes, platform-defined ones included; the built-ins until they arrive.
  const instanceScopes = useLoad(() => api.request<{ items: ScopeInfo[] }>('GET', '/v1/scopes'), []);
  const known = instanceScopes.data?.items ?? BUILTIN_SCOPE_INFO;
  const [expiry, setExpiry] = useState<Expiry>('30');
  const [customDate, setCustomDate] = useState('');
  const [created, setCreated] = useState<TokenWithSecret | null>(null);
  const [canary, setCanary] = useState(false);
  const guard = useRevealGuard(created !== null);

  // The workspace policy's default lifetime: a preset when it is one, else that date.
  const defaultDays = target.type === 'workspace' ? target.workspace?.default_token_lifetime_days ?? 30 : 30;
  const defaultExpiry: { expiry: Expiry; date: string } = ['7', '30', '90'].includes(String(defaultDays))
    ? { expiry: String(defaultDays) as Expiry, date: '' }
    : { expiry: 'custom', date: new Date(Date.now() + defaultDays * 86_400_000).toISOString().slice(0, 10) };

  useEffect(() => {
    if (!open) return;
    setKind(initialKind);
    setName(''); setDescription(''); reset(); setCreated(null); guard.setSaved(false); setExpiry(defaultExpiry.expiry); setCustomDate(defaultExpiry.date); setRestrictTo('any');
    setProject(target.type === 'workspace' ? target.fixedProject?.slug ?? target.projects[0]?.slug ?? '' : '');
    setScopes(initialKind === 'project' ? ['upload'] : ['read']);
  }, [open]); // reset when (re)opened
  useEffect(() => {
    if (open && !created) { setExpiry(defaultExpiry.expiry); setCustomDate(defaultExpiry.date); }
  }, [defaultDays]); // the policy arrived after the dialog opened

  const role: Role = target.type === 'workspace' ? target.ws.role : 'owner';
  const policy = target.type === 'workspace' ? target.workspace : undefined;
  const maxDays = policy?.max_token_lifetime_days ?? 3650;
  const neverAllowed = policy ? policy.allow_non_expiring_tokens : true;
  // What this kind may hold and your role (a service account's: no more than yours) may grant.
  const offered = known.filter((s) => s.kinds.includes(kind) && mayGrant(role, s.min_role));
  const available = offered.map((s) => s.name);
  const minDate = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const maxDate = new Date(Date.now() + maxDays * 86_400_000).toISOString().slice(0, 10);

  const toggleScope = (s: string, on: boolean) => setScopes((cur) => (on ? [...cur, s] : cur.filter((x) => x !== s)));

  const { submit, busy, error, setError, reset } = useSubmit(async () => {
    const expiryBody = expiry === 'never' ? { expires_at: null } : expiry === 'custom' ? { expires_at: new Date(`${customDate}T23:59:59`).toISOString() } : { expires_in_days: Number(expiry) };
    const common = { name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}), scopes: scopes.filter((s) => available.includes(s)), ...expiryBody };
    let token: TokenWithSecret;
    if (target.type === 'personal') {
      token = await api.request<TokenWithSecret>('POST', '/v1/me/tokens', { ...common, ...(restrictTo !== 'any' ? { workspace: restrictTo } : {}) });
    } else {
      const body = { ...common, kind, ...(kind === 'project' ? { project } : {}), ...(target.serviceAccount ? { user_id: target.serviceAccount.id } : {}), ...(canary ? { canary: true } : {}) };
      token = await api.request<TokenWithSecret>('POST', `/v1/workspaces/${enc(target.ws.slug)}/tokens`, body);
    }
    setCreated(token);
    onCreated();
  });
  /** The form's own checks first: they show without a request (and without a busy button). */
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!scopes.some((s) => available.includes(s))) return setError(new Error('Choose at least one scope.'));
    if (expiry === 'custom' && !customDate) return setError(new Error('Choose the expiry date.'));
    void submit();
  };

  const uploadPath = target.type === 'workspace' && created?.kind === 'project' ? `${target.ws.slug}%2F${project}` : undefined;
  const title = created ? 'Token created' : target.type === 'workspace' && target.serviceAccount ? `New token for ${target.serviceAccount.name}` : 'Create an API token';

  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Content maxWidth="640px" {...guard.contentProps}>
        <Dialog.Title>{title}</Dialog.Title>
        {created ? (
          <>
            <Dialog.Description size="2" mb="3">Store it in your CI’s secrets now.</Dialog.Description>
            <RevealPanel token={created} {...(uploadPath ? { uploadPath } : {})} onCopied={() => guard.setSaved(true)} />
            <RevealDone saved={guard.saved} onSavedChange={guard.setSaved} />
          </>
        ) : (
          <form onSubmit={onSubmit}>
            <Dialog.Description size="2" mb="3">The token is shown once, right after you create it.</Dialog.Description>
            <Flex direction="column" gap="3">
              <Field id="token-name" label="Name" hint="What uses it, e.g. “GitHub Actions coverage”.">
                <TextField.Root id="token-name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} autoFocus />
              </Field>
              <Field id="token-description" label="Description (optional)">
                <TextArea id="token-description" value={description} onChange={(e) => setDescription(e.target.value)} maxLength={1000} rows={2} />
              </Field>
              {target.type === 'workspace' && !target.serviceAccount && target.kinds.length > 1 && (
                <Flex direction="column" gap="1" role="group" aria-labelledby="token-kind-label">
                  <Text id="token-kind-label" size="2" weight="medium">Kind</Text>
                  <RadioGroup.Root value={kind} onValueChange={(v) => { setKind(v as Kind); setScopes(v === 'project' ? ['upload'] : ['read']); }} aria-labelledby="token-kind-label">
                    {target.kinds.map((k) => (
                      <RadioGroup.Item key={k} value={k}><Text weight="medium">{k === 'project' ? 'Project token' : 'Workspace token'}</Text> <Text color="gray" size="1">{KIND_HINT[k]}</Text></RadioGroup.Item>
                    ))}
                  </RadioGroup.Root>
                </Flex>
              )}
              {target.type === 'workspace' && kind === 'project' && !target.fixedProject && (
                <Field id="token-project" label="Project">
                  {target.projects.length === 0 ? (
                    <Text size="2" color="red">Create a project first (Projects page).</Text>
                  ) : (
                    <Select.Root value={project} onValueChange={setProject}>
                      <Select.Trigger id="token-project" />
                      <Select.Content>{target.projects.map((p) => <Select.Item key={p.id} value={p.slug}>{p.name} ({p.slug})</Select.Item>)}</Select.Content>
                    </Select.Root>
                  )}
                </Field>
              )}
              {target.type === 'personal' && target.workspaces.length > 0 && (
                <Field id="token-restrict" label="Workspaces" hint="A personal token acts as you; restrict it to one workspace where you can.">
                  <Select.Root value={restrictTo} onValueChange={setRestrictTo}>
                    <Select.Trigger id="token-restrict" />
                    <Select.Content>
                      <Select.Item value="any">All my workspaces</Select.Item>
                      {target.workspaces.map((w) => <Select.Item key={w.id} value={w.slug}>Only {w.name}</Select.Item>)}
                    </Select.Content>
                  </Select.Root>
                </Field>
              )}
              <Flex direction="column" gap="2" role="group" aria-labelledby="token-scopes-label">
                <Text id="token-scopes-label" size="2" weight="medium">Scopes</Text>
                {offered.map((s) => (
                  <Text as="label" size="2" key={s.name}>
                    <Flex gap="2" align="start">
                      <Checkbox checked={scopes.includes(s.name)} onCheckedChange={(c) => toggleScope(s.name, c === true)} aria-label={`Scope ${s.name}`} />
                      <span>
                        <Text weight="medium">{s.name}</Text>{' '}
                        {!s.builtin && <Badge color="indigo" size="1" title="Defined by this instance's operator for the platform Tessera protects; it does not authorize Tessera's own API.">platform</Badge>}{' '}
                        <Text color="gray">— {s.description}</Text>
                      </span>
                    </Flex>
                  </Text>
                ))}
              </Flex>
              <Flex direction="column" gap="1" role="group" aria-labelledby="token-expiry-label">
                <Text id="token-expiry-label" size="2" weight="medium">Expires</Text>
                <RadioGroup.Root value={expiry} onValueChange={(v) => setExpiry(v as Expiry)} aria-labelledby="token-expiry-label">
                  <Flex gap="4" wrap="wrap">
                    {(['7', '30', '90'] as const).map((d) => (
                      <RadioGroup.Item key={d} value={d} disabled={Number(d) > maxDays}>{d} days</RadioGroup.Item>
                    ))}
                    <RadioGroup.Item value="custom">Custom date</RadioGroup.Item>
                    <RadioGroup.Item value="never" disabled={!neverAllowed}>No expiration</RadioGroup.Item>
                  </Flex>
                </RadioGroup.Root>
                {expiry === 'custom' && (
                  <Field id="token-expiry-date" label="Expiry date">
                    <TextField.Root id="token-expiry-date" type="date" min={minDate} max={maxDate} value={customDate} onChange={(e) => setCustomDate(e.target.value)} required />
                  </Field>
                )}
                <Text size="1" color="gray">
                  {neverAllowed ? 'Tokens without expiration are allowed here; prefer an expiry and rotation.' : 'This workspace’s policy requires an expiry'}
                  {policy ? ` (at most ${policy.max_token_lifetime_days} days).` : '.'}
                </Text>
              </Flex>
              {target.type === 'workspace' && !target.serviceAccount && (
                <Text as="label" size="2">
                  <Flex gap="2" align="start">
                    <Checkbox checked={canary} onCheckedChange={(c) => setCanary(c === true)} />
                    <span>Canary token: grants nothing; plant it where a leak would show (CI variables, repositories) and any use of it is reported (<Text color="gray">token.canary_triggered</Text>).</span>
                  </Flex>
                </Text>
              )}
              {error && <ErrorCallout error={error} />}
              <Flex gap="3" justify="end">
                <Dialog.Close><Button type="button" variant="soft" color="gray">Cancel</Button></Dialog.Close>
                <Button type="submit" loading={busy} disabled={target.type === 'workspace' && kind === 'project' && !project}>Create token</Button>
              </Flex>
            </Flex>
          </form>
        )}
      </Dialog.Content>
    </Dialog.Root>
  );
}
