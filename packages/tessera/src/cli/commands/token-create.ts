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
  kind: string;
  project?: string;
  workspace?: string;
  scopes: string;
  expires?: string;
  description?: string;
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
    .requiredOption('--kind <kind>', CREATABLE_TOKEN_KINDS.join(', '))
    .requiredOption('--scopes <list>', 'comma-separated: read, write, upload, admin, or scopes your platform defines (`tessera scopes` lists them), e.g. read,deploy')
    .option('--project <project>', 'the project (slug or id) of a project token')
    .option('--workspace <workspace>', 'workspace slug or id (default: your only workspace); a personal token without it works in all your workspaces')
    .option('--expires <when>', '7d, 30d, 90d (any number of days), a date (2026-12-31), or never (default: the workspace default, 90d)')
    .option('--description <text>', 'a longer description')
    .option('-q, --quiet', 'print only the token (to pipe into a secret store)')
    .action(clientAction<CreateOptions>(async (ctx, opts) => {
      const kind = oneOf(opts.kind, CREATABLE_TOKEN_KINDS, '--kind');
      if (kind === 'project' && !opts.project) throw new CliError('a project token needs --project (the project slug or id)');
      if (kind !== 'project' && opts.project) throw new CliError(`--project only applies to project tokens, not ${kind} tokens`);
      const scopes = parseList(opts.scopes);
      if (scopes.length === 0) throw new CliError('--scopes: name at least one scope (read, write, upload, admin, or a platform scope: see `tessera scopes`)');
      const body = {
        name: opts.name,
        scopes,
        ...(opts.description !== undefined ? { description: opts.description } : {}),
        ...(opts.expires !== undefined ? parseExpiry(opts.expires) : {}),
      };
      let created: TokenWithSecret;
      if (kind === 'personal' && !opts.workspace) {
        created = await ctx.client.post<TokenWithSecret>('/v1/me/tokens', body);
      } else {
        const workspace = await chooseWorkspace(ctx, opts.workspace);
        created = await ctx.client.post<TokenWithSecret>(`/v1/workspaces/${seg(workspace)}/tokens`, { kind, ...(opts.project ? { project: opts.project } : {}), ...body });
      }
      printNewToken(ctx.out, created, { quiet: opts.quiet, verb: 'Created' });
    }));
}
