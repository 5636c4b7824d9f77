import { createHmac, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { repoRoot } from './results.mjs';

/**
 * The built server (packages/tessera/dist), as `npm start` runs it. Every bench script is run
 * through its npm script, which builds first; run `npm run build` before calling one directly. BENCH_TESSERA_DIST points at another build.
 */
export const distDir = process.env.BENCH_TESSERA_DIST ?? join(repoRoot, 'packages/tessera/dist');
export const tesseraBin = join(distDir, 'bin/tessera.js');
if (!existsSync(tesseraBin)) {
  console.error('packages/tessera/dist is missing: run `npm run build` first (the npm bench scripts do).');
  process.exit(2);
}
const dist = (p) => import(join(distDir, p));

export const { loadConfig } = await dist('config/load-config.js');
export const { openDatabase } = await dist('db/database.js');
export const { createContext } = await dist('composition-root.js');
export const { buildApp } = await dist('app.js');
export const { systemContext } = await dist('audit/audit-context.js');
export const { checksum } = await dist('tokens/token-format.js');
export const { encodeBase62, BASE62 } = await dist('crypto/base62.js');
/** Builds before principals carried their reach (BENCH_TESSERA_DIST may name one) have no sessionPrincipal. */
const { sessionPrincipal } = await dist('authz/principal.js').catch(() => ({}));

const silentLogger = { error: (o, msg) => console.error(msg ?? '', o), warn() {}, info() {}, debug() {}, trace() {}, fatal: console.error, child() { return silentLogger; }, level: 'silent' };

/**
 * A context (the composition root, as `tessera serve` wires it) on `database` — PGlite in
 * `dataDir` or `memory://`, or PostgreSQL at `url` — with a first owner, a workspace `bench`
 * and the owner's session principal. `secret` is the pepper.
 */
export async function benchContext({ url, dataDir, secret = randomBytes(32).toString('hex'), env = {} }) {
  const config = loadConfig({
    env: { TESSERA_SECRET: secret, TESSERA_LOG_LEVEL: 'silent', ...(url ? { DATABASE_URL: url } : { TESSERA_DATA_DIR: dataDir ?? 'memory://' }), ...env },
  });
  const db = url ? undefined : await openDatabase({ dataDir: dataDir ?? 'memory://' });
  const ctx = await createContext(config, { logger: silentLogger, ...(db ? { db } : {}) });
  const code = await ctx.setup.prepare();
  if (!code) throw new Error('the benchmark needs an empty database');
  const s = await ctx.setup.complete(
    { setup_code: code, email: 'bench@example.com', password: 'benchmark-password', name: 'Bench', workspace: { name: 'Bench', slug: 'bench' } },
    systemContext,
  );
  const principal = sessionPrincipal ? sessionPrincipal({ sessionId: s.sessionId, user: s.user }) : { type: 'session', sessionId: s.sessionId, user: s.user };
  let n = 0;
  return {
    ctx,
    principal,
    workspace: s.workspace,
    session: s.token,
    /** A real token through the token service (the path POST /v1/workspaces/{ws}/tokens takes). */
    async createToken(name = `bench-${process.pid}-${n++}`) {
      const t = await ctx.tokens.create(principal, s.workspace.id, { kind: 'workspace', name, scopes: ['read'], expires_in_days: 30 }, systemContext);
      return t;
    },
  };
}

/**
 * Deterministic stored tokens for scale runs: token i is regenerated from (seedKey, i) whenever
 * a sample needs it, so a million tokens never have to be held in memory. Real format (brand,
 * kind letter, 8-char public id, 32-char secret, CRC32 checksum), real keyed hash (the
 * context's pepper keyring). Public ids are 3 pseudo-random characters then i in base62, so they
 * are unique and spread over the index like random ones.
 */
export function seededTokens(ctx, seedKey = randomBytes(16)) {
  const brand = ctx.config.token_brand;
  const chars = (buf, n) => {
    let out = '';
    for (let k = 0; k < n; k++) out += BASE62[buf[k] % 62];
    return out;
  };
  const tokenAt = (i) => {
    const h = createHmac('sha256', seedKey).update(`t${i}`).digest();
    const h2 = createHmac('sha256', seedKey).update(`s${i}`).digest();
    const publicId = chars(h, 3) + encodeBase62(i, 5);
    const payload = `${brand}w_${publicId}${chars(h.subarray(3), 29)}${chars(h2, 3)}`;
    return { token: payload + checksum(payload), publicId, id: `tok_${chars(h2.subarray(3), 4)}seed${encodeBase62(i, 8)}`, displayPrefix: `${brand}w_${publicId}` };
  };
  return {
    tokenAt,
    /** Inserts tokens [from, to) in multi-row inserts of `batch` rows (unnest of arrays). */
    async insert(db, workspaceId, from, to, { batch = 5000, onProgress } = {}) {
      for (let start = from; start < to; start += batch) {
        const end = Math.min(to, start + batch);
        const ids = [], pids = [], names = [], hashes = [], prefixes = [];
        let pepper;
        for (let i = start; i < end; i++) {
          const t = tokenAt(i);
          const { pepperId, hash } = ctx.keyring.hash(t.token);
          pepper = pepperId;
          ids.push(t.id);
          pids.push(t.publicId);
          names.push(`seed-${i}`);
          hashes.push(hash.toString('hex'));
          prefixes.push(t.displayPrefix);
        }
        await sql`
          insert into api_tokens (id, public_id, kind, name, workspace_id, name_scope, scopes, pepper_id, secret_hash, display_prefix)
          select u.id, u.pid, 'workspace', u.name, ${workspaceId}, ${`workspace:${workspaceId}`}, '{read}'::text[], ${pepper}, decode(u.h, 'hex'), u.dp
          from unnest(${ids}::text[], ${pids}::text[], ${names}::text[], ${hashes}::text[], ${prefixes}::text[]) as u(id, pid, name, h, dp)
        `.execute(db);
        onProgress?.(end);
      }
    },
  };
}

/** The validation cache's own figures, when this build has one (ctx.cache): recorded next to the measurements. */
export function cacheInfo(ctx) {
  const c = ctx.cache;
  if (!c) return { present: false };
  return { present: true, enabled: c.enabled, trusted: c.isTrusted, size: c.size, bytes_estimate: c.bytes, stats: c.stats ? { ...c.stats } : undefined };
}
