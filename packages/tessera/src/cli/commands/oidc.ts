import type { Command } from 'commander';
import { ApiError } from '../client/api-client.js';
import { clientAction, withClientOptions, type ClientOptions, type CommandContext } from '../client/command.js';
import { CliError, EXIT } from '../client/exit-codes.js';
import { describeSource, idTokenSource, IdTokenError, obtainIdToken, type IdTokenSource } from '../ci-env/id-token.js';
import type { Exchanged } from '../../api-types.js';

interface ExchangeOptions extends ClientOptions {
  project?: string;
  audience?: string;
}

/** The audience to request: --audience, else TESSERA_OIDC_AUDIENCE, else the server URL (the server's default audience is its public URL). */
export const audienceFor = (ctx: CommandContext, flag?: string) => flag || ctx.env.TESSERA_OIDC_AUDIENCE?.trim() || ctx.creds.url;

/**
 * Obtains the job's ID token and exchanges it for a short-lived ci token. Refusals become
 * messages about the ID token (not about TESSERA_TOKEN): the wrong audience names the one to
 * request, a missing policy match names the closest policy's failing condition.
 */
export async function exchangeIdToken(ctx: CommandContext, source: IdTokenSource, opts: { project?: string | undefined; audience?: string | undefined; fallbackProject?: string | undefined }): Promise<Exchanged> {
  const audience = audienceFor(ctx, opts.audience);
  let idToken: string;
  try {
    idToken = await obtainIdToken(source, audience);
  } catch (err) {
    if (err instanceof IdTokenError) throw new CliError(err.message, EXIT.auth, err.hint);
    throw err;
  }
  const anonymous = ctx.clientWith(undefined);
  const send = (project: string | undefined) => anonymous.post<Exchanged>('/v1/oidc/exchange', { token: idToken, ...(project ? { project } : {}) });
  try {
    try {
      return await send(opts.project);
    } catch (err) {
      // A workspace-wide policy needs the project named: use what CI or git suggested (the ID token is not used up by that refusal).
      if (err instanceof ApiError && err.code === 'invalid_request' && !opts.project && opts.fallbackProject && /say which/.test(err.message)) {
        ctx.out.info(`project ${opts.fallbackProject}, inferred from CI or git, for the workspace-wide trust policy; use --project to choose another`);
        return await send(opts.fallbackProject);
      }
      throw err;
    }
  } catch (err) {
    throw explainRefusal(err, source, audience);
  }
}

function explainRefusal(err: unknown, source: IdTokenSource, audience: string): unknown {
  if (!(err instanceof ApiError) || !err.code.startsWith('oidc_')) return err;
  const from = describeSource(source);
  const exit = err.status === 401 ? EXIT.auth : err.status === 403 ? EXIT.notFoundOrForbidden : err.status >= 500 ? EXIT.serverOrNetwork : EXIT.usage;
  const hints: Record<string, string> = {
    oidc_wrong_audience: `request the ID token for audience ${String(err.details.expected_audience ?? '?')}: set TESSERA_OIDC_AUDIENCE=${String(err.details.expected_audience ?? '?')}${source.kind === 'env' ? ' and use it as `aud:` of the id_tokens entry' : ''} (this run asked for ${audience})`,
    oidc_unknown_issuer: 'add a trust policy for this CI system to the project: `tessera trust add …` (see docs/ci.md)',
    oidc_no_matching_policy: 'compare the job with the trust policy (`tessera trust show <id>`) and fix one or the other',
    oidc_token_expired: 'request a fresh ID token (GitLab: the job token is issued when the job starts)',
    oidc_token_too_old: 'request a fresh ID token; the server limits their age (TESSERA_OIDC_MAX_TOKEN_AGE)',
    oidc_token_replayed: 'each ID token is exchanged once; request a fresh one',
  };
  return new CliError(`the OIDC exchange of the ID token from ${from} was refused: ${err.message} (${err.code}, HTTP ${err.status})`, exit, hints[err.code]);
}

/** `tessera oidc exchange`: prints the short-lived ci token (or, with --json, the whole answer). */
export function registerOidc(program: Command): void {
  const oidc = program.command('oidc').description('Tokenless CI: exchange a CI job\'s OIDC ID token for a short-lived ci token');
  withClientOptions(oidc.command('exchange'), { token: false })
    .description('Exchange this CI job\'s ID token (GitHub Actions with id-token: write, or TESSERA_ID_TOKEN) for a ci token, printed on stdout')
    .option('--project <project>', 'workspace/project or prj_… (needed when the matching trust policy is workspace-wide)')
    .option('--audience <aud>', 'audience to request from GitHub (default: TESSERA_OIDC_AUDIENCE, else the server URL)')
    .action(clientAction<ExchangeOptions>(async (ctx, opts) => {
      const source = idTokenSource(ctx.env);
      const r = await exchangeIdToken(ctx, source, { project: opts.project, audience: opts.audience });
      if (ctx.out.json) return ctx.out.printJson(r);
      ctx.out.info(`ci token ${r.display_prefix} for project ${r.project_id}, scopes ${r.scopes.join(', ')}, valid until ${r.expires_at} (trust policy ${r.policy_id})`);
      ctx.out.print(r.token);
    }, { useToken: false }));
}
