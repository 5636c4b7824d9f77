// `npm run bench:inprocess` — in-process validation (ctx.validation.validate(raw, {ip}), the service
// call behind POST /v1/auth/validate and every authenticated request), warm and cold.
//
// Warm: one valid token validated over and over, one at a time, on one core (this process); the
// rate is the median of 5 segments (the machine is shared), by wall clock and per CPU-second this
// process used (what one core does when nothing else competes for it).
// Target ≥ 300,000/s. Cold: each validation uses a distinct stored token never validated before
// (a cache miss: the database path), on embedded PGlite (on disk, as deployed) and on PostgreSQL.
// Floor for context: HMAC-SHA256 + timingSafeEqual of a token of the same shape, no database.
//
// Env: BENCH_SECONDS (per warm measurement, default 5), BENCH_COLD_TOKENS (default 3000).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchContext, buildApp, cacheInfo, seededTokens } from './lib/tessera.mjs';
import { createDatabase, postgresVersion } from './lib/pg.mjs';
import { describeMachine } from './lib/machine.mjs';
import { startResult, writeResult } from './lib/results.mjs';
import { concurrentOver, fmt, median, medianRate, serialLoop, sleep, summarize, verdict } from './lib/stats.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const COLD = Number(process.env.BENCH_COLD_TOKENS ?? 3000);
const WARM_TARGET = 300_000;

const result = startResult('inprocess', 'npm run bench:inprocess', { seconds: SECONDS, cold_tokens: COLD });
console.log(`In-process validation — ${describeMachine(result.machine_before)}\n`);

function hmacFloor(seconds) {
  const key = randomBytes(32);
  const token = `tsrw_${'a'.repeat(46)}`;
  const expected = createHmac('sha256', key).update(token).digest();
  let ops = 0;
  const start = process.hrtime.bigint();
  const end = start + BigInt(Math.round(seconds * 1e9));
  while (process.hrtime.bigint() < end) {
    for (let i = 0; i < 1000; i++) {
      const a = createHmac('sha256', key).update(token).digest();
      if (!timingSafeEqual(a, expected)) throw new Error('mismatch');
    }
    ops += 1000;
  }
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  return { ops, seconds: secs, per_second: ops / secs };
}

/**
 * The gateway's cost on a warm token against validate's, through the whole app (`buildApp`,
 * `app.inject`: routing, hooks, schema checks, serialization, no socket): GET /v1/auth/gateway
 * with the token in Authorization, and POST /v1/auth/validate with it in a JSON body. Short
 * segments alternate between the two; the ratio is of the medians.
 */
async function gatewayVsValidate(ctx, secret) {
  const app = await buildApp(ctx);
  await app.ready();
  const validate = { method: 'POST', url: '/v1/auth/validate', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ token: secret }) };
  const gateway = { method: 'GET', url: '/v1/auth/gateway', headers: { authorization: `Bearer ${secret}` } };
  const v0 = await app.inject(validate);
  const g0 = await app.inject(gateway);
  if (v0.statusCode !== 200 || g0.statusCode !== 200 || !g0.headers['x-tessera-token-id']) throw new Error(`gateway or validate refused the bench token: ${v0.statusCode} ${g0.statusCode}`);
  // Short segments with a pause between them: a warm inject never waits on a timer, and the cache
  // is trusted only while its listener's heartbeat (a timer) gets to run every half second.
  const segments = Math.max(4, Math.ceil(SECONDS / 0.25));
  const rates = { validate: [], gateway: [] };
  const bypassedBefore = ctx.cache.stats.bypassed;
  for (let i = 0; i < segments; i++) {
    for (const key of i % 2 ? ['gateway', 'validate'] : ['validate', 'gateway']) {
      const req = key === 'gateway' ? gateway : validate;
      const r = await serialLoop(SECONDS / segments, async () => {
        const res = await app.inject(req);
        if (res.statusCode !== 200) throw new Error(`${key} answered ${res.statusCode}`);
      }, { warmup: 50, record: false });
      rates[key].push(r.per_second);
      await sleep(20);
    }
  }
  const bypassed = ctx.cache.stats.bypassed - bypassedBefore;
  if (bypassed) console.log(`warning: ${bypassed} validations bypassed the cache during the gateway/validate comparison (listener heartbeat late): the ratio mixes in database reads`);
  await app.close();
  const v = median(rates.validate);
  const g = median(rates.gateway);
  return { validate_per_second: v, gateway_per_second: g, ratio: g / v, paired_ratio_median: median(rates.gateway.map((x, i) => x / rates.validate[i])), segments, cache_bypassed: bypassed };
}

