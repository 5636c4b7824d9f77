import type { Command } from 'commander';
import { seg } from '../client/api-client.js';
import { clientAction, withClientOptions, type ClientOptions } from '../client/command.js';
import { CliError } from '../client/exit-codes.js';
import { confirm } from '../client/prompt.js';
import { oneOf, parseDuration, parseList } from '../flag-values.js';
import { chooseWorkspace } from '../workspace-choice.js';
import { formatShortDate } from '../views/time.js';
import type { TrustPolicy } from '../../api-types.js';

interface TrustOptions extends ClientOptions {
  workspace?: string;
  project?: string;
  name?: string;
  provider?: string;
  issuer?: string;
  repository?: string;
  repositoryId?: string;
  ownerId?: string;
  projectPath?: string;
  namespacePath?: string;
  subject?: string;
  ref?: string[];
  refType?: string;
  protectedRef?: boolean;
  environment?: string[];
  workflow?: string[];
  event?: string[];
  allowPullRequests?: boolean;
  runnerEnvironment?: string;
  scopes?: string;
  lifetime?: string;
  yes?: boolean;
  clear?: string[];
}

const PROVIDERS = ['github', 'gitlab', 'generic'] as const;
const collect = (value: string, previous: string[] = []) => [...previous, value];
const withWorkspace = (cmd: Command) =>
  withClientOptions(cmd)
    .option('--workspace <workspace>', 'workspace slug or id (default: your only workspace)')
    .option('--project <project>', 'a project slug or id: the policy is that project\'s (default: workspace-wide)');

const policiesPath = (workspace: string, project?: string) => `/v1/workspaces/${seg(workspace)}${project ? `/projects/${seg(project)}` : ''}/trust-policies`;

