import { resolve } from 'node:path';

/** Which database a configuration uses, for people to read: a path, or a URL without its password. */
export function describeDatabase(config: { database_url: string | undefined; data_dir: string }): string {
  if (!config.database_url) return `embedded PGlite in ${resolve(config.data_dir, 'pgdata')}`;
  const u = new URL(config.database_url);
  const user = u.username ? `${decodeURIComponent(u.username)}@` : '';
  return `PostgreSQL at ${u.protocol}//${user}${u.host}${u.pathname}`;
}
