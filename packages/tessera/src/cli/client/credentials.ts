import { chmodSync, closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { CliError, EXIT } from './exit-codes.js';

/**
 * Where the CLI finds its server and its credentials.
 *
 * - Server: `--url` > `TESSERA_URL` > the stored login's server > http://127.0.0.1:7420.
 * - Token: `--token` > `TESSERA_TOKEN` > the stored login's session, and the stored session is
 *   only ever sent to the server it was issued by.
 * - The stored login: `credentials.json` in `TESSERA_CONFIG_DIR`, else `$XDG_CONFIG_HOME/tessera`,
 *   else `~/.config/tessera`; the folder is 0700 and the file 0600, replaced atomically.
 */
export const DEFAULT_URL = 'http://127.0.0.1:7420';

export interface StoredLogin {
  url: string;
  /** The session token (tsrs_…). */
  token: string;
  expires_at: string;
  user: { id: string; email: string | null; name: string };
  created_at: string;
}

export type TokenSource = 'flag' | 'env' | 'login';

export interface Credentials {
  url: string;
  urlSource: 'flag' | 'env' | 'login' | 'default';
  token: string | undefined;
  tokenSource: TokenSource | undefined;
  /** The stored login, when there is one (used or not). */
  login: StoredLogin | null;
  /** Set when the stored login could not be read (it is then ignored). */
  loginProblem?: string;
}

export interface ConnectionFlags {
  url?: string | undefined;
  token?: string | undefined;
}

export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TESSERA_CONFIG_DIR) return env.TESSERA_CONFIG_DIR;
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'tessera');
}

export function credentialsPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(configDir(env), 'credentials.json');
}

export function readStoredLogin(env: NodeJS.ProcessEnv = process.env): StoredLogin | null {
  const path = credentialsPath(env);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new CliError(`cannot read ${path}: ${(err as Error).message}`, EXIT.auth);
  }
  try {
    const parsed = JSON.parse(text) as Partial<StoredLogin>;
    if (typeof parsed.url === 'string' && typeof parsed.token === 'string') return parsed as StoredLogin;
  } catch {
    // fall through
  }
  throw new CliError(`${path} is not a stored login`, EXIT.auth, 'sign in again with `tessera login` (it replaces the file)');
}

/** Writes the login with mode 0600 into a 0700 folder, atomically: a temporary file, then a rename. */
export function saveLogin(login: StoredLogin, env: NodeJS.ProcessEnv = process.env): string {
  const dir = configDir(env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const path = credentialsPath(env);
  const tmp = join(dir, `.credentials.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(login, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    chmodSync(tmp, 0o600); // in case a umask or an odd filesystem widened it
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  return path;
}

/** Removes the stored login; false when there was none. */
export function forgetLogin(env: NodeJS.ProcessEnv = process.env): boolean {
  const path = credentialsPath(env);
  try {
    rmSync(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

export function normalizeUrl(raw: string, from: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new CliError(`${from}: "${raw}" is not a URL`, EXIT.usage, 'give the server address, e.g. http://127.0.0.1:7420');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CliError(`${from}: use an http:// or https:// URL`, EXIT.usage);
  return url.toString().replace(/\/+$/, '');
}

export function resolveCredentials(flags: ConnectionFlags, env: NodeJS.ProcessEnv = process.env): Credentials {
  let login: StoredLogin | null = null;
  let loginProblem: string | undefined;
  try {
    login = readStoredLogin(env);
  } catch (err) {
    if (!(err instanceof CliError)) throw err;
    loginProblem = `${err.message}; ignoring it${err.hint ? ` (${err.hint})` : ''}`;
  }
  const resolved = resolveFrom(flags, env, login);
  return loginProblem ? { ...resolved, loginProblem } : resolved;
}

function resolveFrom(flags: ConnectionFlags, env: NodeJS.ProcessEnv, login: StoredLogin | null): Credentials {
  let url: string;
  let urlSource: Credentials['urlSource'];
  if (flags.url !== undefined) [url, urlSource] = [normalizeUrl(flags.url, '--url'), 'flag'];
  else if (env.TESSERA_URL) [url, urlSource] = [normalizeUrl(env.TESSERA_URL, 'TESSERA_URL'), 'env'];
  else if (login) [url, urlSource] = [normalizeUrl(login.url, credentialsPath(env)), 'login'];
  else [url, urlSource] = [DEFAULT_URL, 'default'];

  if (flags.token !== undefined) return { url, urlSource, token: flags.token, tokenSource: 'flag', login };
  // A variable that is set but empty is kept: it is almost always a CI secret that is not defined, and the diagnosis says so.
  if (env.TESSERA_TOKEN !== undefined) return { url, urlSource, token: env.TESSERA_TOKEN, tokenSource: 'env', login };
  if (login && sameServer(login.url, url)) return { url, urlSource, token: login.token, tokenSource: 'login', login };
  return { url, urlSource, token: undefined, tokenSource: undefined, login };
}

function sameServer(a: string, b: string): boolean {
  try {
    return normalizeUrl(a, 'url') === normalizeUrl(b, 'url');
  } catch {
    return false;
  }
}

/** How a message names where the token came from. */
export function describeTokenSource(source: TokenSource | undefined): string {
  switch (source) {
    case 'flag':
      return 'the --token flag';
    case 'env':
      return 'TESSERA_TOKEN';
    case 'login':
      return 'the stored login (tessera login)';
    default:
      return 'no token';
  }
}