function describeConditions(c: Record<string, unknown>): string {
  return Object.entries(c).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('|') : String(v)}`).join(' ');
}

const PINNED = ['repository_id', 'repository_owner_id', 'project_id', 'namespace_id'] as const;
const CLEARABLE = ['repository', 'project_path', 'namespace_path', 'subject', 'refs', 'ref_type', 'ref_protected', 'environments', 'workflows', 'event_names', 'allow_pull_requests', 'runner_environment', ...PINNED] as const;

/** The condition flags `trust add` and `trust update` share. */
const withConditionFlags = (cmd: Command) => cmd
  .option('--repository <owner/name>', 'GitHub repository')
  .option('--repository-id <id>', 'GitHub repository_id / GitLab project_id to bind to now (default: pinned on the first exchange)')
  .option('--owner-id <id>', 'GitHub repository_owner_id / GitLab namespace_id, with --repository-id')
  .option('--project-path <path>', 'GitLab project path, e.g. acme/platform/web')
  .option('--namespace-path <path>', 'GitLab namespace (group) path')
  .option('--subject <glob>', 'a glob on the sub claim (required for generic)')
  .option('--ref <glob>', 'allowed ref, e.g. refs/heads/main or refs/tags/v* (repeatable)', collect)
  .option('--ref-type <type>', 'branch or tag')
  .option('--protected-ref', 'only protected branches and tags')
  .option('--environment <glob>', 'allowed deployment environment (repeatable)', collect)
  .option('--workflow <glob>', 'GitHub: allowed job_workflow_ref, e.g. acme/web/.github/workflows/ci.yml@refs/heads/main (repeatable)', collect)
  .option('--event <name>', 'allowed event_name (GitHub) / pipeline_source (GitLab) (repeatable)', collect)
  .option('--allow-pull-requests', 'GitHub: accept pull_request runs (refused by default: the token cannot show whether it comes from a fork)')
  .option('--runner-environment <env>', 'github-hosted, gitlab-hosted or self-hosted')
  .option('--scopes <list>', 'upload and/or read, and platform scopes declared for ci tokens (`tessera scopes --kind ci`) (default: upload)')
  .option('--lifetime <duration>', 'lifetime of the minted tokens, 1m to 1h (default 15m)');

/** The conditions the flags name, for a provider (flags of another provider are refused). */
function conditionsFromFlags(provider: (typeof PROVIDERS)[number], opts: TrustOptions): Record<string, unknown> {
  const c: Record<string, unknown> = {};
  const set = (key: string, value: unknown) => { if (value !== undefined) c[key] = value; };
  if (provider === 'github') {
    set('repository', opts.repository);
    set('repository_id', opts.repositoryId);
    set('repository_owner_id', opts.ownerId);
    set('workflows', opts.workflow);
    if (opts.allowPullRequests) c.allow_pull_requests = true;
  } else {
    for (const [flag, v] of [['--repository', opts.repository], ['--workflow', opts.workflow], ['--allow-pull-requests', opts.allowPullRequests]] as const) {
      if (v !== undefined) throw new CliError(`${flag} is only for --provider github`);
    }
  }
  if (provider === 'gitlab') {
    set('project_path', opts.projectPath);
    set('namespace_path', opts.namespacePath);
    set('project_id', opts.repositoryId);
    set('namespace_id', opts.ownerId);
  }
  set('subject', opts.subject);
  set('refs', opts.ref);
  set('ref_type', opts.refType);
  if (opts.protectedRef) c.ref_protected = true;
  set('environments', opts.environment);
  set('event_names', opts.event);
  set('runner_environment', opts.runnerEnvironment);
  return c;
}

/** `tessera trust list|add|update|show|remove`: which CI jobs may mint short-lived ci tokens (OIDC federation). */
export function registerTrust(program: Command): void {
  const trust = program.command('trust').description('CI trust policies (OIDC): which GitHub Actions / GitLab CI jobs may upload without a stored token');

  withWorkspace(trust.command('list').alias('ls'))
    .description("The workspace's trust policies, or those reaching one project (--project)")
    .action(clientAction<TrustOptions>(async (ctx, opts) => {
      const { items } = await ctx.client.get<{ items: TrustPolicy[] }>(policiesPath(await chooseWorkspace(ctx, opts.workspace), opts.project));
      if (ctx.out.json) return ctx.out.printJson(items);
      ctx.out.table(['ID', 'NAME', 'PROJECT', 'PROVIDER', 'CONDITIONS', 'SCOPES', 'LIFETIME'], items.map((p) => [
        p.id, p.name, p.project_id ?? '(workspace)', p.provider, describeConditions(p.conditions), p.scopes.join(','), `${p.lifetime_seconds / 60}m`,
      ]), 'No trust policies.');
    }));

  withConditionFlags(withWorkspace(trust.command('add'))
    .description('Trust a CI job: e.g. --provider github --repository acme/web --ref refs/heads/main')
    .requiredOption('--provider <provider>', PROVIDERS.join(', '))
    .option('--name <name>', 'a name (default: from the repository or subject)')
    .option('--issuer <url>', 'issuer URL (default: GitHub https://token.actions.githubusercontent.com, GitLab https://gitlab.com; required for generic)'))
    .action(clientAction<TrustOptions>(async (ctx, opts) => {
      const provider = oneOf(opts.provider!, PROVIDERS, '--provider');
      const c = conditionsFromFlags(provider, opts);
      const body = {
        name: opts.name ?? opts.repository ?? opts.projectPath ?? opts.subject ?? `${provider} CI`,
        provider,
        ...(opts.issuer ? { issuer: opts.issuer } : {}),
        conditions: c,
        ...(opts.scopes ? { scopes: parseList(opts.scopes) } : {}),
        ...(opts.lifetime ? { lifetime_seconds: parseDuration(opts.lifetime, '--lifetime') } : {}),
      };
      const p = await ctx.client.post<TrustPolicy>(policiesPath(await chooseWorkspace(ctx, opts.workspace), opts.project), body);
      if (ctx.out.json) return ctx.out.printJson(p);
      ctx.out.print(`${ctx.out.paint.green('✓')} Trust policy ${p.id} "${p.name}": ${p.provider} jobs matching ${describeConditions(p.conditions)} may mint ${p.scopes.join('+')} tokens for ${p.project_id ?? 'any project of the workspace'}, valid ${p.lifetime_seconds / 60} min.`);
      if (!p.pinned_at && (provider === 'github' || provider === 'gitlab')) ctx.out.info('The repository ids are pinned on the first successful exchange (a renamed or re-created repository will not inherit this trust).');
    }));

  withConditionFlags(withClientOptions(trust.command('update').argument('<id>', 'trp_…'))
    .description('Change a trust policy: the condition flags given replace those conditions and keep the others (--clear drops one); e.g. --ref refs/heads/main --ref refs/heads/release')
    .option('--name <name>', 'a new name')
    .option('--clear <condition>', `drop a condition (repeatable): ${CLEARABLE.join(', ')}`, collect))
    .action(clientAction<TrustOptions>(async (ctx, opts, id) => {
      const current = await ctx.client.get<TrustPolicy>(`/v1/trust-policies/${seg(id)}`);
      const provider = oneOf(current.provider, PROVIDERS, 'provider');
      const given = conditionsFromFlags(provider, opts);
      const cleared = (opts.clear ?? []).map((k) => oneOf(k, CLEARABLE, '--clear'));
      const body: Record<string, unknown> = {};
      if (opts.name) body.name = opts.name;
      if (opts.scopes) body.scopes = parseList(opts.scopes);
      if (opts.lifetime) body.lifetime_seconds = parseDuration(opts.lifetime, '--lifetime');
      if (Object.keys(given).length > 0 || cleared.length > 0) {
        const next: Record<string, unknown> = { ...current.conditions, ...given };
        for (const k of cleared) delete next[k];
        // A different repository (or GitLab project) must not inherit the old one's pinned ids.
        const identityChanged = ['repository', 'project_path'].some((k) => k in given && String(given[k]).toLowerCase() !== String(current.conditions[k] ?? '').toLowerCase());
        if (identityChanged || cleared.some((k) => k === 'repository' || k === 'project_path')) {
          for (const k of PINNED) if (!(k in given)) delete next[k];
        }
        body.conditions = next;
      }
      if (Object.keys(body).length === 0) throw new CliError('nothing to change: give --name, --scopes, --lifetime, a condition flag or --clear');
      const p = await ctx.client.patch<TrustPolicy>(`/v1/trust-policies/${seg(current.id)}`, body);
      if (ctx.out.json) return ctx.out.printJson(p);
      ctx.out.print(`${ctx.out.paint.green('✓')} Updated trust policy ${p.id} "${p.name}": ${p.provider} jobs matching ${describeConditions(p.conditions)} may mint ${p.scopes.join('+')} tokens, valid ${p.lifetime_seconds / 60} min.`);
      if (current.pinned_at && !p.pinned_at) ctx.out.info('The pinned repository ids were dropped: they are pinned again on the next successful exchange.');
    }));

  withClientOptions(trust.command('show').argument('<id>', 'trp_…'))
    .description('One trust policy')
    .action(clientAction<TrustOptions>(async (ctx, _opts, id) => {
      const p = await ctx.client.get<TrustPolicy>(`/v1/trust-policies/${seg(id)}`);
      if (ctx.out.json) return ctx.out.printJson(p);
      ctx.out.fields([
        ['id', p.id], ['name', p.name], ['project', p.project_id ?? '(every project of the workspace)'], ['provider', p.provider], ['issuer', p.issuer],
        ...Object.entries(p.conditions).map(([k, v]): [string, string] => [k, Array.isArray(v) ? v.join(', ') : String(v)]),
        ['scopes', p.scopes.join(', ')], ['lifetime', `${p.lifetime_seconds} s`], ['ids pinned', p.pinned_at ? formatShortDate(p.pinned_at) : 'on first use'], ['created', formatShortDate(p.created_at)],
      ]);
    }));

  withClientOptions(trust.command('remove').alias('rm').argument('<id>', 'trp_…'))
    .description('Delete a trust policy (tokens already minted expire on their own)')
    .option('-y, --yes', 'do not ask for confirmation')
    .action(clientAction<TrustOptions>(async (ctx, opts, id) => {
      const p = await ctx.client.get<TrustPolicy>(`/v1/trust-policies/${seg(id)}`);
      if (!opts.yes && ctx.interactive && !(await confirm(`Delete trust policy ${p.id} "${p.name}"?`))) throw new CliError('not deleted');
      await ctx.client.delete(`/v1/trust-policies/${seg(p.id)}`);
      if (ctx.out.json) return ctx.out.printJson({ deleted: true, policy: p });
      ctx.out.print(`${ctx.out.paint.green('✓')} Deleted trust policy ${p.id} "${p.name}".`);
    }));
}
