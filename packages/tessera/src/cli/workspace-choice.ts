import type { Me } from './client/api-types.js';
import type { CommandContext } from './client/command.js';
import { CliError, EXIT } from './client/exit-codes.js';

/**
 * The workspace a command acts in: --workspace, else the workspace of the token in use, else
 * the signed-in user's only workspace. With several to choose from, the user must say which.
 */
export async function chooseWorkspace(ctx: CommandContext, flag: string | undefined): Promise<string> {
  if (flag) return flag;
  const me = await ctx.client.get<Me>('/v1/me');
  if (me.principal === 'token') {
    if (me.token?.workspace_id) return me.token.workspace_id;
    throw new CliError('this token is not tied to one workspace: say which with --workspace', EXIT.usage);
  }
  const workspaces = me.workspaces ?? [];
  if (workspaces.length === 1) return workspaces[0]!.slug;
  if (workspaces.length === 0) throw new CliError('you are not a member of any workspace', EXIT.usage, 'create one with `tessera workspace create --name … --slug …`, or ask to be added');
  throw new CliError(
    `you are a member of ${workspaces.length} workspaces (${workspaces.map((w) => w.slug).join(', ')}): say which with --workspace`,
    EXIT.usage,
  );
}
