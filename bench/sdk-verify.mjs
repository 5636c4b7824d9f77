// `npm run bench:sdk` — the SDK's warm `verify(token)` (@tessera/sdk, packages/sdk/dist) side by side
// with the server's own in-process warm validation and with one HTTP POST /v1/auth/validate per
// verification; then the SDK's memory per cached token.
//
// Set-up: a real `tessera serve` (built binary, PostgreSQL, default config) with a workspace,
// BENCH_SDK_TOKENS warm read tokens and an instance-wide verifier credential (POST /v1/verifiers).
// The SDK in this process verifies against it, subscribed to its event stream
// (GET /v1/verifiers/events), so `trusted()` is true and the warm tokens answer from its cache.
// Beside it, in this process too, a context on its own PostgreSQL database (createContext, as
// bench/inprocess.mjs) with one warm token.
//
// Lanes, alternating within each round (order rotated), medians over BENCH_SDK_ROUNDS rounds:
// - SDK, sync: a tight loop of `verifier.verify(token)` over the warm tokens; the warm path returns
//   the answer itself, not a promise (asserted on every call: a promise has no `valid`).
//   Target ≥ 1,000,000/s on one core; by wall clock and per CPU-second of this process.
// - SDK, awaited: the same, each call awaited (what `await verifier.verify(t)` costs a caller).
// - in-process, sync and awaited: `ctx.validation.validate(token, { ip })`, which also answers a
//   warm token without a promise (bench/inprocess.mjs measures the awaited form).
// - HTTP: POST /v1/auth/validate to the `tessera serve` process, BENCH_SDK_HTTP_CONCURRENCY
//   connections (autocannon from this process), plus the server's CPU per validation.
// CPU lanes run in short segments (BENCH_SDK_SEGMENT_SECONDS) with pauses between them: a sync
// loop blocks the event loop, and both caches are trusted only while their heartbeats get through.
// A sync segment in which a call was not a synchronous hit (its cache lost trust: a heartbeat came
// late) is void and run again once the cache is trusted; the count is reported.
//
// Memory (needs --expose-gc; the npm script passes it): a verifier with a fetch stub (an event
// stream that synchronises and beats, and validate answers that are the real server's answer for a warm
// token with a distinct token id per token, parsed by the SDK exactly as the server's would be)
// caches N distinct well-formed tokens; heap growth after full GCs ÷ N. Creating 50,000 real
// tokens through the server would take minutes and measure the same objects.
//
// Env: BENCH_SDK_ROUNDS (12), BENCH_SDK_SEGMENT_SECONDS (0.25), BENCH_SDK_HTTP_SECONDS (2),
// BENCH_SDK_HTTP_CONCURRENCY (16), BENCH_SDK_TOKENS (8), BENCH_SDK_MEMORY_SIZES (10000,50000).
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReadableStream } from 'node:stream/web';
import { TextEncoder } from 'node:util';
import { api, createTokenOver, setUpInstance, startTessera } from './lib/children.mjs';
import { createDatabase, postgresVersion } from './lib/pg.mjs';
import { describeMachine } from './lib/machine.mjs';
import { repoRoot, startResult, writeResult } from './lib/results.mjs';
import { fmt, median, sleep, verdict } from './lib/stats.mjs';
import { benchContext, cacheInfo, distDir } from './lib/tessera.mjs';

const ROUNDS = Number(process.env.BENCH_SDK_ROUNDS ?? 12);
const SEGMENT = Number(process.env.BENCH_SDK_SEGMENT_SECONDS ?? 0.25);
const HTTP_SECONDS = Number(process.env.BENCH_SDK_HTTP_SECONDS ?? 2);
const CONCURRENCY = Number(process.env.BENCH_SDK_HTTP_CONCURRENCY ?? 16);
const TOKENS = Number(process.env.BENCH_SDK_TOKENS ?? 8);
const MEMORY_SIZES = (process.env.BENCH_SDK_MEMORY_SIZES ?? '10000,50000').split(',').map(Number);
const TARGET = 1_000_000;
/** fetch's Response (a global since Node 18; not in the bench lint globals). */
const { Response } = globalThis;

const { createVerifier } = await import(join(repoRoot, 'packages/sdk/dist/index.js'));
const { generateToken } = await import(join(distDir, 'tokens/token-format.js'));

