// `npm run bench:scale` — validation latency as the token table grows: 10k, 100k, 1M stored
// tokens on PostgreSQL (one database, grown in place). Tokens are bulk-inserted with the real
// format and keyed hash (multi-row INSERT … SELECT FROM unnest, 5,000 rows a statement).
// At each size: cold — a sample of distinct, never-validated tokens picked at random over the
// whole table, one at a time (the database path); warm — one token validated again and again.
// Target: cold p50 at the largest size within 20% of the smallest.
//
// Env: BENCH_SCALE_SIZES (default 10000,100000,1000000), BENCH_SCALE_SAMPLE (cold validations
// per size, default 2000), BENCH_SECONDS (warm, default 3).
import { sql } from 'kysely';
import { benchContext, seededTokens } from './lib/tessera.mjs';
import { createDatabase, postgresVersion } from './lib/pg.mjs';
import { describeMachine } from './lib/machine.mjs';
import { startResult, writeResult } from './lib/results.mjs';
import { fmt, serialLoop, summarize, verdict } from './lib/stats.mjs';

const SIZES = (process.env.BENCH_SCALE_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const SAMPLE = Number(process.env.BENCH_SCALE_SAMPLE ?? 2000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);

const result = startResult('scale', 'npm run bench:scale', { sizes: SIZES, cold_sample: SAMPLE, warm_seconds: SECONDS });
console.log(`Scale — ${describeMachine(result.machine_before)}\n`);
result.postgres_version = await postgresVersion();
result.points = [];

const database = await createDatabase('scale');
try {
  const b = await benchContext({ url: database.url });
  try {
    const seeds = seededTokens(b.ctx);
    const used = new Set();
    let stored = 0;
    for (const size of SIZES) {
      const t0 = Date.now();
      await seeds.insert(b.ctx.db, b.workspace.id, stored, size, { batch: 5000 });
      const seedSeconds = (Date.now() - t0) / 1000;
      stored = size;
      await sql`analyze api_tokens`.execute(b.ctx.db);
      const { rows } = await sql`select count(*)::int as n, pg_total_relation_size('api_tokens') as bytes from api_tokens`.execute(b.ctx.db);
      console.log(`${fmt(rows[0].n)} tokens stored (${fmt(Number(rows[0].bytes) / 2 ** 20)} MiB with indexes; seeded ${fmt(size)} in ${fmt(seedSeconds, 1)} s)`);

      // Cold: distinct random tokens over the whole table, each validated for the first time.
      const lat = [];
      const sample = [];
      while (sample.length < Math.min(SAMPLE, size - used.size)) {
        const i = Math.floor(Math.random() * size);
        if (!used.has(i)) {
          used.add(i);
          sample.push(i);
        }
      }
      // The first 10% (at least 100) warm up the JIT and the connection pool; they are not counted.
      const warmup = sample.splice(0, Math.max(100, Math.floor(sample.length / 10)));
      for (const i of warmup) await b.ctx.validation.validate(seeds.tokenAt(i).token, { ip: '127.0.0.1' });
      const c0 = process.hrtime.bigint();
      for (const i of sample) {
        const s = process.hrtime.bigint();
        const r = await b.ctx.validation.validate(seeds.tokenAt(i).token, { ip: '127.0.0.1' });
        lat.push(Number(process.hrtime.bigint() - s) / 1000);
        if (!r.valid) throw new Error(`seeded token ${i} does not validate: ${JSON.stringify(r)}`);
      }
      const cold = { ...summarize(lat), per_second: sample.length / (Number(process.hrtime.bigint() - c0) / 1e9) };
      const warmToken = seeds.tokenAt(sample[0]).token;
      const warm = await serialLoop(SECONDS, async () => {
        if (!(await b.ctx.validation.validate(warmToken, { ip: '127.0.0.1' })).valid) throw new Error('warm token refused');
      }, { warmup: 1000 });
      console.log(`  cold: p50 ${fmt(cold.p50, 1)} µs, p99 ${fmt(cold.p99, 1)} µs (${fmt(cold.per_second)}/s serial)`);
      console.log(`  warm: p50 ${fmt(warm.latency_us.p50, 1)} µs, p99 ${fmt(warm.latency_us.p99, 1)} µs (${fmt(warm.per_second)}/s serial)`);
      result.points.push({ tokens: rows[0].n, table_bytes: Number(rows[0].bytes), seed_seconds: seedSeconds, cold_us: cold, warm_us: { ...warm.latency_us, per_second: warm.per_second } });
    }
  } finally {
    await b.ctx.close();
  }
} finally {
  await database.drop();
}

console.log('');
const first = result.points[0];
const last = result.points[result.points.length - 1];
result.targets = [
  verdict(`cold p50 at ${fmt(last.tokens)} ÷ at ${fmt(first.tokens)} tokens`, last.cold_us.p50 / first.cold_us.p50, 1.2, { higherIsBetter: false, unit: '×' }),
  verdict(`warm p50 at ${fmt(last.tokens)} ÷ at ${fmt(first.tokens)} tokens`, last.warm_us.p50 / first.warm_us.p50, 1.2, { higherIsBetter: false, unit: '×' }),
];
writeResult(result);
