import type { Command } from 'commander';
import { seg } from '../client/api-client.js';
import { clientAction, withClientOptions, type ClientOptions, type CommandContext } from '../client/command.js';
import { CliError } from '../client/exit-codes.js';
import { confirm } from '../client/prompt.js';
import { chooseWorkspace } from '../workspace-choice.js';
import { formatShortDate } from '../views/time.js';
import type { Verifier, VerifierWithSecret } from '../../api-types.js';

interface VerifierOptions extends ClientOptions {
  workspace?: string;
  instance?: boolean;
  name?: string;
  quiet?: boolean;
  yes?: boolean;
}

const withScope = (cmd: Command) =>
  withClientOptions(cmd)
    .option('--workspace <workspace>', 'workspace slug or id (default: your only workspace)')
    .option('--instance', 'instance-wide verifiers, which verify every token of the instance (instance administrators)');

/** The collection path for the chosen scope: the instance, or one workspace. */
async function verifiersPath(ctx: CommandContext, opts: VerifierOptions): Promise<string> {
  if (opts.instance && opts.workspace) throw new CliError('use either --instance or --workspace');
  return opts.instance ? '/v1/verifiers' : `/v1/workspaces/${seg(await chooseWorkspace(ctx, opts.workspace))}/verifiers`;
}

/** `tessera verifier create|list|revoke`: credentials for resource servers (gateways, SDKs, introspection clients) that verify tokens and nothing else. */
export function registerVerifier(program: Command): void {
  const verifier = program.command('verifier').description('Verifier credentials: let a gateway, an SDK or an introspection client verify tokens (and nothing else)');

  withScope(verifier.command('create'))
    .description('Create a verifier credential bound to a workspace (owners), or instance-wide with --instance; it is shown once')
    .requiredOption('--name <name>', 'what uses it, e.g. "api gateway"')
    .option('-q, --quiet', 'print the credential alone (to pipe into a secret manager)')
    .action(clientAction<VerifierOptions>(async (ctx, opts) => {
      const v = await ctx.client.post<VerifierWithSecret>(await verifiersPath(ctx, opts), { name: opts.name });
      if (opts.quiet) return ctx.out.print(v.secret);
      if (ctx.out.json) return ctx.out.printJson(v);
      const p = ctx.out.paint;
      ctx.out.print([
        `${p.green('✓')} Created verifier ${p.bold(`"${v.name}"`)} ${v.workspace_id ? `for workspace ${v.workspace_id}` : '(instance-wide)'}`,
        `  id ${v.id}, prefix ${v.display_prefix}`,
        '',
        `  ${p.bold(v.secret)}`,
        '',
        `${p.yellow('! Copy this credential now: it will not be shown again.')} Only its prefix (${v.display_prefix}) appears from now on.`,
        '',
        'Introspect a token with it (RFC 7662):',
        `  curl -u "gateway:${v.secret}" -d "token=$TOKEN" ${ctx.client.baseUrl}/v1/oauth/introspect`,
      ].join('\n'));
    }));

  withScope(verifier.command('list').alias('ls'))
    .description("A workspace's verifier credentials, or the instance-wide ones (--instance)")
    .action(clientAction<VerifierOptions>(async (ctx, opts) => {
      const { items } = await ctx.client.get<{ items: Verifier[] }>(await verifiersPath(ctx, opts));
      if (ctx.out.json) return ctx.out.printJson(items);
      ctx.out.table(['ID', 'NAME', 'PREFIX', 'STATUS', 'CREATED', 'BY', 'LAST USED'], items.map((v) => [
        v.id, v.name, v.display_prefix, v.status, formatShortDate(v.created_at), v.created_by_label ?? v.created_by ?? '-', v.last_used_at ? formatShortDate(v.last_used_at) : 'never',
      ]), 'No verifier credentials.');
    }));

  withClientOptions(verifier.command('revoke').argument('<id>', 'vrf_…'))
    .description('Revoke a verifier credential: every node refuses it at once')
    .option('-y, --yes', 'do not ask for confirmation')
    .action(clientAction<VerifierOptions>(async (ctx, opts, id) => {
      if (!opts.yes && ctx.interactive && !(await confirm(`Revoke verifier ${id}? Whatever uses it can no longer verify tokens.`))) throw new CliError('not revoked');
      await ctx.client.delete(`/v1/verifiers/${seg(id)}`);
      if (ctx.out.json) return ctx.out.printJson({ revoked: true, id });
      ctx.out.print(`${ctx.out.paint.green('✓')} Revoked verifier ${id}.`);
    }));
}