const result = startResult('sdk-verify', 'npm run bench:sdk', {
  rounds: ROUNDS, segment_seconds: SEGMENT, http_seconds: HTTP_SECONDS, http_concurrency: CONCURRENCY, warm_tokens: TOKENS, memory_sizes: MEMORY_SIZES,
});
console.log(`SDK verify vs in-process vs HTTP — ${describeMachine(result.machine_before)}\n`);

const until = async (what, check, timeoutMs = 20_000) => {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
};

/**
 * Calls `op(i)` synchronously for `seconds` (the clock read every 1,000 calls): rate by wall clock
 * and per CPU-second of this process (GC and the event stream's reads included). `op` returns
 * false when an answer was not a synchronous cache hit (the cache stopped being trusted): the
 * segment is then void, not counted.
 */
function syncSegment(seconds, op) {
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  const end = start + BigInt(Math.round(seconds * 1e9));
  let ops = 0;
  let now = start;
  while (now < end) {
    for (let i = 0; i < 1000; i++) if (!op(i)) return { void: true };
    ops += 1000;
    now = process.hrtime.bigint();
  }
  const cpu = process.cpuUsage(cpu0);
  const secs = Number(now - start) / 1e9;
  return { per_second: ops / secs, per_cpu_second: ops / ((cpu.user + cpu.system) / 1e6) };
}

/**
 * A sync lane: its segment again (after the cache is trusted again) when one was void — on this
 * shared machine a heartbeat can come late — at most 5 times; the number of void segments is kept.
 */
const voided = { sdk_sync: 0, inprocess_sync: 0 };
async function syncLane(name, op, isWarm) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const r = syncSegment(SEGMENT, op);
    if (!r.void) return r;
    voided[name]++;
    await until(`${name}: the cache to be trusted again`, isWarm);
  }
  throw new Error(`${name}: five segments in a row lost their cache's trust`);
}

/** The same with every call awaited (100 between clock reads). */
async function awaitedSegment(seconds, op) {
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  const end = start + BigInt(Math.round(seconds * 1e9));
  let ops = 0;
  let now = start;
  while (now < end) {
    for (let i = 0; i < 100; i++) await op(i);
    ops += 100;
    now = process.hrtime.bigint();
  }
  const cpu = process.cpuUsage(cpu0);
  const secs = Number(now - start) / 1e9;
  return { per_second: ops / secs, per_cpu_second: ops / ((cpu.user + cpu.system) / 1e6) };
}

/** A child's CPU seconds so far (Linux /proc; undefined elsewhere). */
function childCpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in USER_HZ (100 on Linux)
  } catch {
    return undefined;
  }
}

function httpLoad(url, token, duration) {
  return new Promise((resolve, reject) => {
    autocannon({
      url: `${url}/v1/auth/validate`, method: 'POST', connections: CONCURRENCY, duration, pipelining: 1,
      headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }),
    }, (err, r) => (err ? reject(err) : resolve(r)));
  });
}

/** POST /v1/auth/validate's body for a warm token of the real server: the memory stub answers with it. */
let serverAnswer;

