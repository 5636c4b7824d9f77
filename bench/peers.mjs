// `npm run bench:peers` — Tessera's in-process validation against its peers, in one run:
//  - better-auth's API-key plugin: auth.api.verifyApiKey({ body: { key } }) in-process, on its own
//    PostgreSQL database created by its own migrations, default rate limit off;
//  - a bcrypt cost-12 verify (@node-rs/bcrypt): what bcrypt-per-request designs pay;
//  - Tessera: ctx.validation.validate(raw, {ip}) warm (same token again) and cold (a distinct
//    stored token each time: the database path), on PostgreSQL.
// Target: Tessera warm ≥ 100× better-auth's verify rate.
//
// Env: BENCH_SECONDS (per measurement, default 5), BENCH_COLD_TOKENS (stored tokens for the cold runs, default 8000).
import { hash as bcryptHash, verify as bcryptVerify } from '@node-rs/bcrypt';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchContext, seededTokens } from './lib/tessera.mjs';
import { createDatabase, postgresVersion } from './lib/pg.mjs';
import { describeMachine } from './lib/machine.mjs';
import { repoRoot, startResult, writeResult } from './lib/results.mjs';
import { concurrentLoop, concurrentOver, fmt, medianRate, serialLoop, verdict } from './lib/stats.mjs';
import { betterAuthVersions, openBetterAuth } from './peers/better-auth.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
/** Stored tokens for the cold runs: each is validated once. */
const COLD_TOKENS = Number(process.env.BENCH_COLD_TOKENS ?? 8000);
const result = startResult('peers', 'npm run bench:peers', { seconds: SECONDS });
console.log(`Peers — ${describeMachine(result.machine_before)}\n`);
result.versions = { ...betterAuthVersions, '@node-rs/bcrypt': JSON.parse(readFileSync(join(repoRoot, 'node_modules/@node-rs/bcrypt/package.json'), 'utf8')).version };
result.postgres_version = await postgresVersion();
const rows = (result.measurements = []);
const add = (name, r, short = name) => {
  rows.push({ name, short, per_second: r.per_second, ops: r.ops, seconds: r.seconds, latency_us: r.latency_us, concurrency: r.concurrency ?? 1 });
  const lat = r.latency_us ? `, p50 ${fmt(r.latency_us.p50, 1)} µs, p99 ${fmt(r.latency_us.p99, 1)} µs` : '';
  console.log(`${name}: ${fmt(r.per_second, r.per_second < 100 ? 1 : 0)}/s${lat}`);
  return r;
};

// bcrypt cost 12
const hashed = await bcryptHash('tsrw_a-token-of-the-usual-length-0123456789abcdefghijk', { cost: 12 });
if (!hashed.startsWith('$2b$12$') && !hashed.startsWith('$2y$12$') && !hashed.startsWith('$2a$12$')) throw new Error(`not a cost-12 hash: ${hashed.slice(0, 7)}`);
const bcrypt = add('bcrypt cost-12 verify (@node-rs/bcrypt, serial)', await serialLoop(SECONDS, async () => {
  if (!(await bcryptVerify('tsrw_a-token-of-the-usual-length-0123456789abcdefghijk', hashed))) throw new Error('bcrypt mismatch');
}, { warmup: 1 }), 'bcrypt cost 12');

// better-auth
const baDb = await createDatabase('peers_betterauth');
let ba;
try {
  const peer = await openBetterAuth(baDb.url);
  const key = await peer.createKey();
  const verifyOnce = async () => {
    const r = await peer.verify(key);
    if (!r.valid) throw new Error(`better-auth refused its key: ${JSON.stringify(r.error)}`);
  };
  ba = add(`better-auth ${betterAuthVersions['better-auth']} api-key verifyApiKey (PostgreSQL, serial)`, await serialLoop(SECONDS, verifyOnce, { warmup: 20 }), 'better-auth verifyApiKey');
  add('better-auth api-key verifyApiKey (PostgreSQL, 16 in flight)', await concurrentLoop(SECONDS, 16, verifyOnce));
  await peer.close();
} finally {
  await baDb.drop();
}

// Tessera
const tsDb = await createDatabase('peers_tessera');
let warm, cold;
try {
  const b = await benchContext({ url: tsDb.url });
  try {
    const { secret } = await b.createToken();
    const validate = async () => {
      if (!(await b.ctx.validation.validate(secret, { ip: '127.0.0.1' })).valid) throw new Error('Tessera refused its token');
    };
    const warmLatency = await serialLoop(1, validate, { warmup: 2000 });
    const warmRate = await medianRate(5, SECONDS / 5, validate);
    warm = add('Tessera validate, warm (PostgreSQL, serial; median of 5 segments)', { ...warmRate, latency_us: warmLatency.latency_us }, 'Tessera warm');
    // Each cold validation uses up one stored token, so both cold runs are bounded by count as
    // well as time: the serial run stops at half the tokens, the concurrent one takes the rest
    // (a time-bounded concurrent run once outran the tokens prepared for it).
    const seeds = seededTokens(b.ctx);
    const n = COLD_TOKENS;
    await seeds.insert(b.ctx.db, b.workspace.id, 0, n);
    const coldAt = async (i) => {
      if (!(await b.ctx.validation.validate(seeds.tokenAt(i).token, { ip: '127.0.0.1' })).valid) throw new Error('Tessera refused a seeded token');
    };
    let next = 0;
    cold = add('Tessera validate, cold: a distinct token each time (PostgreSQL, serial)', await serialLoop(Math.min(SECONDS, 2), () => coldAt(next++), { warmup: 0, maxOps: Math.floor(n / 2) }), 'Tessera cold');
    add('Tessera validate, cold (PostgreSQL, 16 in flight)', await concurrentOver(next, n, 16, coldAt));
  } finally {
    await b.ctx.close();
  }
} finally {
  await tsDb.drop();
}

console.log('');
const ratio = (a, b) => a.per_second / b.per_second;
result.ratios = {
  tessera_warm_over_better_auth: ratio(warm, ba),
  tessera_cold_over_better_auth: ratio(cold, ba),
  tessera_warm_over_bcrypt12: ratio(warm, bcrypt),
  tessera_cold_over_bcrypt12: ratio(cold, bcrypt),
  better_auth_over_bcrypt12: ratio(ba, bcrypt),
};
for (const [k, v] of Object.entries(result.ratios)) console.log(`${k.replaceAll('_', ' ')}: ${fmt(v, v < 10 ? 2 : 0)}×`);
result.targets = [verdict('Tessera warm validations/s ÷ better-auth verifyApiKey/s', result.ratios.tessera_warm_over_better_auth, 100, { unit: '×' })];
writeResult(result);
