import type { Command } from 'commander';
import type { Me } from '../client/api-types.js';
import { clientAction, withClientOptions, type ClientOptions, type CommandContext } from '../client/command.js';
import { describeTokenSource } from '../client/credentials.js';
import { displayPrefixOf } from '../client/auth-diagnosis.js';
import { formatDate } from '../views/time.js';

/**
 * `tessera whoami` and `tessera auth status`: who the current credentials are, asked of the
 * server (GET /v1/me). The "verify your token works" step: for a session, the user and their
 * workspaces; for a token, its kind, workspace, project, scopes and expiry.
 */
export function registerWhoami(program: Command): void {
  withClientOptions(program.command('whoami'))
    .description('Show who the current credentials are: user and workspaces, or token kind, workspace, project, scopes and expiry')
    .action(clientAction<ClientOptions>(showIdentity));
  const auth = program.command('auth').description('Credentials: see `tessera login`, `tessera logout`');
  withClientOptions(auth.command('status'))
    .description('Check the current credentials with the server (same as tessera whoami)')
    .action(clientAction<ClientOptions>(showIdentity));
}

async function showIdentity(ctx: CommandContext): Promise<void> {
  const { out, creds } = ctx;
  const me = await ctx.client.get<Me>('/v1/me');
  const source = describeTokenSource(creds.tokenSource);
  if (out.json) return out.printJson({ server: creds.url, credential_source: creds.tokenSource ?? null, ...me });

  const user = me.user ? `${me.user.name}${me.user.email ? ` <${me.user.email}>` : ''} (${me.user.id}${me.user.kind === 'service' ? ', service account' : ''})` : undefined;
  const prefix = creds.token ? displayPrefixOf(creds.token) : undefined;
  if (me.principal === 'session') {
    const expires = creds.tokenSource === 'login' && creds.login ? `, expires ${formatDate(creds.login.expires_at)}` : '';
    out.fields([
      ['Server', creds.url],
      ['Signed in as', user],
      ['Credential', `session ${prefix ?? ''} from ${source}${expires}`],
    ]);
    const workspaces = me.workspaces ?? [];
    out.print('');
    out.table(['WORKSPACE', 'NAME', 'ROLE', 'ID'], workspaces.map((w) => [w.slug, w.name, w.role, w.id]), 'Not a member of any workspace yet.');
    return;
  }
  const t = me.token!;
  out.fields([
    ['Server', creds.url],
    ['Credential', `${t.kind} token "${t.name}" (${t.display_prefix}) from ${source}`],
    ['Token id', t.id],
    ['Workspace', t.workspace_id ?? (t.kind === 'personal' ? 'all of its user’s workspaces' : undefined)],
    ['Project', t.project_id ?? undefined],
    ['User', user],
    ...describeEffective(t),
    ['Expires', formatDate(t.expires_at)],
  ]);
  if (t.workspaces) {
    out.print('');
    out.table(['WORKSPACE ID', 'ROLE', 'SCOPES'], t.workspaces.map((w) => [w.workspace_id, w.role, w.scopes.join(', ') || '(none)']), 'Its user is not a member of any workspace.');
  }
}

/**
 * What a token may do now, as validate and /v1/me answer it: its role, its status (a rotating
 * token's grace end) and its effective scopes, with the granted ones when they differ.
 */
export function describeEffective(t: { kind?: string | undefined; role?: string | null | undefined; status?: string | undefined; grace_ends_at?: string | null | undefined; scopes?: string[] | undefined; granted_scopes?: string[] | undefined; workspaces?: unknown[] | undefined }): [string, string | undefined][] {
  const scopes = t.scopes ?? [];
  const granted = t.granted_scopes ?? scopes;
  const differs = granted.join(',') !== scopes.join(',');
  return [
    ['Role', t.role ?? (t.workspaces ? 'its user’s role in each workspace (below)' : 'none here')],
    ['Status', t.status === 'rotating' ? `rotating: replaced, stops working ${formatDate(t.grace_ends_at ?? null)}` : t.status],
    ['Scopes', `${scopes.join(', ') || '(none)'}${t.workspaces ? ' (in every workspace)' : ''}`],
    ['Granted', differs ? `${granted.join(', ')} (more than its role allows now: only the scopes above count)` : undefined],
  ];
}
