import type { Command } from 'commander';
import { ApiError, NetworkError, createApiClient } from '../client/api-client.js';
import { USER_AGENT, clientAction, type ClientOptions } from '../client/command.js';
import { credentialsPath, forgetLogin } from '../client/credentials.js';
import { EXIT, exitCodeFor } from '../client/exit-codes.js';
import { formatDate } from '../views/time.js';

/**
 * `tessera logout`: revoke the stored session on its server, then forget it. The local copy is
 * removed even when the server cannot be reached; the command then says the session stays
 * valid on the server until it expires, and exits 4.
 */
export function registerLogout(program: Command): void {
  program
    .command('logout')
    .description('Sign out: revoke the stored session on the server and remove it from this machine')
    .option('--json', 'print the result as JSON')
    .action(clientAction<ClientOptions>(async (ctx) => {
      const { out } = ctx;
      const login = ctx.creds.login;
      if (!login) {
        if (out.json) out.printJson({ logged_out: false, reason: 'not_logged_in' });
        else out.info(`Not logged in (no stored login in ${credentialsPath(ctx.env)}).`);
        return;
      }
      let problem: unknown;
      try {
        await createApiClient({ baseUrl: login.url, token: login.token, userAgent: USER_AGENT }).delete('/v1/sessions/current');
      } catch (err) {
        problem = err;
      }
      forgetLogin(ctx.env);
      const alreadyEnded = problem instanceof ApiError && problem.status === 401;
      if (out.json) {
        out.printJson({ logged_out: true, url: login.url, revoked_on_server: !problem || alreadyEnded, ...(problem instanceof Error ? { error: problem.message } : {}) });
      } else if (!problem) {
        out.print(`${out.paint.green('✓')} Logged out of ${login.url}: the session is revoked and forgotten.`);
      } else if (alreadyEnded) {
        out.print(`Logged out of ${login.url}: the session had already ended on the server; forgot it here.`);
      }
      if (!problem || alreadyEnded) return;
      if (!out.json) {
        const why = problem instanceof NetworkError || problem instanceof ApiError ? problem.message : String(problem);
        out.warn(`could not revoke the session on the server (${why}). It is forgotten here, but stays valid on ${login.url} until ${formatDate(login.expires_at)}.`);
      }
      return problem instanceof NetworkError ? EXIT.serverOrNetwork : exitCodeFor(problem);
    }, { useToken: false }));
}
