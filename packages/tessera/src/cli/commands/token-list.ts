import type { Command } from 'commander';
import { seg, type ApiClient } from '../client/api-client.js';
import type { Page, Project, Token } from '../client/api-types.js';
import { clientAction, withClientOptions, type ClientOptions } from '../client/command.js';
import { oneOf, parseDuration } from '../flag-values.js';
import { CliError } from '../client/exit-codes.js';
import { TOKEN_HEADERS, tokenRow } from '../views/token-view.js';
import { chooseWorkspace } from '../workspace-choice.js';
import { fetchPages } from '../pages.js';
import { TOKEN_KINDS, TOKEN_STATUSES } from '../../tokens/token-kinds.js';

interface ListOptions extends ClientOptions {
  workspace?: string;
  kind?: string;
  project?: string;
  status?: string;
  mine?: boolean;
  all?: boolean;
  limit?: string;
  expiring?: string;
}

/** `tessera token list`: the workspace's tokens (admins see all, others their own), never a secret. */
export function registerTokenList(token: Command): void {
  withClientOptions(token.command('list'))
    .alias('ls')
    .description('List tokens of a workspace (admins see all; others see their own personal tokens)')
    .option('--workspace <workspace>', 'workspace slug or id (default: your only workspace)')
    .option('--kind <kind>', TOKEN_KINDS.join(', '))
    .option('--project <project>', 'only the tokens of this project (slug or id)')
    .option('--status <status>', TOKEN_STATUSES.join(', '))
    .option('--expiring <duration>', 'only active tokens that expire within this long (e.g. 7d, 24h)')
    .option('--mine', 'your personal tokens across all your workspaces (GET /v1/me/tokens)')
    .option('--all', 'fetch every page (default: the first page, 50 tokens)')
    .option('--limit <n>', 'tokens per page, 1 to 200', '50')
    .action(clientAction<ListOptions>(async (ctx, opts) => {
      const expiring = opts.expiring ? new Date(Date.now() + parseDuration(opts.expiring, '--expiring') * 1000).toISOString() : undefined;
      const query = {
        status: opts.status ? oneOf(opts.status, TOKEN_STATUSES, '--status') : expiring ? 'active' : undefined,
        limit: opts.limit,
      };
      let path: string;
      let workspace: string | undefined;
      if (opts.mine) {
        if (expiring) throw new CliError('--expiring lists a workspace\'s tokens; it does not combine with --mine');
        path = '/v1/me/tokens';
      } else {
        workspace = await chooseWorkspace(ctx, opts.workspace);
        path = `/v1/workspaces/${seg(workspace)}/tokens`;
        Object.assign(query, { kind: opts.kind ? oneOf(opts.kind, TOKEN_KINDS, '--kind') : undefined, project: opts.project, expiring_before: expiring });
      }
      const { items, more } = await fetchPages<Token>((cursor) => ctx.client.get<Page<Token>>(path, { ...query, cursor }), opts.all === true);
      const { out } = ctx;
      if (out.json) return out.printJson(items);
      const projects = workspace ? await projectNames(ctx.client, workspace, items) : new Map<string, string>();
      out.table(TOKEN_HEADERS, items.map((t) => tokenRow(t, out.paint, projects)), 'No tokens.');
      if (more) out.info(`More tokens than shown: use --all to list every page.`);
    }));
}

/** Project slugs for the PROJECT column; ids when the caller may not list projects. */
async function projectNames(client: ApiClient, workspace: string, tokens: Token[]): Promise<Map<string, string>> {
  if (!tokens.some((t) => t.project_id)) return new Map();
  try {
    const { items } = await client.get<{ items: Project[] }>(`/v1/workspaces/${seg(workspace)}/projects`);
    return new Map(items.map((p) => [p.id, p.slug]));
  } catch {
    return new Map();
  }
}
