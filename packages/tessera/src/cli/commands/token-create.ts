import type { Command } from 'commander';
import { seg } from '../client/api-client.js';
import type { TokenWithSecret } from '../client/api-types.js';
import { clientAction, withClientOptions, type ClientOptions } from '../client/command.js';
import { CliError } from '../client/exit-codes.js';
import { oneOf, parseExpiry, parseList } from '../flag-values.js';
import { printNewToken } from '../views/new-token.js';
import { chooseWorkspace } from '../workspace-choice.js';
import { CREATABLE_TOKEN_KINDS } from '../../tokens/token-kinds.js';

interface CreateOptions extends ClientOptions {
  name: string;
  kind?: string;
  project?: string;
  workspace?: string;
  scopes?: string;
  expires?: string;
  description?: string;
  canary?: boolean;
  quiet?: boolean;
}

/**
 * `tessera token create`: POST /v1/workspaces/{w}/tokens, or POST /v1/me/tokens for a personal
 * token usable in all your workspaces (personal without --workspace). Prints the token once.
 */
export function registerTokenCreate(token: Command): void {
  withClientOptions(token.command('create'))
    .description('Create a token; it is printed once, with snippets for your shell and CI')
    .requiredOption('--name <name>', 'a name saying what uses it, e.g. "CI/CD Pipeline Token"')
    .option('--kind <kind>', `${CREATABLE_TOKEN_KINDS.join(', ')} (default: project with --project, else personal)`)
    .option('--scopes <list>', 'comma-separated: read, write, upload, admin, or scopes your platform defines (`tessera scopes` lists them), e.g. read,deploy (default: upload for a project token, else read)')
    .option('--project <project>', 'the project (slug or id) of a project token')
    .option('--workspace <workspace>', 'workspace slug or id (default: your only workspace); a personal token without it works in all your workspaces')
    .option('--expires <when>', '7d, 30d, 90d (any number of days), a date (2026-12-31), or never (default: the workspace default, 90d)')
    .option('--description <text>', 'a longer description')
    .option('--canary', 'a canary (workspace or project token): grants nothing, and any use of it is reported as token.canary_triggered; plant it where a leak would show')
    .option('-q, --quiet', 'print only the token (to pipe into a secret store)')
    .action(clientAction<CreateOptions>(async (ctx, opts) => {
      // The defaults make `token create --name N` work alone, and say what they chose.
      const notes: string[] = [];
      const kind = opts.kind !== undefined ? oneOf(opts.kind, CREATABLE_TOKEN_KINDS, '--kind') : opts.project ? 'project' : 'personal';
      if (opts.kind === undefined) notes.push(`kind ${kind}: the default${opts.project ? ' with --project' : ''} (--kind to choose)`);
      if (kind === 'project' && !opts.project) throw new CliError('a project token needs --project (the project slug or id)');
      if (kind !== 'project' && opts.project) throw new CliError(`--project only applies to project tokens, not ${kind} tokens`);
      // The least a token of the kind is useful with: a project token uploads CI results, any other reads.
      const scopes = opts.scopes !== undefined ? parseList(opts.scopes) : [kind === 'project' ? 'upload' : 'read'];
      if (opts.scopes === undefined) notes.push(`scopes ${scopes.join(', ')}: the default for a ${kind} token (--scopes to choose; \`tessera scopes\` lists them)`);
      if (scopes.length === 0) throw new CliError('--scopes: name at least one scope (read, write, upload, admin, or a platform scope: see `tessera scopes`)');
      const body = {
        name: opts.name,
        scopes,
        ...(opts.description !== undefined ? { description: opts.description } : {}),
        ...(opts.expires !== undefined ? parseExpiry(opts.expires) : {}),
      };
      if (opts.canary && kind !== 'workspace' && kind !== 'project') throw new CliError(`--canary: only a workspace or project token can be a canary, not a ${kind} token (add --kind workspace)`);
      let created: TokenWithSecret;
      if (kind === 'personal' && !opts.workspace) {
        created = await ctx.client.post<TokenWithSecret>('/v1/me/tokens', body);
      } else {
        const workspace = await chooseWorkspace(ctx, opts.workspace);
        created = await ctx.client.post<TokenWithSecret>(`/v1/workspaces/${seg(workspace)}/tokens`, { kind, ...(opts.project ? { project: opts.project } : {}), ...body, ...(opts.canary ? { canary: true } : {}) });
      }
      if (notes.length && (opts.quiet || ctx.out.json)) for (const n of notes) ctx.out.info(n); // stdout holds only the token or the JSON
      printNewToken(ctx.out, created, { quiet: opts.quiet, verb: 'Created', url: ctx.creds.url, notes: ctx.out.json || opts.quiet ? [] : notes });
    }));
}