async function throughput() {
  const databases = [];
  let node;
  let verifier;
  let bench;
  try {
    const served = await createDatabase('sdk_serve');
    databases.push(served);
    result.postgres_version = await postgresVersion();
    node = await startTessera({ DATABASE_URL: served.url, TESSERA_SECRET: randomBytes(32).toString('hex') }, { name: 'tessera serve' });
    const { session } = await setUpInstance(node);
    const tokens = [];
    for (let i = 0; i < TOKENS; i++) tokens.push((await createTokenOver(node.url, session, `sdk-bench-${i}`)).secret);
    const answer = await api(node.url, 'POST', '/v1/auth/validate', { body: { token: tokens[0] } });
    if (answer.status !== 200 || answer.body.valid !== true) throw new Error(`the bench token does not validate: ${JSON.stringify(answer.body)}`);
    serverAnswer = answer.body;
    const credential = await api(node.url, 'POST', '/v1/verifiers', { token: session, body: { name: 'sdk-bench' } });
    if (credential.status !== 201) throw new Error(`verifier credential: ${credential.status} ${JSON.stringify(credential.body)}`);

    // The SDK, subscribed to the server's stream; each warm token verified until it answers from
    // the cache (an answer loaded while an invalidation arrives, e.g. its own creation's, is not kept).
    verifier = createVerifier({ url: node.url, credential: credential.body.secret });
    await until('the SDK to trust its cache (stream connected, synchronised, heartbeat heard)', () => verifier.trusted());
    for (const t of tokens) {
      await until('a warm token to answer from the SDK cache', async () => {
        const r = verifier.verify(t);
        if (!(r instanceof Promise) && r.valid === true) return true;
        if ((await r).valid !== true) throw new Error('a bench token does not verify');
        return false;
      });
    }
    const first = verifier.verify(tokens[0]);
    if (first instanceof Promise || typeof first.then === 'function') throw new Error('a warm verify returned a promise');
    result.sdk_answer_fields = Object.keys(first);

    // The server's own validation in this process, on its own database, as bench/inprocess.mjs.
    const inDb = await createDatabase('sdk_inprocess');
    databases.push(inDb);
    bench = await benchContext({ url: inDb.url });
    const { ctx } = bench;
    const inToken = (await bench.createToken()).secret;
    await until('the in-process token to validate without a promise (cache warm and trusted)', () => {
      const r = ctx.validation.validate(inToken, { ip: '127.0.0.1' });
      if (r instanceof Promise) return r.then((v) => { if (!v.valid) throw new Error('in-process token invalid'); return false; });
      if (!r.valid) throw new Error('in-process token invalid');
      return true;
    });

    const n = tokens.length;
    const sdkWarm = async () => {
      const r = verifier.verify(tokens[0]);
      if (r instanceof Promise) await r;
      return !(r instanceof Promise) && verifier.trusted();
    };
    const inprocessWarm = async () => !(ctx.validation.validate(inToken, { ip: '127.0.0.1' }) instanceof Promise);
    const lanes = {
      sdk_sync: () => syncLane('sdk_sync', (i) => {
        const r = verifier.verify(tokens[i % n]);
        if (r.valid === true) return true;
        // A promise has no `valid`: the answer was not a synchronous cache hit.
        if (r instanceof Promise) return false;
        throw new Error(`an SDK verify refused a warm token: ${r.code}`);
      }, sdkWarm),
      sdk_awaited: () => awaitedSegment(SEGMENT, async (i) => {
        if ((await verifier.verify(tokens[i % n])).valid !== true) throw new Error('an SDK verify failed');
      }),
      inprocess_sync: () => syncLane('inprocess_sync', () => {
        const r = ctx.validation.validate(inToken, { ip: '127.0.0.1' });
        if (r.valid === true) return true;
        if (r instanceof Promise) return false;
        throw new Error(`an in-process validation refused a warm token: ${r.code}`);
      }, inprocessWarm),
      inprocess_awaited: () => awaitedSegment(SEGMENT, async () => {
        if ((await ctx.validation.validate(inToken, { ip: '127.0.0.1' })).valid !== true) throw new Error('an in-process validation failed');
      }),
      http: async () => {
        const cpu0 = childCpuSeconds(node.proc.pid);
        const r = await httpLoad(node.url, tokens[0], HTTP_SECONDS);
        const cpu = childCpuSeconds(node.proc.pid);
        if (r.non2xx || r.errors || r.timeouts) throw new Error(`HTTP: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
        return { per_second: r.requests.average, per_server_cpu_second: cpu0 === undefined ? undefined : r.requests.total / (cpu - cpu0), p50_ms: r.latency.p50, p99_ms: r.latency.p99 };
      },
    };
    // Warm-up: JIT, connections.
    for (const [name, run] of Object.entries(lanes)) {
      if (name === 'http') await httpLoad(node.url, tokens[0], 1);
      else await run();
      await sleep(50);
    }
    const runs = Object.fromEntries(Object.keys(lanes).map((k) => [k, []]));
    const names = Object.keys(lanes);
    const bypassedBefore = ctx.cache?.stats?.bypassed ?? 0;
    for (let round = 0; round < ROUNDS; round++) {
      const order = names.slice(round % names.length).concat(names.slice(0, round % names.length));
      for (const name of order) {
        await sleep(name === 'http' ? 300 : 100);
        runs[name].push(await lanes[name]());
      }
      const r = Object.fromEntries(names.map((k) => [k, runs[k].at(-1)]));
      console.log(`round ${round + 1}: SDK ${fmt(r.sdk_sync.per_second)}/s (${fmt(r.sdk_sync.per_cpu_second)} per CPU-s), awaited ${fmt(r.sdk_awaited.per_second)}/s; in-process ${fmt(r.inprocess_sync.per_second)}/s, awaited ${fmt(r.inprocess_awaited.per_second)}/s; HTTP ${fmt(r.http.per_second)}/s`);
      const check = verifier.verify(tokens[0]);
      if (check instanceof Promise) throw new Error('the SDK cache stopped being trusted');
    }
    const bypassed = (ctx.cache?.stats?.bypassed ?? 0) - bypassedBefore;
    const after = await api(node.url, 'POST', '/v1/auth/validate', { body: { token: tokens[0] } });
    if (after.body.valid !== true) throw new Error('the token stopped validating during the benchmark');

    const med = (name, key = 'per_second') => median(runs[name].map((r) => r[key]));
    const paired = (a, b) => median(runs[a].map((r, i) => r.per_second / runs[b][i].per_second));
    result.lanes = Object.fromEntries(names.map((k) => [k, {
      median_per_second: med(k),
      ...(k === 'http' ? { median_per_server_cpu_second: med(k, 'per_server_cpu_second'), median_p50_ms: med(k, 'p50_ms'), median_p99_ms: med(k, 'p99_ms') } : { median_per_cpu_second: med(k, 'per_cpu_second') }),
      rounds: runs[k].map((r) => Math.round(r.per_second)),
    }]));
    result.ratios = {
      sdk_over_inprocess: med('sdk_sync') / med('inprocess_sync'),
      sdk_over_inprocess_paired_median: paired('sdk_sync', 'inprocess_sync'),
      sdk_awaited_over_inprocess_awaited: med('sdk_awaited') / med('inprocess_awaited'),
      sdk_over_http: med('sdk_sync') / med('http'),
      sdk_over_http_paired_median: paired('sdk_sync', 'http'),
    };
    result.sdk_stats = verifier.stats;
    result.void_segments = { ...voided };
    if (voided.sdk_sync || voided.inprocess_sync) console.log(`segments run again after their cache lost trust mid-segment: SDK ${voided.sdk_sync}, in-process ${voided.inprocess_sync}`);
    result.inprocess_cache = { ...cacheInfo(ctx), bypassed_during_rounds: bypassed };
    if (bypassed) console.log(`warning: ${bypassed} in-process validations bypassed the cache during the rounds (listener heartbeat late)`);

    const L = result.lanes;
    console.log('');
    console.log(`SDK verify, sync:          median ${fmt(L.sdk_sync.median_per_second)}/s wall clock, ${fmt(L.sdk_sync.median_per_cpu_second)} per CPU-second`);
    console.log(`SDK verify, awaited:       median ${fmt(L.sdk_awaited.median_per_second)}/s, ${fmt(L.sdk_awaited.median_per_cpu_second)} per CPU-second`);
    console.log(`in-process validate, sync: median ${fmt(L.inprocess_sync.median_per_second)}/s, ${fmt(L.inprocess_sync.median_per_cpu_second)} per CPU-second`);
    console.log(`in-process, awaited:       median ${fmt(L.inprocess_awaited.median_per_second)}/s, ${fmt(L.inprocess_awaited.median_per_cpu_second)} per CPU-second`);
    console.log(`HTTP validate (${CONCURRENCY} conns):   median ${fmt(L.http.median_per_second)}/s, ${fmt(L.http.median_per_server_cpu_second)} per server CPU-second, p50 ${L.http.median_p50_ms} ms, p99 ${L.http.median_p99_ms} ms`);
    console.log(`SDK ÷ in-process (sync): ${fmt(result.ratios.sdk_over_inprocess, 2)}× (paired median ${fmt(result.ratios.sdk_over_inprocess_paired_median, 2)}×); awaited ÷ awaited ${fmt(result.ratios.sdk_awaited_over_inprocess_awaited, 2)}×`);
    console.log(`SDK ÷ HTTP: ${fmt(result.ratios.sdk_over_http, 1)}× (paired median ${fmt(result.ratios.sdk_over_http_paired_median, 1)}×)`);
  } finally {
    verifier?.close();
    await bench?.ctx.close();
    await node?.stop();
    for (const d of databases) await d.drop();
  }
}

/**
 * A fetch for the verifier: an event stream that synchronises and beats once, announcing a long
 * heartbeat (so the cache stays trusted however long a GC takes), and validate answers shaped like
 * `template`.
 */
function stubServer(template) {
  const enc = new TextEncoder();
  let id = 0;
  return async (input, init) => {
    if (String(input).endsWith('/v1/verifiers/events')) {
      const body = new ReadableStream({
        start(c) {
          c.enqueue(enc.encode('event: ready\ndata: {"epoch":"bench","workspace_id":null,"heartbeat_ms":600000}\n\nevent: flush\ndata: {}\n\nevent: heartbeat\ndata: {}\n\n'));
          init?.signal?.addEventListener('abort', () => c.error(new Error('closed')));
        },
      });
      return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
    }
    const token = JSON.parse(String(init.body)).token;
    const n = id++;
    const answer = { ...template, token_id: `tok_${n.toString(36).padStart(16, '0')}`, display_prefix: token.slice(0, 13) };
    return new Response(JSON.stringify(answer), { status: 200, headers: { 'content-type': 'application/json' } });
  };
}

async function memory(template) {
  if (typeof globalThis.gc !== 'function') {
    console.log('\nmemory: skipped (run with node --expose-gc)');
    return undefined;
  }
  const gc = () => {
    globalThis.gc();
    globalThis.gc();
  };
  // Full GCs, with a turn of the event loop between them so finalizers (AbortSignal.timeout's
  // registry) run and what they release goes too.
  const settle = async () => {
    gc();
    await sleep(50);
    gc();
  };
  const out = [];
  for (const size of MEMORY_SIZES) {
    const tokens = Array.from({ length: size }, () => generateToken('tsr', 'workspace').token);
    let v = createVerifier({ url: 'http://127.0.0.1:9', credential: generateToken('tsr', 'verifier').token, fetch: stubServer(template), cache: { maxEntries: size, settleMs: 0 }, timeoutMs: 1_000 });
    await until('the stub stream to be trusted', () => v.trusted());
    await settle();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < size; i += 64) {
      await Promise.all(tokens.slice(i, i + 64).map(async (t) => {
        if ((await v.verify(t)).valid !== true) throw new Error('stub answer refused');
      }));
    }
    // Each request's AbortSignal.timeout (timeoutMs) holds a timer until it fires: wait those out,
    // so that only what the cache keeps is counted.
    await sleep(1_500);
    await settle();
    const after = process.memoryUsage().heapUsed;
    // Every token now answers from the cache, synchronously: all `size` are held.
    let held = 0;
    for (const t of tokens) {
      const r = v.verify(t);
      if (!(r instanceof Promise) && r.valid === true) held++;
    }
    if (held !== size) throw new Error(`only ${held} of ${size} filled tokens are in the cache (trusted: ${v.trusted()}, ${JSON.stringify(v.stats)})`);
    const requests = v.stats.requests;
    // Then the verifier is dropped: what the heap gives back is what it held.
    v.close();
    v = null;
    await settle();
    const released = process.memoryUsage().heapUsed;
    const m = { tokens: size, heap_before: before, heap_after: after, heap_after_drop: released, bytes_per_token: (after - before) / size, released_bytes_per_token: (after - released) / size, requests };
    console.log(`memory: ${fmt(size)} cached tokens: heap +${fmt((after - before) / 2 ** 20, 2)} MiB → ${fmt(m.bytes_per_token)} bytes per cached token; dropping the verifier released ${fmt(m.released_bytes_per_token)} bytes per token`);
    out.push(m);
  }
  return out;
}

await throughput();
// The real server's answer for a warm token (only its token id and display prefix vary per token).
result.memory_answer_fields = Object.keys(serverAnswer);
result.memory = await memory(serverAnswer);

console.log('');
result.targets = [
  verdict('SDK warm verify(token)/s, sync, one core, wall clock', result.lanes.sdk_sync.median_per_second, TARGET, { unit: '/s' }),
  verdict('SDK warm verify(token) per CPU-second', result.lanes.sdk_sync.median_per_cpu_second, TARGET, { unit: '/s' }),
];
writeResult(result);
