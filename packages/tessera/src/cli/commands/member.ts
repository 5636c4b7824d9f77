import type { Command } from 'commander';
import { seg } from '../client/api-client.js';
import type { Member, MemberAdded } from '../client/api-types.js';
import { clientAction, withClientOptions, type ClientOptions, type CommandContext } from '../client/command.js';
import { CliError, EXIT } from '../client/exit-codes.js';
import { confirm } from '../client/prompt.js';
import { oneOf } from '../flag-values.js';
import { chooseWorkspace } from '../workspace-choice.js';
import { formatDate } from '../views/time.js';

interface MemberOptions extends ClientOptions {
  workspace?: string;
  kind?: string;
  role?: string;
  yes?: boolean;
}

const ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
const withWorkspace = (cmd: Command) => withClientOptions(cmd).option('--workspace <workspace>', 'workspace slug or id (default: your only workspace)');
const membersPath = (workspace: string, userId?: string) => `/v1/workspaces/${seg(workspace)}/members${userId ? `/${seg(userId)}` : ''}`;

/** `tessera member list|add|remove|role` over /v1/workspaces/{w}/members. Members are named by email or user id. */
export function registerMember(program: Command): void {
  const member = program.command('member').description('List, add and remove workspace members, and change their role');

  withWorkspace(member.command('list').alias('ls'))
    .description('Members (humans and service accounts) with their role')
    .option('--kind <kind>', 'human or service')
    .action(clientAction<MemberOptions>(async (ctx, opts) => {
      const kind = opts.kind ? oneOf(opts.kind, ['human', 'service'] as const, '--kind') : undefined;
      const { items } = await ctx.client.get<{ items: Member[] }>(membersPath(await chooseWorkspace(ctx, opts.workspace)), { kind });
      if (ctx.out.json) return ctx.out.printJson(items);
      ctx.out.table(['NAME', 'EMAIL', 'ROLE', 'KIND', 'USER ID', 'STATUS'], items.map((m) => [m.name, m.email ?? '-', m.role, m.kind, m.user_id, m.pending ? 'invited' : 'active']), 'No members.');
    }));

  withWorkspace(member.command('add').argument('<email>', "the person's email"))
    .description('Add a user by email; an unknown email gets an account and a one-time invitation code')
    .requiredOption('--role <role>', 'owner, admin, member or viewer')
    .action(clientAction<MemberOptions>(async (ctx, opts, email) => {
      const role = oneOf(opts.role!, ROLES, '--role');
      const m = await ctx.client.post<MemberAdded>(membersPath(await chooseWorkspace(ctx, opts.workspace)), { email, role });
      if (ctx.out.json) return ctx.out.printJson(m);
      ctx.out.print(`${ctx.out.paint.green('✓')} Added ${m.email ?? m.name} as ${m.role} (${m.user_id}).`);
      if (m.invitation) {
        ctx.out.print(`\nInvitation code (shown once, valid until ${formatDate(m.invitation.expires_at)}):\n\n  ${ctx.out.paint.bold(m.invitation.code)}\n\nGive it to them: they choose a password with POST /v1/invitations/accept.`);
      }
    }));

  withWorkspace(member.command('remove').alias('rm').argument('<member>', 'email or user id (usr_…); your own to leave'))
    .description("Remove a member: their personal tokens restricted to this workspace are revoked")
    .option('-y, --yes', 'do not ask for confirmation')
    .action(clientAction<MemberOptions>(async (ctx, opts, who) => {
      const workspace = await chooseWorkspace(ctx, opts.workspace);
      const m = await findMember(ctx, workspace, who);
      if (!opts.yes && ctx.interactive && !(await confirm(`Remove ${m.email ?? m.name} (${m.role}) from ${workspace}?`))) throw new CliError('not removed');
      await ctx.client.delete(membersPath(workspace, m.user_id));
      if (ctx.out.json) return ctx.out.printJson({ removed: true, member: m });
      ctx.out.print(`${ctx.out.paint.green('✓')} Removed ${m.email ?? m.name} from ${workspace}.`);
    }));

  withWorkspace(member.command('role').argument('<member>', 'email or user id (usr_…)').argument('<role>', 'owner, admin, member or viewer'))
    .description("Change a member's role (granting or taking the owner role needs an owner)")
    .action(clientAction<MemberOptions, [string, string]>(async (ctx, opts, who, roleArg) => {
      const role = oneOf(roleArg, ROLES, 'role');
      const workspace = await chooseWorkspace(ctx, opts.workspace);
      const m = await findMember(ctx, workspace, who);
      const updated = await ctx.client.patch<Member>(membersPath(workspace, m.user_id), { role });
      if (ctx.out.json) return ctx.out.printJson(updated);
      ctx.out.print(`${ctx.out.paint.green('✓')} ${updated.email ?? updated.name} is now ${updated.role} (was ${m.role}).`);
    }));
}

async function findMember(ctx: CommandContext, workspace: string, who: string): Promise<Member> {
  const { items } = await ctx.client.get<{ items: Member[] }>(membersPath(workspace));
  const m = items.find((x) => x.user_id === who || (x.email !== null && x.email.toLowerCase() === who.toLowerCase()));
  if (!m) throw new CliError(`no member ${who} in ${workspace}`, EXIT.notFoundOrForbidden, 'see `tessera member list`');
  return m;
}
