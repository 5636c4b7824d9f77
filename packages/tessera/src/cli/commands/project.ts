import type { Command } from 'commander';
import { seg } from '../client/api-client.js';
import type { Project } from '../client/api-types.js';
import { clientAction, withClientOptions, type ClientOptions } from '../client/command.js';
import { CliError } from '../client/exit-codes.js';
import { confirm } from '../client/prompt.js';
import { slugify } from '../../workspaces/slugify.js';
import { chooseWorkspace } from '../workspace-choice.js';
import { formatShortDate } from '../views/time.js';

interface ProjectOptions extends ClientOptions {
  workspace?: string;
  name?: string;
  slug?: string;
  yes?: boolean;
}

const withWorkspace = (cmd: Command) => withClientOptions(cmd).option('--workspace <workspace>', 'workspace slug or id (default: your only workspace)');
const projectPath = (workspace: string, project?: string) => `/v1/workspaces/${seg(workspace)}/projects${project ? `/${seg(project)}` : ''}`;

/** `tessera project list|create|rename|delete` over /v1/workspaces/{w}/projects. */
export function registerProject(program: Command): void {
  const project = program.command('project').description('List, create, rename and delete projects (repositories)');

  withWorkspace(project.command('list').alias('ls'))
    .description("The workspace's projects")
    .action(clientAction<ProjectOptions>(async (ctx, opts) => {
      const { items } = await ctx.client.get<{ items: Project[] }>(projectPath(await chooseWorkspace(ctx, opts.workspace)));
      if (ctx.out.json) return ctx.out.printJson(items);
      ctx.out.table(['SLUG', 'NAME', 'ID', 'CREATED'], items.map((p) => [p.slug, p.name, p.id, formatShortDate(p.created_at)]), 'No projects.');
    }));

  withWorkspace(project.command('create'))
    .description('Create a project (a repository)')
    .requiredOption('--name <name>', 'display name, e.g. "Web app"')
    .option('--slug <slug>', 'lowercase letters, digits, dot, underscore, hyphen (default: from the name)')
    .action(clientAction<ProjectOptions>(async (ctx, opts) => {
      const p = await ctx.client.post<Project>(projectPath(await chooseWorkspace(ctx, opts.workspace)), { name: opts.name, slug: opts.slug ?? slugify(opts.name!, 'project') });
      if (ctx.out.json) return ctx.out.printJson(p);
      ctx.out.print(`${ctx.out.paint.green('✓')} Created project ${p.slug} "${p.name}" (${p.id}).`);
    }));

  withWorkspace(project.command('rename').argument('<project>', 'slug or id'))
    .description("Change a project's name or slug")
    .option('--name <name>', 'the new display name')
    .option('--slug <slug>', 'the new slug (tokens keep working: they hold the id)')
    .action(clientAction<ProjectOptions>(async (ctx, opts, ref) => {
      if (opts.name === undefined && opts.slug === undefined) throw new CliError('give --name, --slug or both');
      const body = { ...(opts.name !== undefined ? { name: opts.name } : {}), ...(opts.slug !== undefined ? { slug: opts.slug } : {}) };
      const p = await ctx.client.patch<Project>(projectPath(await chooseWorkspace(ctx, opts.workspace), ref), body);
      if (ctx.out.json) return ctx.out.printJson(p);
      ctx.out.print(`${ctx.out.paint.green('✓')} Project ${p.id} is now ${p.slug} "${p.name}".`);
    }));

  withWorkspace(project.command('delete').argument('<project>', 'slug or id'))
    .description('Delete a project: its tokens are revoked, then deleted with it')
    .option('-y, --yes', 'do not ask for confirmation')
    .action(clientAction<ProjectOptions>(async (ctx, opts, ref) => {
      const workspace = await chooseWorkspace(ctx, opts.workspace);
      const p = await ctx.client.get<Project>(projectPath(workspace, ref));
      if (!opts.yes && ctx.interactive && !(await confirm(`Delete project ${p.slug} "${p.name}" and revoke its tokens?`))) throw new CliError('not deleted');
      await ctx.client.delete(projectPath(workspace, p.id));
      if (ctx.out.json) return ctx.out.printJson({ deleted: true, project: p });
      ctx.out.print(`${ctx.out.paint.green('✓')} Deleted project ${p.slug} (${p.id}); its tokens are revoked.`);
    }));
}
