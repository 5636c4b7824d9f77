import type { Command } from 'commander';
import { ApiError } from '../client/api-client.js';
import type { Me, Validation } from '../client/api-types.js';
import { nameToken } from '../client/auth-diagnosis.js';
import { clientAction, withClientOptions, type ClientOptions, type CommandContext } from '../client/command.js';
import { CliError, EXIT } from '../client/exit-codes.js';
import { readStdin } from '../client/prompt.js';
import { oneOf } from '../flag-values.js';
import { findTokenProblems, kindProblem, type CheckProblem } from '../token-problems.js';
import { formatDate } from '../views/time.js';
import { describeEffective } from './whoami.js';
import type { TokenKindName } from '../../tokens/token-format.js';
import { TOKEN_KINDS } from '../../tokens/token-kinds.js';

interface CheckOptions extends ClientOptions {
  offline?: boolean;
  kind?: string;
}

interface Online {
  url: string;
  /** The token checked was the repaired one (the problems above undone). */
  repaired: boolean;
  valid: boolean;
  code?: string | undefined;
  result?: Validation | Me;
}

const NOT_VALID_FIX: Record<string, string> = {
  revoked: 'create a new token (`tessera token create`) and replace this one wherever it is stored',
  expired: 'create a new token (`tessera token create`), or rotate tokens before they expire (`tessera token rotate`)',
  invalid: 'this server does not know the token: check that --url / TESSERA_URL is the server that issued it, or copy the token again',
};

/**
 * `tessera token check [TOKEN|-]`: what is wrong with a token, offline first (whitespace, line
 * breaks, quotes, "Bearer ", truncation, brand, kind, checksum), each problem with its fix; then
 * what the server says of it. The token is read raw (stdin is not trimmed) so the newline an
 * `echo` adds is found. Exit 0 valid, 2 malformed or not valid, 4 server unreachable.
 */
export function registerTokenCheck(token: Command): void {
  withClientOptions(token.command('check').argument('[token]', 'the token, or - to read it from standard input (default: TESSERA_TOKEN)'), { token: false })
    .description('Diagnose a token offline (whitespace, newline, quotes, truncation, brand, checksum), then validate it with the server')
    .option('--kind <kind>', `the kind you expect (${TOKEN_KINDS.join(', ')}): a token of another kind is a problem`)
    .option('--offline', 'only the offline checks; do not contact the server')
    .action(clientAction<CheckOptions, [string | undefined]>(async (ctx, opts, arg) => {
      const expected = opts.kind ? oneOf(opts.kind, TOKEN_KINDS, '--kind') : undefined;
      const { raw, source } = await readToken(arg, ctx.env);
      const found = findTokenProblems(raw, ctx.brand);
      const problems: CheckProblem[] = [...found.problems];
      const wrongKind = found.kind && expected ? kindProblem(found.kind, expected) : null;
      if (wrongKind) problems.push(wrongKind);

      let online: Online | undefined;
      let networkError: unknown;
      if (!opts.offline && found.repaired !== undefined) {
        try {
          online = await checkOnline(ctx, found.repaired, found.kind, found.problems.length > 0);
        } catch (err) {
          networkError = err;
        }
      }
      const code = problems.length > 0 ? EXIT.auth : online && !online.valid ? EXIT.auth : networkError ? EXIT.serverOrNetwork : EXIT.ok;
      report(ctx, { raw, source, problems, kind: found.kind, online, code });
      if (networkError && problems.length === 0) throw networkError; // reported with exit 4
      if (networkError) ctx.out.warn(`the server was not asked: ${networkError instanceof Error ? networkError.message : String(networkError)}`);
      return code;
    }, { useToken: false }));
}

async function readToken(arg: string | undefined, env: NodeJS.ProcessEnv): Promise<{ raw: string; source: string }> {
  if (arg === '-') return { raw: await readStdin(), source: 'standard input' };
  if (arg !== undefined) return { raw: arg, source: 'the argument' };
  if (env.TESSERA_TOKEN !== undefined) return { raw: env.TESSERA_TOKEN, source: 'TESSERA_TOKEN' };
  throw new CliError('no token to check', EXIT.usage, 'pass it as an argument, - to read it from standard input, or set TESSERA_TOKEN');
}

async function checkOnline(ctx: CommandContext, token: string, kind: TokenKindName | undefined, repaired: boolean): Promise<Online> {
  const url = ctx.creds.url;
  if (kind === 'session') {
    // Sessions are not API tokens: /v1/auth/validate does not know them, /v1/me does.
    try {
      const me = await ctx.clientWith(token).get<Me>('/v1/me');
      return { url, repaired, valid: true, result: me };
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return { url, repaired, valid: false, code: 'expired or signed out' };
      throw err;
    }
  }
  const v = await ctx.clientWith(undefined).post<Validation>('/v1/auth/validate', { token });
  return { url, repaired, valid: v.valid, code: v.code, result: v };
}

function report(ctx: CommandContext, r: { raw: string; source: string; problems: CheckProblem[]; kind: TokenKindName | undefined; online: Online | undefined; code: number }): void {
  const { out } = ctx;
  if (out.json) {
    out.printJson({
      source: r.source, length: r.raw.length, token: nameToken(r.raw), kind: r.kind ?? null, well_formed: r.problems.length === 0,
      problems: r.problems, online: r.online ? { url: r.online.url, checked_after_repair: r.online.repaired, valid: r.online.valid, code: r.online.code ?? null, result: r.online.result ?? null } : null,
      exit_code: r.code,
    });
    return;
  }
  const p = out.paint;
  out.print(`Checking ${nameToken(r.raw)} (${r.raw.length} characters, from ${r.source})`);
  if (r.problems.length === 0) out.print(`${p.green('✓')} well-formed: brand, kind (${r.kind}), length and checksum are right`);
  for (const d of r.problems) out.print(`${p.red('✗')} ${d.message} [${d.code}]\n    fix: ${d.fix}`);
  const o = r.online;
  if (!o) return;
  const lead = o.repaired ? 'Once fixed, the server says' : `${o.url} says`;
  if (!o.valid) {
    const fix = NOT_VALID_FIX[o.code ?? ''] ?? 'sign in again: `tessera login`';
    out.print(`${p.red('✗')} ${lead}: not valid (${o.code ?? 'invalid'})\n    fix: ${fix}`);
    return;
  }
  if (r.kind === 'session') {
    const me = o.result as Me;
    out.print(`${p.green('✓')} ${lead}: a valid session of ${me.user?.name ?? 'a user'}${me.user?.email ? ` <${me.user.email}>` : ''}`);
    return;
  }
  const v = o.result as Validation;
  const where = [v.workspace_id ? `workspace ${v.workspace_id}` : 'all of its user’s workspaces', v.project_id ? `project ${v.project_id}` : undefined].filter(Boolean).join(', ');
  out.print(`${p.green('✓')} ${lead}: valid ${v.kind} token ${v.display_prefix} (${v.token_id})\n    ${where}; expires ${formatDate(v.expires_at ?? null)}`);
  for (const [label, value] of describeEffective(v)) if (value !== undefined) out.print(`    ${label.toLowerCase()}: ${value}`);
  for (const w of v.workspaces ?? []) out.print(`    in ${w.workspace_id}: ${w.role}, ${w.scopes.join(', ') || '(no scopes)'}`);
}