async function measure(label, open) {
  const b = await open();
  const { ctx } = b;
  try {
    const { secret } = await b.createToken();
    const first = await ctx.validation.validate(secret, { ip: '127.0.0.1' });
    if (!first.valid) throw new Error(`bench token does not validate: ${JSON.stringify(first)}`);
    const validate = async () => {
      const r = await ctx.validation.validate(secret, { ip: '127.0.0.1' });
      if (!r.valid) throw new Error('token became invalid');
    };
    // Warm throughput without per-call clock reads, then latency with them.
    const warm = await medianRate(5, SECONDS / 5, validate);
    const warmLatency = await serialLoop(Math.min(2, SECONDS), validate, { warmup: 0 });
    console.log(`${label} warm: ${fmt(warm.per_second)} validations/s serial on one core (median of ${warm.segment_rates.map((x) => fmt(x)).join(', ')}); ${fmt(warm.per_cpu_second)} per CPU-second of this process (p50 ${fmt(warmLatency.latency_us.p50, 1)} µs, p99 ${fmt(warmLatency.latency_us.p99, 1)} µs)`);

    const seeds = seededTokens(ctx);
    await seeds.insert(ctx.db, b.workspace.id, 0, COLD * 2);
    const lat = [];
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < COLD; i++) {
      const s = process.hrtime.bigint();
      const r = await ctx.validation.validate(seeds.tokenAt(i).token, { ip: '127.0.0.1' });
      lat.push(Number(process.hrtime.bigint() - s) / 1000);
      if (!r.valid) throw new Error(`seeded token ${i} does not validate: ${JSON.stringify(r)}`);
    }
    const coldSecs = Number(process.hrtime.bigint() - t0) / 1e9;
    const cold = { ops: COLD, seconds: coldSecs, per_second: COLD / coldSecs, latency_us: summarize(lat) };
    // 16 in flight, each on a distinct never-validated token.
    const coldConcurrent = await concurrentOver(COLD, COLD * 2, 16, async (i) => {
      const r = await ctx.validation.validate(seeds.tokenAt(i).token, { ip: '127.0.0.1' });
      if (!r.valid) throw new Error('seeded token does not validate');
    });
    console.log(`${label} cold (distinct tokens, serial): ${fmt(cold.per_second)} validations/s, p50 ${fmt(cold.latency_us.p50, 1)} µs, p99 ${fmt(cold.latency_us.p99, 1)} µs`);
    console.log(`${label} cold (distinct tokens, 16 in flight): ${fmt(coldConcurrent.per_second)} validations/s`);
    const gateway = label === 'PostgreSQL' ? await gatewayVsValidate(ctx, secret) : undefined;
    if (gateway) console.log(`${label} warm through the app (inject): gateway ${fmt(gateway.gateway_per_second)}/s, validate ${fmt(gateway.validate_per_second)}/s → gateway ÷ validate ${fmt(gateway.ratio, 2)}× (paired median ${fmt(gateway.paired_ratio_median, 2)}×)`);
    const cache = cacheInfo(ctx);
    if (cache.present) console.log(`${label} cache: ${JSON.stringify(cache)}`);
    return { warm: { ...warm, latency_us: warmLatency.latency_us }, cold, cold_16_in_flight: coldConcurrent, cache, ...(gateway ? { gateway_vs_validate: gateway } : {}) };
  } finally {
    await ctx.close();
  }
}

const floor = hmacFloor(2);
console.log(`floor: HMAC-SHA256 + timingSafeEqual, no database: ${fmt(floor.per_second)}/s\n`);
result.hmac_floor = floor;

const dataDir = mkdtempSync(join(tmpdir(), 'tessera-bench-'));
try {
  result.pglite = await measure('PGlite', () => benchContext({ dataDir }));
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
const database = await createDatabase('inprocess');
try {
  result.postgres_version = await postgresVersion();
  result.postgres = await measure('PostgreSQL', () => benchContext({ url: database.url }));
} finally {
  await database.drop();
}

console.log('');
result.targets = [
  verdict('warm in-process validations/s, wall clock (PostgreSQL context, one thread)', result.postgres.warm.per_second, WARM_TARGET, { unit: '/s' }),
  verdict('warm in-process validations/s, wall clock (PGlite context, one thread)', result.pglite.warm.per_second, WARM_TARGET, { unit: '/s' }),
  verdict('warm in-process validations per CPU-second (PostgreSQL context)', result.postgres.warm.per_cpu_second, WARM_TARGET, { unit: '/s' }),
  verdict('warm in-process validations per CPU-second (PGlite context)', result.pglite.warm.per_cpu_second, WARM_TARGET, { unit: '/s' }),
  // "No more than validate": the gateway's rate ÷ validate's, both through the app; 0.95 leaves room for this machine's noise.
  ...(result.postgres.gateway_vs_validate ? [verdict('warm gateway checks/s ÷ warm validations/s, through the app (app.inject, PostgreSQL context)', result.postgres.gateway_vs_validate.ratio, 0.95, { unit: '×' })] : []),
];
writeResult(result);
