import type { Command } from 'commander';
import { seg } from '../client/api-client.js';
import type { Workspace } from '../client/api-types.js';
import { clientAction, withClientOptions, type ClientOptions, type CommandContext } from '../client/command.js';
import { slugify } from '../../workspaces/slugify.js';
import { chooseWorkspace } from '../workspace-choice.js';
import { CliError } from '../client/exit-codes.js';
import { oneOf } from '../flag-values.js';
import { readDefaults, saveDefaults } from '../defaults.js';
import { formatDate } from '../views/time.js';

interface CreateOptions extends ClientOptions {
  name: string;
  slug?: string;
}

const LEAK_RESPONSES = ['revoke', 'flag'] as const;

/** `tessera workspace list|show|use|create|update` over /v1/workspaces. */
export function registerWorkspace(program: Command): void {
  const workspace = program.command('workspace').description('List, show and create workspaces');

  withClientOptions(workspace.command('list').alias('ls'))
    .description('The workspaces you can act in, with your role in each')
    .action(clientAction<ClientOptions>(async (ctx) => {
      const { items } = await ctx.client.get<{ items: Workspace[] }>('/v1/workspaces');
      if (ctx.out.json) return ctx.out.printJson(items);
      ctx.out.table(['SLUG', 'NAME', 'ROLE', 'ID'], items.map((w) => [w.slug, w.name, w.role, w.id]), 'No workspaces.');
    }));

  withClientOptions(workspace.command('show').argument('[workspace]', 'slug or id (default: your only workspace)'))
    .description('One workspace, your role in it and its token policy')
    .action(clientAction<ClientOptions, [string | undefined]>(async (ctx, _opts, ref) => {
      const w = await ctx.client.get<Workspace>(`/v1/workspaces/${seg(await chooseWorkspace(ctx, ref))}`);
      printWorkspace(ctx, w);
    }));

  withClientOptions(workspace.command('use').argument('[workspace]', 'slug or id to act in by default on this server'))
    .description('Choose the workspace commands act in by default on this server (TESSERA_WORKSPACE and --workspace still win)')
    .option('--clear', 'forget the default')
    .action(clientAction<ClientOptions & { clear?: boolean }, [string | undefined]>(async (ctx, opts, ref) => {
      if (opts.clear || !ref) {
        if (!opts.clear) {
          const saved = readDefaults(ctx.creds.url, ctx.env).workspace;
          if (ctx.out.json) return ctx.out.printJson({ server: ctx.creds.url, workspace: saved ?? null });
          return ctx.out.print(saved ? `Default workspace on ${ctx.creds.url}: ${saved}` : `No default workspace on ${ctx.creds.url}.`);
        }
        saveDefaults(ctx.creds.url, {}, ctx.env);
        if (ctx.out.json) return ctx.out.printJson({ server: ctx.creds.url, workspace: null });
        return ctx.out.print(`${ctx.out.paint.green('✓')} Forgot the default workspace for ${ctx.creds.url}.`);
      }
      // Checked first: only a workspace you can act in is remembered, by its slug.
      const w = await ctx.client.get<Workspace>(`/v1/workspaces/${seg(ref)}`);
      const path = saveDefaults(ctx.creds.url, { workspace: w.slug }, ctx.env);
      if (ctx.out.json) return ctx.out.printJson({ server: ctx.creds.url, workspace: w.slug });
      ctx.out.print(`${ctx.out.paint.green('✓')} Commands on ${ctx.creds.url} now act in ${w.slug} ("${w.name}", you are ${w.role}) unless told otherwise (saved in ${path}).`);
    }));

  withClientOptions(workspace.command('create'))
    .description('Create a workspace; you become its owner')
    .requiredOption('--name <name>', 'display name, e.g. "Acme"')
    .option('--slug <slug>', 'lowercase letters, digits and hyphens (default: from the name)')
    .action(clientAction<CreateOptions>(async (ctx, opts) => {
      const w = await ctx.client.post<Workspace>('/v1/workspaces', { name: opts.name, slug: opts.slug ?? slugify(opts.name) });
      if (ctx.out.json) return ctx.out.printJson(w);
      ctx.out.print(`${ctx.out.paint.green('✓')} Created workspace ${w.slug} "${w.name}" (${w.id}); you are its owner.`);
    }));

  withClientOptions(workspace.command('update').argument('[workspace]', 'slug or id (default: your only workspace)'))
    .description('Change a workspace (owners): its name, and what a reported leak of one of its tokens does')
    .option('--name <name>', 'a new display name')
    .option('--leak-response <response>', 'revoke (at once, the default) or flag (audit and token.leaked only) a token reported leaked by GitHub secret scanning or report-leak')
    .action(clientAction<ClientOptions & { name?: string; leakResponse?: string }, [string | undefined]>(async (ctx, opts, ref) => {
      const patch = {
        ...(opts.name !== undefined ? { name: opts.name } : {}),
        ...(opts.leakResponse !== undefined ? { leak_response: oneOf(opts.leakResponse, LEAK_RESPONSES, '--leak-response') } : {}),
      };
      if (!Object.keys(patch).length) throw new CliError('nothing to change: give --name or --leak-response');
      const w = await ctx.client.patch<Workspace>(`/v1/workspaces/${seg(await chooseWorkspace(ctx, ref))}`, patch);
      if (ctx.out.json) return ctx.out.printJson(w);
      ctx.out.print(`${ctx.out.paint.green('✓')} Updated workspace ${w.slug}.`);
      printWorkspace(ctx, w);
    }));
}

function printWorkspace(ctx: CommandContext, w: Workspace): void {
  if (ctx.out.json) return ctx.out.printJson(w);
  ctx.out.fields([
    ['ID', w.id],
    ['Slug', w.slug],
    ['Name', w.name],
    ['Your role', w.role],
    ['Created', formatDate(w.created_at)],
    ['Token lifetime', `default ${w.default_token_lifetime_days} days, at most ${w.max_token_lifetime_days} days`],
    ['Non-expiring', w.allow_non_expiring_tokens ? 'allowed' : 'not allowed'],
    ['Token limit', w.token_limit === null ? 'none' : String(w.token_limit)],
    ['Leaked tokens', w.leak_response === 'flag' ? 'flagged when reported' : 'revoked when reported'],
  ]);
}
