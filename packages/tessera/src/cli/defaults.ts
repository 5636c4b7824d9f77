import { chmodSync, closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { configDir } from './client/credentials.js';
import { CliError, EXIT } from './client/exit-codes.js';

/**
 * Choices the CLI remembers per server (`tessera workspace use acme`): `defaults.json` in the
 * config folder, next to the stored login, keyed by server URL so a choice made against one
 * server never applies to another. Holds no secret; written like the login (0600, atomically).
 */
export interface ServerDefaults {
  workspace?: string;
}

export function defaultsPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(configDir(env), 'defaults.json');
}

function readAll(env: NodeJS.ProcessEnv): Record<string, ServerDefaults> {
  const path = defaultsPath(env);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new CliError(`cannot read ${path}: ${(err as Error).message}`, EXIT.usage);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, ServerDefaults>;
  } catch {
    // fall through
  }
  throw new CliError(`${path} is not a defaults file`, EXIT.usage, `remove it, then choose again with \`tessera workspace use\``);
}

export function readDefaults(url: string, env: NodeJS.ProcessEnv = process.env): ServerDefaults {
  const entry = readAll(env)[url];
  return entry && typeof entry === 'object' ? { ...(typeof entry.workspace === 'string' && entry.workspace ? { workspace: entry.workspace } : {}) } : {};
}

/** Sets (or with `undefined`, clears) the remembered choices for one server. */
export function saveDefaults(url: string, defaults: ServerDefaults, env: NodeJS.ProcessEnv = process.env): string {
  const all = readAll(env);
  if (defaults.workspace) all[url] = { ...all[url], workspace: defaults.workspace };
  else delete all[url];
  const dir = configDir(env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = defaultsPath(env);
  const tmp = join(dir, `.defaults.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(all, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    chmodSync(tmp, 0o600);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  return path;
}
