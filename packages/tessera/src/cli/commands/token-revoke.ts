import type { Command } from 'commander';
import { seg } from '../client/api-client.js';
import type { Token } from '../client/api-types.js';
import { clientAction, withClientOptions, type ClientOptions } from '../client/command.js';
import { CliError } from '../client/exit-codes.js';
import { confirm } from '../client/prompt.js';

interface RevokeOptions extends ClientOptions {
  reason?: string;
  yes?: boolean;
}

/** `tessera token revoke ID`: DELETE /v1/tokens/{id}; asks first on a terminal unless --yes. */
export function registerTokenRevoke(token: Command): void {
  withClientOptions(token.command('revoke').argument('<id>', 'the token id (tok_…) or its display prefix (tsrp_Ab3dE5fG)'))
    .description('Revoke a token: it fails from the very next request')
    .option('--reason <text>', 'why (kept in the token and the audit trail)')
    .option('-y, --yes', 'do not ask for confirmation')
    .action(clientAction<RevokeOptions>(async (ctx, opts, id) => {
      const { out } = ctx;
      const t = await ctx.client.get<Token>(`/v1/tokens/${seg(id)}`);
      if (t.status === 'revoked') {
        if (out.json) out.printJson({ ...t, already_revoked: true });
        else out.info(`${t.display_prefix} "${t.name}" is already revoked.`);
        return;
      }
      if (!opts.yes && ctx.interactive && !(await confirm(`Revoke ${t.kind} token ${t.display_prefix} "${t.name}"? Whatever uses it fails from its next request.`))) {
        throw new CliError('not revoked');
      }
      await ctx.client.delete(`/v1/tokens/${seg(id)}`, { reason: opts.reason });
      const after = await ctx.client.get<Token>(`/v1/tokens/${seg(id)}`);
      if (out.json) out.printJson(after);
      else out.print(`${out.paint.green('✓')} Revoked ${after.kind} token ${after.display_prefix} "${after.name}" (${after.id}).`);
    }));
}
