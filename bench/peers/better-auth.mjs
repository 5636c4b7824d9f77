import pg from 'pg';
import { betterAuth } from 'better-auth';
import { getMigrations } from 'better-auth/db/migration';
import { apiKey } from '@better-auth/api-key';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../lib/results.mjs';

const versionOf = (name) => JSON.parse(readFileSync(join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')).version;
export const betterAuthVersions = Object.fromEntries(['better-auth', '@better-auth/api-key', '@better-auth/core', 'better-call'].map((n) => [n, versionOf(n)]));

/**
 * better-auth with its API-key plugin on its own PostgreSQL database (a pg Pool, as its docs
 * show), schema created by its own migrations. The plugin's default rate limit (10 verifications
 * per key per day) is turned off, or the benchmark would measure refusals.
 */
export async function openBetterAuth(url) {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const options = {
    database: pool,
    secret: 'a-benchmark-secret-of-at-least-32-characters',
    baseURL: 'http://127.0.0.1:3000',
    emailAndPassword: { enabled: true },
    plugins: [apiKey({ rateLimit: { enabled: false } })],
    logger: { disabled: true },
  };
  const { runMigrations } = await getMigrations(options);
  await runMigrations();
  const auth = betterAuth(options);
  const user = await auth.api.signUpEmail({ body: { email: 'bench@example.com', password: 'benchmark-password', name: 'Bench' } });
  const userId = user.user.id;
  return {
    auth,
    async createKey() {
      const k = await auth.api.createApiKey({ body: { userId, name: 'bench' } });
      return k.key;
    },
    async verify(key) {
      return auth.api.verifyApiKey({ body: { key } });
    },
    close: () => pool.end(),
  };
}
