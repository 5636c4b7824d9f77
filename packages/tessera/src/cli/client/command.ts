import type { Command } from 'commander';
import { createApiClient, type ApiClient } from './api-client.js';
import { nameToken, tokenBrand } from './auth-diagnosis.js';
import { describeTokenSource, resolveCredentials, type Credentials } from './credentials.js';
import { CliError, EXIT, SilentExit } from './exit-codes.js';
import { createOutput, type Output } from './output.js';
import { reportClientError } from './report.js';
import { diagnoseToken } from '../../tokens/token-diagnosis.js';

/**
 * What every client command gets: its resolved server and credentials, an API client using
 * them, and an Output honouring --json, TTY and NO_COLOR. `clientAction` wraps a command's
 * action so that any failure is printed the same way (with the token diagnosis on a 401) and
 * turned into the documented exit code.
 */
export interface ClientOptions {
  url?: string;
  token?: string;
  json?: boolean;
}

export interface CommandContext {
  client: ApiClient;
  creds: Credentials;
  out: Output;
  env: NodeJS.ProcessEnv;
  /** The token brand the CLI expects (TESSERA_TOKEN_BRAND, default tsr). */
  brand: string;
  /** stdin and stderr are both terminals: prompts and confirmations are possible. */
  interactive: boolean;
  /** A client for the same server with another token (or none). */
  clientWith(token: string | undefined): ApiClient;
}

export const USER_AGENT = 'tessera-cli';

/** Adds --url, --token and --json, the options every client command takes. */
export function withClientOptions(cmd: Command, opts: { token?: boolean } = {}): Command {
  cmd.option('--url <url>', 'server URL (env TESSERA_URL, else the stored login, else http://127.0.0.1:7420)');
  if (opts.token !== false) cmd.option('--token <token>', 'API token or session to use (env TESSERA_TOKEN, else the stored login)');
  return cmd.option('--json', 'print the result as JSON');
}

export interface ContextOptions {
  /** false for commands that never authenticate with the resolved token (login, token check). */
  useToken?: boolean;
}

export function createContext(opts: ClientOptions, env: NodeJS.ProcessEnv = process.env, options: ContextOptions = {}): CommandContext {
  const out = createOutput({ json: opts.json, env });
  const brand = tokenBrand(env);
  const creds = resolveCredentials({ url: opts.url, token: opts.token }, env);
  if (creds.loginProblem) out.warn(creds.loginProblem);
  const token = options.useToken === false ? undefined : usableToken(creds, out, brand);
  const clientWith = (t: string | undefined) => createApiClient({ baseUrl: creds.url, token: t, userAgent: USER_AGENT });
  return {
    // From here on the token is the one sent (surrounding whitespace, already warned about, removed): a 401 is diagnosed on what the server saw.
    client: clientWith(token), creds: token === undefined ? creds : { ...creds, token }, out, env, brand, clientWith,
    interactive: process.stdin.isTTY === true && process.stderr.isTTY === true,
  };
}

/**
 * The token as it goes into the Authorization header. HTTP drops surrounding whitespace (so a
 * trailing newline from `echo` still works here, but not with every client: say so), and
 * refuses line breaks or non-ASCII inside: those are diagnosed before any request.
 */
function usableToken(creds: Credentials, out: Output, brand: string): string | undefined {
  const raw = creds.token;
  if (raw === undefined) return undefined;
  const trimmed = raw.trim();
  const source = describeTokenSource(creds.tokenSource);
  if (/[^\x21-\x7e]/.test(trimmed)) {
    const d = diagnoseToken(raw, brand);
    throw new CliError(`the token from ${source} (${nameToken(raw)}) cannot be sent: ${d?.message ?? 'it contains spaces, line breaks or non-ASCII characters'}`, EXIT.auth, d?.fix ?? 'copy the token again');
  }
  if (trimmed !== raw && trimmed.length > 0) {
    const d = diagnoseToken(raw, brand);
    out.warn(`the token from ${source} (${nameToken(raw)}): ${d?.message ?? 'has surrounding whitespace'}; it was ignored here, but other clients will refuse the token; ${d?.fix ?? 'remove it'}`);
  }
  return trimmed;
}

/**
 * Wraps a commander action: builds the context from the command's options, runs `fn`, and
 * turns a returned non-zero code or any error into the exit code (printing the error once).
 */
export function clientAction<O extends ClientOptions, A extends unknown[] = string[]>(
  fn: (ctx: CommandContext, opts: O, ...args: A) => Promise<number | void>,
  options: ContextOptions = {},
) {
  return async (...actionArgs: unknown[]): Promise<void> => {
    // commander calls an action with the command's arguments, then its options, then the command.
    const cmd = actionArgs[actionArgs.length - 1] as Command;
    const opts = cmd.opts<O>();
    const args = actionArgs.slice(0, -2) as A;
    let ctx: CommandContext | undefined;
    try {
      ctx = createContext(opts, process.env, options);
      const code = await fn(ctx, opts, ...args);
      if (typeof code === 'number' && code !== 0) throw new SilentExit(code);
    } catch (err) {
      if (err instanceof SilentExit) throw err;
      const out = ctx?.out ?? createOutput({ json: opts.json });
      throw new SilentExit(await reportClientError(err, out, ctx?.creds, ctx?.brand ?? tokenBrand()));
    }
  };
}
