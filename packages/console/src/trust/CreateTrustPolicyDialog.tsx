import { useState } from 'react';
import { Button, Callout, Checkbox, Dialog, Flex, RadioGroup, Select, Text, TextField } from '@radix-ui/themes';
import { CheckCircledIcon } from '@radix-ui/react-icons';
import { enc } from '../api/client';
import { useApi } from '../api/api-context';
import type { Project, ScopeInfo, TrustPolicy, TrustProvider, WorkspaceRef } from '../api/types';
import { useLoad } from '../ui/use-load';
import { mayGrant } from '../tokens/token-meta';
import { Field } from '../pages/AuthCard';
import { CopyButton } from '../tokens/CopyButton';
import { ErrorCallout } from '../ui/states';
import { useSubmit } from '../ui/use-submit';
import { CONDITIONS, PROVIDERS, conditionsFrom, isAdvanced, trustSnippets, type ConditionDef } from './trust-meta';

const SCOPE_HELP: Record<string, string> = { upload: 'Upload coverage, test results and analysis.', read: 'Read the project (GET).' };
const EVERY = '*';

/** Creates a trust policy, then shows the CI step that uses it (docs/ci.md recipes). */
export function CreateTrustPolicyDialog({ open, onOpenChange, ws, project, projects, onCreated }: {
  open: boolean; onOpenChange: (o: boolean) => void; ws: WorkspaceRef; project?: Project; projects: Project[]; onCreated: () => void;
}) {
  const api = useApi();
  const [provider, setProvider] = useState<TrustProvider>('github');
  const [name, setName] = useState('');
  const [issuer, setIssuer] = useState('');
  const [target, setTarget] = useState<string>(EVERY);
  const [values, setValues] = useState<Record<string, string | boolean>>({});
  const [scopes, setScopes] = useState<string[]>(['upload']);
  // upload and read, then the platform-defined scopes this instance declares for ci tokens that your role may grant.
  const instanceScopes = useLoad(() => api.request<{ items: ScopeInfo[] }>('GET', '/v1/scopes'), []);
  const platform = (instanceScopes.data?.items ?? []).filter((s) => !s.builtin && s.kinds.includes('ci') && mayGrant(ws.role, s.min_role));
  const offered = ['upload', 'read', ...platform.map((s) => s.name)];
  const help = (s: string) => SCOPE_HELP[s] ?? platform.find((p) => p.name === s)?.description ?? '';
  const [minutes, setMinutes] = useState('15');
  const [created, setCreated] = useState<TrustPolicy | null>(null);

  const projectSlug = project?.slug ?? (target === EVERY ? undefined : target);
  const set = (key: string, v: string | boolean) => setValues((old) => ({ ...old, [key]: v }));
  const submission = useSubmit(async () => {
    const path = `/v1/workspaces/${enc(ws.slug)}${projectSlug ? `/projects/${enc(projectSlug)}` : ''}/trust-policies`;
    const body = {
      name, provider, scopes, lifetime_seconds: Math.round(Number(minutes) * 60),
      conditions: conditionsFrom(values, provider),
      ...(issuer.trim() ? { issuer: issuer.trim() } : {}),
    };
    setCreated(await api.request<TrustPolicy>('POST', path, body));
    onCreated();
  });
  const { onSubmit, busy, error } = submission;
  const reset = () => {
    setProvider('github'); setName(''); setIssuer(''); setTarget(EVERY); setValues({}); setScopes(['upload']); setMinutes('15'); submission.reset(); setCreated(null);
  };
  const close = (o: boolean) => {
    if (!o) reset();
    onOpenChange(o);
  };

  const fields = CONDITIONS.filter((c) => c.providers.includes(provider));
  const renderField = (c: ConditionDef) => c.kind === 'bool' ? (
                  <Flex key={c.key} direction="column" gap="1">
                    <Text as="label" size="2"><Flex gap="2" align="center"><Checkbox checked={values[c.key] === true} onCheckedChange={(v) => set(c.key, v === true)} aria-describedby={`trust-${c.key}-hint`} /> {c.label}</Flex></Text>
                    <Text id={`trust-${c.key}-hint`} size="1" color="gray">{c.help}</Text>
                  </Flex>
                ) : c.kind === 'ref_type' ? (
                  <Field key={c.key} id={`trust-${c.key}`} label={c.label} hint={c.help}>
                    <Select.Root value={(values[c.key] as string) || 'any'} onValueChange={(v) => set(c.key, v === 'any' ? '' : v)}>
                      <Select.Trigger id={`trust-${c.key}`} aria-describedby={`trust-${c.key}-hint`} />
                      <Select.Content>
                        <Select.Item value="any">Branches and tags</Select.Item>
                        <Select.Item value="branch">Branches only</Select.Item>
                        <Select.Item value="tag">Tags only</Select.Item>
                      </Select.Content>
                    </Select.Root>
                  </Field>
                ) : (
                  <Field key={c.key} id={`trust-${c.key}`} label={c.label} hint={c.help}>
                    <TextField.Root id={`trust-${c.key}`} value={(values[c.key] as string | undefined) ?? ''} onChange={(e) => set(c.key, e.target.value)} aria-describedby={`trust-${c.key}-hint`} placeholder={c.placeholder} />
                  </Field>
                );
  const snippet = created && trustSnippets({ origin: window.location.origin, provider: created.provider, conditions: created.conditions, ...(created.project_id ? {} : { projectPath: `${ws.slug}/<project>` }) });
  return (
    <Dialog.Root open={open} onOpenChange={close}>
      <Dialog.Content maxWidth="640px">
        <Dialog.Title>{created ? `Trust policy “${created.name}” created` : 'New trust policy'}</Dialog.Title>
        {created && snippet ? (
          <Flex direction="column" gap="3" data-testid="trust-snippet">
            <Dialog.Description size="2">
              Matching jobs can now upload {created.project_id ? 'to this project' : 'to any project of the workspace they name'} with no stored token. Paste this into your pipeline:
            </Dialog.Description>
            <Callout.Root color="green" size="1">
              <Callout.Icon><CheckCircledIcon /></Callout.Icon>
              <Callout.Text>The ID token’s audience must be this server’s (TESSERA_OIDC_AUDIENCE, by default its public URL: {window.location.origin}).</Callout.Text>
            </Callout.Root>
            <Text size="2" weight="medium">{snippet.label}</Text>
            <pre className="snippet" aria-label={`${snippet.label} snippet`}>{snippet.text}</pre>
            <Flex gap="3" justify="end">
              <CopyButton text={snippet.text} label="Copy snippet" size="2" />
              <Dialog.Close><Button variant="soft" color="gray">Done</Button></Dialog.Close>
            </Flex>
          </Flex>
        ) : (
          <>
            <Dialog.Description size="2" mb="3">
              Which CI jobs may mint short-lived ci tokens {project ? <>for <strong>{project.name}</strong></> : 'in this workspace'}. Every condition you fill in must hold.
            </Dialog.Description>
            <form onSubmit={onSubmit}>
              <Flex direction="column" gap="3">
                <Field id="trust-name" label="Name"><TextField.Root id="trust-name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} autoFocus placeholder="GitHub Actions on main" /></Field>
                {!project && (
                  <Field id="trust-target" label="Applies to" hint="A workspace-wide policy reaches every project; the job names one (tessera upload --project).">
                    <Select.Root value={target} onValueChange={setTarget}>
                      <Select.Trigger id="trust-target" />
                      <Select.Content>
                        <Select.Item value={EVERY}>Every project (workspace-wide)</Select.Item>
                        {projects.map((p) => <Select.Item key={p.id} value={p.slug}>{p.name} ({p.slug})</Select.Item>)}
                      </Select.Content>
                    </Select.Root>
                  </Field>
                )}
                <Flex direction="column" gap="1">
                  <Text id="trust-provider-label" size="2" weight="medium">Provider</Text>
                  <RadioGroup.Root value={provider} onValueChange={(v) => setProvider(v as TrustProvider)} aria-labelledby="trust-provider-label">
                    {PROVIDERS.map((p) => <RadioGroup.Item key={p.value} value={p.value}>{p.label}</RadioGroup.Item>)}
                  </RadioGroup.Root>
                </Flex>
                <Field id="trust-issuer" label={provider === 'generic' ? 'Issuer URL' : 'Issuer URL (optional)'}
                  hint={provider === 'generic' ? 'Exactly the token’s iss, https.' : `Default ${PROVIDERS.find((p) => p.value === provider)?.issuer}; set it for ${provider === 'github' ? 'GitHub Enterprise Server' : 'self-managed GitLab'}.`}>
                  <TextField.Root id="trust-issuer" value={issuer} onChange={(e) => setIssuer(e.target.value)} required={provider === 'generic'} type="url" aria-describedby="trust-issuer-hint" placeholder={PROVIDERS.find((p) => p.value === provider)?.issuer ?? 'https://ci.example.com'} />
                </Field>
                {fields.filter((c) => !isAdvanced(c.key, provider)).map(renderField)}
                <details className="more-conditions">
                  <summary><Text size="2" weight="medium">More conditions</Text> <Text size="1" color="gray">(ids, ref type, workflows, events, pull requests, runners{provider === 'generic' ? '' : ', subject'})</Text></summary>
                  <Flex direction="column" gap="3" pt="3">{fields.filter((c) => isAdvanced(c.key, provider)).map(renderField)}</Flex>
                </details>
                <Flex direction="column" gap="1">
                  <Text size="2" weight="medium">Scopes of the minted token</Text>
                  {offered.map((s) => (
                    <Text as="label" size="2" key={s}>
                      <Flex gap="2" align="center">
                        <Checkbox checked={scopes.includes(s)} onCheckedChange={(c) => setScopes((old) => (c === true ? [...old.filter((x) => x !== s), s] : old.filter((x) => x !== s)))} aria-label={`Scope ${s}`} />
                        <Text weight="medium">{s}</Text> <Text color="gray" size="1">{help(s)}</Text>
                      </Flex>
                    </Text>
                  ))}
                </Flex>
                <Field id="trust-lifetime" label="Token lifetime (minutes)" hint="How long each minted ci token lives: 1 to 60 minutes.">
                  <TextField.Root id="trust-lifetime" type="number" min={1} max={60} step={1} value={minutes} onChange={(e) => setMinutes(e.target.value)} required aria-describedby="trust-lifetime-hint" />
                </Field>
                {error && <ErrorCallout error={error} />}
                <Flex gap="3" justify="end">
                  <Dialog.Close><Button type="button" variant="soft" color="gray">Cancel</Button></Dialog.Close>
                  <Button type="submit" loading={busy} disabled={scopes.length === 0}>Create trust policy</Button>
                </Flex>
              </Flex>
            </form>
          </>
        )}
      </Dialog.Content>
    </Dialog.Root>
  );
}
