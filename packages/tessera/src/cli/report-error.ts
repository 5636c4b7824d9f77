import { ConfigError } from '../config/load-config.js';
import { MigrationError } from '../db/migrate.js';
import { DataDirLockedError } from '../db/data-dir-lock.js';

/**
 * What a failed command prints: a message a person can act on, not a stack trace, for every
 * failure we can name. Only an unexpected error shows its stack.
 */
export function describeError(err: unknown): string {
  if (err instanceof ConfigError || err instanceof DataDirLockedError) return `tessera: ${err.message}\n`;
  // A migration that could not even connect carries the driver's error as its cause.
  const e = (err instanceof MigrationError ? err.cause : err) as NodeJS.ErrnoException & { address?: string; port?: number };
  switch (e?.code) {
    case 'EADDRINUSE':
      return `tessera: ${e.address ?? 'the address'}:${e.port ?? '?'} is already in use; stop the other process or choose another port with --port or TESSERA_PORT\n`;
    case 'EADDRNOTAVAIL':
      return `tessera: cannot listen on ${e.address ?? 'that host'}: no such local address; check --host or TESSERA_HOST\n`;
    case 'EACCES':
      return `tessera: permission denied: ${e.message}\n`;
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'ETIMEDOUT':
      return `tessera: cannot reach the PostgreSQL server (${e.code}); check DATABASE_URL and that the server is running\n`;
    case '28P01':
    case '28000':
      return `tessera: PostgreSQL refused the credentials in DATABASE_URL (${e.message})\n`;
    case '3D000':
      return `tessera: ${e.message}; create it first (e.g. createdb) or fix DATABASE_URL\n`;
  }
  if (err instanceof MigrationError) return `tessera: ${err.message}\n`;
  if (err instanceof Error && /readable by other users/.test(err.message)) return `tessera: ${err.message}\n`;
  return `tessera: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`;
}

export function reportError(err: unknown): void {
  process.stderr.write(describeError(err));
}
