// `npm run bench:create` (runs node with --expose-gc) — token creation on PostgreSQL, through the
// service (ctx.tokens.create: authorization, limits, insert and audit event in one transaction)
// and through HTTP (POST /v1/workspaces/bench/tokens on the real `tessera serve`, autocannon with
// a distinct name per request); and memory per cached token: heap after validating N distinct
// tokens once each (filling the validation cache) minus heap before, after full GCs, ÷ N.
//
// Env: BENCH_SECONDS (default 5), BENCH_MEMORY_TOKENS (default 20000).
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { benchContext, cacheInfo, seededTokens } from './lib/tessera.mjs';
import { createTokenOver, setUpInstance, startTessera } from './lib/children.mjs';
import { createDatabase, postgresVersion } from './lib/pg.mjs';
import { describeMachine } from './lib/machine.mjs';
import { startResult, writeResult } from './lib/results.mjs';
import { concurrentLoop, fmt, serialLoop, sleep } from './lib/stats.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const MEMORY_TOKENS = Number(process.env.BENCH_MEMORY_TOKENS ?? 20000);
if (typeof globalThis.gc !== 'function') {
  console.error('run with node --expose-gc (npm run bench:create does)');
  process.exit(2);
}

const result = startResult('create', 'npm run bench:create', { seconds: SECONDS, memory_tokens: MEMORY_TOKENS });
console.log(`Token creation and cache memory — ${describeMachine(result.machine_before)}\n`);
result.postgres_version = await postgresVersion();

// 1. Through the service.
{
  const database = await createDatabase('create_service');
  try {
    const b = await benchContext({ url: database.url });
    try {
      await b.createToken(); // warm-up
      const serial = await serialLoop(SECONDS, () => b.createToken(), { warmup: 20 });
      const parallel = await concurrentLoop(SECONDS, 8, () => b.createToken());
      result.service = { serial, eight_in_flight: parallel };
      console.log(`service, serial: ${fmt(serial.per_second)} tokens/s (p50 ${fmt(serial.latency_us.p50 / 1000, 2)} ms, p99 ${fmt(serial.latency_us.p99 / 1000, 2)} ms)`);
      console.log(`service, 8 in flight (one workspace: creations serialize on its row lock): ${fmt(parallel.per_second)} tokens/s`);
    } finally {
      await b.ctx.close();
    }
  } finally {
    await database.drop();
  }
}

// 2. Through HTTP.
{
  const database = await createDatabase('create_http');
  const node = await startTessera({ DATABASE_URL: database.url, TESSERA_SECRET: randomBytes(32).toString('hex') }, { name: 'tessera serve' });
  try {
    const { session } = await setUpInstance(node);
    await createTokenOver(node.url, session, 'warm-up');
    let n = 0;
    const run = (connections) => new Promise((resolve, reject) => {
      autocannon({
        url: node.url, connections, duration: SECONDS,
        requests: [{
          method: 'POST', path: '/v1/workspaces/bench/tokens',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${session}` },
          setupRequest: (req) => ({ ...req, body: JSON.stringify({ kind: 'workspace', name: `http-${connections}-${n++}`, scopes: ['read'], expires_in_days: 30 }) }),
        }],
      }, (err, r) => (err ? reject(err) : resolve(r)));
    });
    result.http = {};
    for (const connections of [1, 8]) {
      const r = await run(connections);
      if (r.non2xx || r.errors) throw new Error(`HTTP creation: ${r.non2xx} non-2xx, ${r.errors} errors`);
      result.http[`connections_${connections}`] = { requests_per_second: r.requests.average, total: r.requests.total, p50_ms: r.latency.p50, p99_ms: r.latency.p99 };
      console.log(`HTTP, ${connections} connection(s): ${fmt(r.requests.average)} tokens/s (p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ${r.requests.total} created)`);
      await sleep(300);
    }
  } finally {
    await node.stop();
    await database.drop();
  }
}

// 3. Memory per cached token.
{
  const database = await createDatabase('create_memory');
  try {
    const b = await benchContext({ url: database.url });
    try {
      const seeds = seededTokens(b.ctx);
      await seeds.insert(b.ctx.db, b.workspace.id, 0, MEMORY_TOKENS + 1000);
      // Warm the code paths on tokens outside the measured set.
      for (let i = MEMORY_TOKENS; i < MEMORY_TOKENS + 1000; i++) await b.ctx.validation.validate(seeds.tokenAt(i).token, { ip: '127.0.0.1' });
      const tokens = Array.from({ length: MEMORY_TOKENS }, (_, i) => seeds.tokenAt(i).token); // held before and after: not counted
      await b.ctx.usage.flush();
      const heap = async () => {
        for (let k = 0; k < 4; k++) {
          globalThis.gc();
          await sleep(20);
        }
        return process.memoryUsage().heapUsed;
      };
      const cacheBefore = cacheInfo(b.ctx);
      const before = await heap();
      for (const t of tokens) if (!(await b.ctx.validation.validate(t, { ip: '127.0.0.1' })).valid) throw new Error('seeded token refused');
      await b.ctx.usage.flush(); // last-used entries are not the cache
      const after = await heap();
      const cacheAfter = cacheInfo(b.ctx);
      // A second pass: how many of these were cache hits is visible in its speed.
      const t0 = process.hrtime.bigint();
      for (const t of tokens) await b.ctx.validation.validate(t, { ip: '127.0.0.1' });
      const secondPassPerSecond = MEMORY_TOKENS / (Number(process.hrtime.bigint() - t0) / 1e9);
      result.memory = { tokens: MEMORY_TOKENS, heap_before: before, heap_after: after, bytes_per_token: (after - before) / MEMORY_TOKENS, second_pass_per_second: secondPassPerSecond, cache: { before: cacheBefore, after: cacheAfter } };
      if (cacheAfter.present) console.log(`cache: ${fmt(cacheAfter.size)} entries (${fmt(cacheAfter.size - cacheBefore.size)} added), its own estimate ${fmt(cacheAfter.bytes_estimate / 2 ** 20, 2)} MiB`);
      else console.log('this build has no validation cache (ctx.cache): the heap delta is noise');
      console.log(`memory: heap +${fmt((after - before) / 2 ** 20, 2)} MiB after validating ${fmt(MEMORY_TOKENS)} distinct tokens → ${fmt((after - before) / MEMORY_TOKENS)} bytes per cached token; second pass over them: ${fmt(secondPassPerSecond)}/s`);
    } finally {
      await b.ctx.close();
    }
  } finally {
    await database.drop();
  }
}
writeResult(result);
