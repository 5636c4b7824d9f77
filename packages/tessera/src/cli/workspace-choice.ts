import type { Me } from './client/api-types.js';
import type { CommandContext } from './client/command.js';
import { CliError, EXIT } from './client/exit-codes.js';
import { readDefaults } from './defaults.js';

/** Where the workspace a command acts in came from, for commands that say so. */
export type WorkspaceSource = 'flag' | 'env' | 'token' | 'saved' | 'only';

/**
 * The workspace a command acts in, first match wins: --workspace; TESSERA_WORKSPACE; the
 * workspace of the token in use; the choice saved for this server (`tessera workspace use`);
 * the signed-in user's only workspace. With several to choose from, the user must say which.
 */
export async function chooseWorkspace(ctx: CommandContext, flag: string | undefined): Promise<string> {
  return (await chooseWorkspaceWithSource(ctx, flag)).workspace;
}

export async function chooseWorkspaceWithSource(ctx: CommandContext, flag: string | undefined): Promise<{ workspace: string; source: WorkspaceSource }> {
  if (flag) return { workspace: flag, source: 'flag' };
  const fromEnv = ctx.env.TESSERA_WORKSPACE?.trim();
  if (fromEnv) return { workspace: fromEnv, source: 'env' };
  const me = await ctx.client.get<Me>('/v1/me');
  if (me.principal === 'token' && me.token?.workspace_id) return { workspace: me.token.workspace_id, source: 'token' };
  const saved = readDefaults(ctx.creds.url, ctx.env).workspace;
  if (saved) return { workspace: saved, source: 'saved' };
  if (me.principal === 'token') {
    throw new CliError('this token is not tied to one workspace: say which with --workspace, TESSERA_WORKSPACE, or `tessera workspace use <slug>`', EXIT.usage);
  }
  const workspaces = me.workspaces ?? [];
  if (workspaces.length === 1) return { workspace: workspaces[0]!.slug, source: 'only' };
  if (workspaces.length === 0) throw new CliError('you are not a member of any workspace', EXIT.usage, 'create one with `tessera workspace create --name … --slug …`, or ask to be added');
  throw new CliError(
    `you are a member of ${workspaces.length} workspaces (${workspaces.map((w) => w.slug).join(', ')}): say which with --workspace`,
    EXIT.usage,
    'or choose a default once: `tessera workspace use <slug>` (or set TESSERA_WORKSPACE)',
  );
}
