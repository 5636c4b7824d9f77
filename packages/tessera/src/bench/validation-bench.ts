import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { loadConfig } from '../config/load-config.js';
import { openDatabase, type Db } from '../db/database.js';
import { createContext, type AppContext } from '../composition-root.js';
import { systemContext } from '../audit/audit-context.js';
import { findForValidation } from '../tokens/token-repository.js';
import { parseToken } from '../tokens/token-format.js';

/**
 * `npm run bench`: in-process validations per second of a warm, valid token
 * (ctx.validation.validate), on embedded PGlite and on PostgreSQL, side by side with two floors
 * measured in the same run: a bare HMAC-SHA256 + timingSafeEqual of the same token (what any
 * keyed-hash design must do) and a `select 1` through the same Kysely pool (one database round
 * trip). It also times the validation's one query alone, to show where the time goes.
 * docs/benchmarks.md records the numbers.
 *
 * Env: TESSERA_BENCH_SECONDS (per measurement, default 3), TESSERA_BENCH_DATABASE_URL or
 * DATABASE_URL (PostgreSQL; default postgres://postgres@127.0.0.1:5432/test, in a fresh schema
 * dropped afterwards), TESSERA_BENCH_CONCURRENCY (default 16).
 */

const SECONDS = Number(process.env.TESSERA_BENCH_SECONDS ?? 3);
const CONCURRENCY = Number(process.env.TESSERA_BENCH_CONCURRENCY ?? 16);
const PG_URL = process.env.TESSERA_BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

interface Result {
  name: string;
  ops: number;
  seconds: number;
  /** Per-operation latencies in microseconds (serial runs only). */
  latencies?: Float64Array;
}

const opsPerSec = (r: Result) => r.ops / r.seconds;

