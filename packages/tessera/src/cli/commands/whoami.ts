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
    ['Scopes', t.scopes.join(', ')],
    ['Expires', formatDate(t.expires_at)],
  ]);
}
