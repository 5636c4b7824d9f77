import type { Command } from 'commander';
import { seg } from '../client/api-client.js';
import type { TokenWithSecret } from '../client/api-types.js';
import { clientAction, withClientOptions, type ClientOptions } from '../client/command.js';
import { CliError } from '../client/exit-codes.js';
import { parseDuration } from '../flag-values.js';
import { printNewToken } from '../views/new-token.js';
import { formatDate } from '../views/time.js';

interface RotateOptions extends ClientOptions {
  grace?: string;
  quiet?: boolean;
}

const MAX_GRACE_SECONDS = 7 * 86400;

/** `tessera token rotate ID [--grace 24h]`: a replacement token, printed once; the old one keeps working for the grace period. */
export function registerTokenRotate(token: Command): void {
  withClientOptions(token.command('rotate').argument('<id>', 'the token id (tok_…) or its display prefix (tsrp_Ab3dE5fG)'))
    .description('Replace a token: prints the new one once; the old one keeps working for the grace period')
    .option('--grace <duration>', 'how long the old token keeps working: 0 (default), 30m, 24h, up to 7d', '0')
    .option('-q, --quiet', 'print only the new token')
    .action(clientAction<RotateOptions>(async (ctx, opts, id) => {
      const grace = parseDuration(opts.grace ?? '0', '--grace');
      if (grace > MAX_GRACE_SECONDS) throw new CliError('--grace: at most 7d');
      const created = await ctx.client.post<TokenWithSecret>(`/v1/tokens/${seg(id)}/rotate`, { grace_period_seconds: grace });
      printNewToken(ctx.out, created, { quiet: opts.quiet, verb: 'Rotated: new', url: ctx.creds.url });
      if (!opts.quiet && !ctx.out.json) {
        const until = grace > 0 ? `keeps working until ${formatDate(new Date(Date.now() + grace * 1000).toISOString())}, then stops` : 'stopped working now';
        ctx.out.print(`\nThe old token (${id}) ${until}.`);
      }
    }));
}
