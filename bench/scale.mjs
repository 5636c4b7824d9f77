// `npm run bench:scale` — validation latency as the token table grows: 10k, 100k and 1M stored
// tokens on PostgreSQL, one database per size, all kept side by side so the sizes can be measured
// in alternation (A, B, C, A, B, C, …): other load on the machine then affects every size alike.
// Tokens are bulk-inserted with the real format and keyed hash (multi-row INSERT … SELECT FROM
// unnest, 5,000 rows a statement). Cold: distinct, never-validated tokens picked at random over
// the whole table, one at a time (the database path). Warm: one token validated again and again.
// Target: cold p50 at the largest size within 20% of the smallest.
//
// Env: BENCH_SCALE_SIZES (default 10000,100000,1000000), BENCH_SCALE_SAMPLE (cold validations
// per size, default 2000), BENCH_SCALE_ROUNDS (alternations, default 5), BENCH_SECONDS (warm time
// per size, default 3).
import { sql } from 'kysely';
import { benchContext, seededTokens } from './lib/tessera.mjs';
import { createDatabase, postgresVersion } from './lib/pg.mjs';
import { describeMachine } from './lib/machine.mjs';
import { startResult, writeResult } from './lib/results.mjs';
import { fmt, median, serialLoop, summarize, verdict } from './lib/stats.mjs';

const SIZES = (process.env.BENCH_SCALE_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const SAMPLE = Number(process.env.BENCH_SCALE_SAMPLE ?? 2000);
const ROUNDS = Number(process.env.BENCH_SCALE_ROUNDS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);

const result = startResult('scale', 'npm run bench:scale', { sizes: SIZES, cold_sample: SAMPLE, rounds: ROUNDS, warm_seconds: SECONDS });
console.log(`Scale — ${describeMachine(result.machine_before)}\n`);
result.postgres_version = await postgresVersion();
result.points = [];

const sets = [];
try {
  for (const size of SIZES) {
    const database = await createDatabase(`scale_${size}`);
    const set = { size, database, cold: [], warmRates: [], warmLat: [] };
    sets.push(set);
    set.b = await benchContext({ url: database.url });
    set.seeds = seededTokens(set.b.ctx);
    const t0 = Date.now();
    await set.seeds.insert(set.b.ctx.db, set.b.workspace.id, 0, size, { batch: 5000 });
    set.seedSeconds = (Date.now() - t0) / 1000;
    await sql`analyze api_tokens`.execute(set.b.ctx.db);
    const { rows } = await sql`select count(*)::int as n, pg_total_relation_size('api_tokens') as bytes from api_tokens`.execute(set.b.ctx.db);
    set.tokens = rows[0].n;
    set.bytes = Number(rows[0].bytes);
    console.log(`${fmt(set.tokens)} tokens stored in ${database.name} (${fmt(set.bytes / 2 ** 20)} MiB with indexes; seeded in ${fmt(set.seedSeconds, 1)} s)`);
    // A random sample over the whole table, each token validated once; the first 10% (at least
    // 100) warm up the JIT and the pool and are not counted.
    const picked = new Set();
    while (picked.size < Math.min(size, Math.ceil(SAMPLE * 1.1) + 100)) picked.add(Math.floor(Math.random() * size));
    set.sample = [...picked];
    for (const i of set.sample.splice(0, Math.max(100, Math.floor(SAMPLE / 10)))) await set.b.ctx.validation.validate(set.seeds.tokenAt(i).token, { ip: '127.0.0.1' });
    set.warmToken = set.seeds.tokenAt(set.sample.pop()).token;
  }

  const perRound = Math.ceil(SAMPLE / ROUNDS);
  for (let round = 0; round < ROUNDS; round++) {
    for (const set of sets) {
      const { ctx } = set.b;
      for (const i of set.sample.splice(0, perRound)) {
        const s = process.hrtime.bigint();
        const r = await ctx.validation.validate(set.seeds.tokenAt(i).token, { ip: '127.0.0.1' });
        set.cold.push(Number(process.hrtime.bigint() - s) / 1000);
        if (!r.valid) throw new Error(`seeded token ${i} does not validate: ${JSON.stringify(r)}`);
      }
      const warm = await serialLoop(SECONDS / ROUNDS, async () => {
        if (!(await ctx.validation.validate(set.warmToken, { ip: '127.0.0.1' })).valid) throw new Error('warm token refused');
      }, { warmup: round ? 0 : 1000 });
      set.warmRates.push(warm.per_second);
      set.warmLat.push(warm.latency_us);
    }
  }
  for (const set of sets) {
    const cold = summarize(set.cold);
    const warm = { p50: median(set.warmLat.map((l) => l.p50)), p99: median(set.warmLat.map((l) => l.p99)), per_second: median(set.warmRates) };
    console.log(`${fmt(set.tokens)} tokens — cold: p50 ${fmt(cold.p50, 1)} µs, p99 ${fmt(cold.p99, 1)} µs (${fmt(cold.n)} validations); warm: p50 ${fmt(warm.p50, 1)} µs, p99 ${fmt(warm.p99, 1)} µs, ${fmt(warm.per_second)}/s serial`);
    result.points.push({ tokens: set.tokens, table_bytes: set.bytes, seed_seconds: set.seedSeconds, cold_us: cold, warm_us: warm });
  }
} finally {
  for (const set of sets) {
    await set.b?.ctx.close();
    await set.database.drop();
  }
}

console.log('');
const first = result.points[0];
const last = result.points[result.points.length - 1];
result.targets = [
  verdict(`cold p50 at ${fmt(last.tokens)} ÷ at ${fmt(first.tokens)} tokens`, last.cold_us.p50 / first.cold_us.p50, 1.2, { higherIsBetter: false, unit: '×' }),
  verdict(`warm p50 at ${fmt(last.tokens)} ÷ at ${fmt(first.tokens)} tokens`, last.warm_us.p50 / first.warm_us.p50, 1.2, { higherIsBetter: false, unit: '×' }),
];
writeResult(result);
