import type { Command } from 'commander';
import { clientAction, withClientOptions, type ClientOptions } from '../client/command.js';
import { CliError, EXIT } from '../client/exit-codes.js';
import { readStdin } from '../client/prompt.js';

interface ReportOptions extends ClientOptions {
  foundAt?: string;
  source?: string;
}

/**
 * `tessera token report-leak TOKEN|-`: POST /v1/tokens/report-leak, for anyone who found a Tessera
 * token where it should not be (no sign-in needed: the token is the proof). A live token is revoked
 * or flagged per its workspace's leak response; the answer is the same whatever the string was.
 */
export function registerTokenReportLeak(token: Command): void {
  withClientOptions(token.command('report-leak').argument('<token>', 'the token found, or - to read it from standard input (safer: not in your shell history)'), { token: false })
    .description('Report a Tessera token found where it should not be: a live one is revoked (or flagged) at once; no sign-in needed')
    .option('--found-at <url>', 'where it was found (a commit, an issue, a CI log)')
    .option('--source <kind>', 'what kind of place: commit, issue, ci_log, paste, …')
    .action(clientAction<ReportOptions, [string]>(async (ctx, opts, arg) => {
      const token = (arg === '-' ? await readStdin() : arg).trim();
      if (!token) throw new CliError('no token to report', EXIT.usage, 'pass it as an argument, or - to read it from standard input');
      await ctx.client.post('/v1/tokens/report-leak', { token, ...(opts.foundAt !== undefined ? { url: opts.foundAt } : {}), ...(opts.source !== undefined ? { source: opts.source } : {}) });
      if (ctx.out.json) return ctx.out.printJson({ received: true });
      // The server answers the same for anything, so this says no more than it does.
      ctx.out.print(`${ctx.out.paint.green('✓')} Reported. If it is a live token of this server, it is revoked (or flagged, per its workspace's setting) and its owners are told (token.leaked).`);
    }, { useToken: false }));
}