function percentile(sorted: Float64Array, p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** One operation at a time for SECONDS, recording each latency. */
async function serial(name: string, op: () => unknown): Promise<Result> {
  for (let i = 0; i < 500; i++) await op(); // warm-up
  const lat: number[] = [];
  const end = process.hrtime.bigint() + BigInt(Math.round(SECONDS * 1e9));
  const start = process.hrtime.bigint();
  let now = start;
  while (now < end) {
    const t0 = now;
    await op();
    now = process.hrtime.bigint();
    lat.push(Number(now - t0) / 1000);
  }
  return { name, ops: lat.length, seconds: Number(now - start) / 1e9, latencies: Float64Array.from(lat).sort() };
}

/** CONCURRENCY operations in flight at once for SECONDS: throughput only. */
async function concurrent(name: string, op: () => Promise<unknown>): Promise<Result> {
  let ops = 0;
  const start = process.hrtime.bigint();
  const end = start + BigInt(Math.round(SECONDS * 1e9));
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (process.hrtime.bigint() < end) {
        await op();
        ops++;
      }
    }),
  );
  return { name, ops, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

/** The floor: what checking this token costs with no database at all. */
function hmacFloor(token: string, pepper: string): Result {
  const key = Buffer.from(pepper, 'utf8');
  const expected = createHmac('sha256', key).update(token).digest();
  const check = () => {
    const actual = createHmac('sha256', key).update(token).digest();
    if (!(actual.length === expected.length && timingSafeEqual(actual, expected))) throw new Error('mismatch');
  };
  for (let i = 0; i < 5000; i++) check();
  // Synchronous and ~µs each: time in batches of 100 so the clock does not dominate.
  const lat: number[] = [];
  const start = process.hrtime.bigint();
  const end = start + BigInt(Math.round(SECONDS * 1e9));
  let now = start;
  while (now < end) {
    const t0 = now;
    for (let i = 0; i < 100; i++) check();
    now = process.hrtime.bigint();
    lat.push(Number(now - t0) / 1000 / 100);
  }
  return { name: 'HMAC-SHA256 + timingSafeEqual (no database)', ops: lat.length * 100, seconds: Number(now - start) / 1e9, latencies: Float64Array.from(lat).sort() };
}

/** A context on `db` holding one owner, one workspace and one valid workspace token. */
async function prepare(db: { db: Db; engine: 'postgres' | 'pglite' }, secret: string): Promise<{ ctx: AppContext; token: string }> {
  const config = loadConfig({ env: { TESSERA_SECRET: secret, TESSERA_LOG_LEVEL: 'silent' } });
  const ctx = await createContext(config, { logger: { error: (o: unknown) => console.error(o) } as never, db });
  const code = await ctx.setup.prepare();
  if (!code) throw new Error('the benchmark needs an empty database');
  const s = await ctx.setup.complete(
    { setup_code: code, email: 'bench@example.com', password: 'benchmark-password', name: 'Bench', workspace: { name: 'Bench', slug: 'bench' } },
    systemContext,
  );
  const principal = { type: 'session' as const, sessionId: s.sessionId, user: s.user };
  const created = await ctx.tokens.create(principal, s.workspace.id, { kind: 'workspace', name: 'bench', scopes: ['read'], expires_in_days: 30 }, systemContext);
  const check = await ctx.validation.validate(created.secret);
  if (!check.valid) throw new Error(`the benchmark token does not validate: ${JSON.stringify(check)}`);
  return { ctx, token: created.secret };
}

async function benchDatabase(label: string, db: { db: Db; engine: 'postgres' | 'pglite' }, secret: string): Promise<Result[]> {
  const { ctx, token } = await prepare(db, secret);
  try {
    const validate = async () => {
      const r = await ctx.validation.validate(token, { ip: '127.0.0.1' });
      if (!r.valid) throw new Error('token became invalid during the benchmark');
    };
    const select1 = () => sql`select 1`.execute(ctx.db);
    const publicId = parseToken(token, ctx.config.token_brand)!.publicId;
    const lookup = () => findForValidation(ctx.db, publicId);
    const results = [
      await serial(`${label}: validate (serial)`, validate),
      await serial(`${label}: select 1 (serial)`, select1),
      await serial(`${label}: validation query alone (serial)`, lookup),
      await concurrent(`${label}: validate (${CONCURRENCY} in flight)`, validate),
      await concurrent(`${label}: select 1 (${CONCURRENCY} in flight)`, select1),
    ];
    return results;
  } finally {
    await ctx.close();
  }
}

function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

function report(results: Result[], floor: Result): void {
  const rows = results.map((r) => {
    const l = r.latencies;
    return [
      r.name,
      fmt(opsPerSec(r)),
      l ? fmt(percentile(l, 50), 1) : '',
      l ? fmt(percentile(l, 99), 1) : '',
      `${fmt((opsPerSec(r) / opsPerSec(floor)) * 100, 2)}%`,
    ];
  });
  const head = ['measurement', 'ops/s', 'p50 µs', 'p99 µs', 'of HMAC floor'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cols: string[]) => cols.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

function ratios(results: Result[], label: string): void {
  const get = (suffix: string) => results.find((r) => r.name === `${label}: ${suffix}`);
  const v = get('validate (serial)');
  const s = get('select 1 (serial)');
  const q = get('validation query alone (serial)');
  if (v && s) {
    console.log(`${label}: a serial validation costs ${fmt(opsPerSec(s) / opsPerSec(v), 2)}× a bare select 1 (p50 ${fmt(percentile(v.latencies!, 50), 1)} µs vs ${fmt(percentile(s.latencies!, 50), 1)} µs)`);
  }
  if (v && q) {
    console.log(`${label}: the lookup query alone takes ${fmt((percentile(q.latencies!, 50) / percentile(v.latencies!, 50)) * 100, 0)}% of a validation's p50 (${fmt(percentile(q.latencies!, 50), 1)} µs)`);
  }
  const vc = get(`validate (${CONCURRENCY} in flight)`);
  const sc = get(`select 1 (${CONCURRENCY} in flight)`);
  if (vc && sc) console.log(`${label}: with ${CONCURRENCY} in flight, ${fmt(opsPerSec(vc))} validations/s = ${fmt((opsPerSec(vc) / opsPerSec(sc)) * 100, 1)}% of select-1 throughput`);
}

async function main(): Promise<void> {
  console.log(`Tessera validation benchmark: node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}, ${SECONDS}s per measurement\n`);
  const secret = randomBytes(32).toString('hex');
  const results: Result[] = [];

  // The floor, with the token format and pepper the service uses.
  const floor = hmacFloor(`tsrw_${randomBytes(40).toString('base64url').replace(/[-_]/g, 'x').slice(0, 46)}`, secret);
  results.push(floor);

  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-bench-'));
  try {
    results.push(...(await benchDatabase('PGlite', await openDatabase({ dataDir }), secret)));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }

  const schema = `bench_${randomBytes(6).toString('hex')}`;
  let admin: { db: Db } | undefined;
  try {
    admin = await openDatabase({ url: PG_URL, poolSize: 1 });
    await admin.db.schema.createSchema(schema).execute();
  } catch (err) {
    console.log(`PostgreSQL skipped: cannot use ${new URL(PG_URL).host} (${(err as Error).message}); set TESSERA_BENCH_DATABASE_URL\n`);
    await admin?.db.destroy();
    admin = undefined;
  }
  if (admin) {
    try {
      results.push(...(await benchDatabase('PostgreSQL', await openDatabase({ url: PG_URL, poolSize: 10, searchPath: schema }), secret)));
    } finally {
      await admin.db.schema.dropSchema(schema).cascade().execute();
      await admin.db.destroy();
    }
  }

  report(results, floor);
  console.log('');
  ratios(results, 'PGlite');
  ratios(results, 'PostgreSQL');
}

await main();
