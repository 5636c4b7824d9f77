// One SDK process of bench/sdk-propagation.mjs (forked with an IPC channel): a verifier from the
// built packages/sdk/dist on one node, looping verify() over the tokens the parent sends at
// BENCH_SDK_RATE calls a second (0: as fast as it can). The warm path answers without a promise;
// every BENCH_SDK_BATCH calls the loop yields (a timer, or setImmediate), which is when the
// invalidation stream is read. When the cache dropped the armed token is told by the SDK itself
// (its onInvalidate hook). Times are this process's performance.now(); the parent maps them onto
// its own clock (ping/pong, see the parent).
//
// argv: <node url> <verifier credential> <batch> [control]
// `control`: the negative control — its fetch passes the event stream through a filter that drops
// every `invalidate` event and keeps the rest (heartbeats included), so its stream stays connected
// and trusted but it never hears a revocation.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { TransformStream } from 'node:stream/web';
import { setImmediate } from 'node:timers';
import { TextDecoder, TextEncoder } from 'node:util';

const [url, credential, batchArg, mode] = process.argv.slice(2);
const BATCH = Number(batchArg);
const control = mode === 'control';
const { createVerifier } = await import(pathToFileURL(join(import.meta.dirname, '../../packages/sdk/dist/index.js')).href);

/** SSE frames end with a blank line; the server writes `\n` line ends (verifier-events.ts frame()). */
function dropInvalidations(body) {
  let buffer = '';
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  return body.pipeThrough(new TransformStream({
    transform(chunk, out) {
      buffer += decoder.decode(chunk, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end + 2);
        buffer = buffer.slice(end + 2);
        if (/^event: invalidate$/m.test(frame)) dropped++;
        else out.enqueue(encoder.encode(frame));
      }
    },
  }));
}
let dropped = 0;

/**
 * BENCH_SDK_TRACE=1 (diagnosis): passes the stream through unchanged, noting when the chunk naming
 * the armed token's public id arrived — one more hop (microtasks only) than the SDK alone has.
 */
const trace = process.env.BENCH_SDK_TRACE === '1';
let armedPublicId = null;
let heardAt = null;
function noteArrivals(body) {
  const decoder = new TextDecoder();
  return body.pipeThrough(new TransformStream({
    transform(chunk, out) {
      const at = performance.now();
      if (armedPublicId && heardAt === null && decoder.decode(chunk, { stream: true }).includes(`"t:${armedPublicId}"`)) heardAt = at;
      out.enqueue(chunk);
    },
  }));
}

const wrap = control ? dropInvalidations : trace ? noteArrivals : null;
const fetchFor = wrap
  ? async (input, init) => {
    const res = await fetch(input, init);
    if (!String(input).endsWith('/v1/verifiers/events') || !res.body) return res;
    return new globalThis.Response(wrap(res.body), { status: res.status, statusText: res.statusText, headers: res.headers });
  }
  : fetch;

/**
 * When this process's cache dropped the armed token: the SDK's onInvalidate hook, called right after
 * the eviction, for the first invalidation since the arm that selects it (its public id, or
 * everything). This is the propagation figure: the revocation has reached the SDK's cache.
 */
let evictedAt = null;
function onInvalidate(e) {
  if (armedPublicId === null || evictedAt !== null) return;
  if (e.type === 'flush' || e.keys.includes('*') || e.keys.includes(`t:${armedPublicId}`)) evictedAt = performance.now();
}

const statuses = {};
const verifier = createVerifier({ url, credential, fetch: fetchFor, onStatus: (s) => void (statuses[s] = (statuses[s] ?? 0) + 1), onInvalidate });

const send = (m) => process.send(m);
/** Acceptance times of the armed token (the one being revoked), for counting late ones exactly. */
const armedTimes = new Float64Array(1 << 20);
let armedCount = 0;
let armedOverflow = 0;

/** The loop's set, warm tokens only: { id, token, armed, lastAccept, firstMiss, firstRefusal, refusalCode, errors, errorCount } */
let tokens = [];
let missesBeforeArm = 0;
let calls = 0;
/** Loop turns (yields) so far: how many turns a refusal took after the eviction, whatever their length. */
let turns = 0;
let running = true;
/** Time between yields (how late the stream can be read), in 0.05 ms buckets up to 1 s; the last bucket holds the rest. */
const gaps = new Uint32Array(20_001);
let maxGap = 0;
let lastYield = performance.now();

function accepted(t, at) {
  if (at > t.lastAccept) t.lastAccept = at;
  if (t.armed) {
    if (armedCount < armedTimes.length) armedTimes[armedCount++] = at;
    else armedOverflow++;
  }
}

function refused(t, at, r) {
  if (r.code === 'unavailable') {
    t.errorCount++;
    if (t.errors.length < 3) t.errors.push(`unavailable: ${r.message}`);
    return;
  }
  if (t.firstRefusal !== undefined) return;
  t.firstRefusal = at;
  t.refusalTurn = turns;
  t.refusalCode = r.code;
  send({ type: 'refused', id: t.id, at });
}

function settle(t, at, r) {
  if (r.valid) accepted(t, at);
  else refused(t, at, r);
}

/**
 * A new token joins the loop once a verify answers it without a promise (from the cache). Until
 * then it is asked every 10 ms, off the loop (usually once: its first answer is cached, unless it
 * overlapped an eviction; before 30 November a token's creation reached SDKs as an eviction and
 * kept it out of their caches for cache.settleMs, about 100 requests per token and process here).
 */
async function warmUp(t) {
  while (running) {
    const r = verifier.verify(t.token);
    if (typeof r.then !== 'function') {
      if (r.valid) {
        tokens = [...tokens, t];
        send({ type: 'warm', id: t.id });
        return;
      }
      t.errorCount++;
      if (t.errors.length < 3) t.errors.push(`not valid while warming: ${r.code}`);
    } else {
      await r;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

// Verify calls per second in this process (BENCH_SDK_RATE, default 50,000: a busy service), or 0: as
// fast as it can. Paced, the loop waits out what is left of each batch's share of a second (a timer:
// the stream is read then too); unpaced, four processes spinning on two shared cores take the CPU the
// nodes and PostgreSQL need, and the figures measure the scheduler.
const RATE = Number(process.env.BENCH_SDK_RATE ?? 50_000);

async function loop() {
  let i = 0;
  let due = performance.now();
  while (running) {
    const n = tokens.length;
    if (!n) {
      await new Promise((r) => setTimeout(r, 1));
      lastYield = performance.now();
      continue;
    }
    const list = tokens;
    for (let k = 0; k < BATCH; k++) {
      const t = list[i++ % n];
      const at = performance.now();
      const r = verifier.verify(t.token);
      if (typeof r.then === 'function') {
        if (!t.armed) missesBeforeArm++;
        else if (t.firstMiss === undefined) {
          t.firstMiss = at;
          t.missTurn = turns;
        }
        // An answer from the server: valid counts from when it was asked, a refusal from when it came.
        r.then((res) => settle(t, res.valid ? at : performance.now(), res));
      } else {
        settle(t, at, r);
      }
    }
    calls += BATCH;
    const wait = RATE > 0 ? (due = Math.max(due, performance.now() - 50) + (BATCH / RATE) * 1000) - performance.now() : 0;
    await new Promise((r) => (wait >= 1 ? setTimeout(r, wait) : setImmediate(r)));
    turns++;
    const now = performance.now();
    const gap = now - lastYield;
    gaps[Math.min(20_000, Math.floor(gap / 0.05))]++;
    if (gap > maxGap) maxGap = gap;
    lastYield = now;
  }
}

process.on('message', (m) => {
  switch (m.type) {
    case 'ping':
      send({ type: 'pong', t0: m.t0, tc: performance.now() });
      break;
    case 'trusted?':
      send({ type: 'trusted', trusted: verifier.trusted() });
      break;
    case 'add':
      void warmUp({ id: m.id, token: m.token, armed: false, lastAccept: -Infinity, firstMiss: undefined, firstRefusal: undefined, refusalCode: undefined, errors: [], errorCount: 0 });
      break;
    case 'arm': {
      const t = tokens.find((x) => x.id === m.id);
      armedCount = armedOverflow = 0;
      t.armed = true;
      // Tokens are `<brand><kind>_` + 8 characters of public id + …
      armedPublicId = t.token.slice(t.token.indexOf('_') + 1, t.token.indexOf('_') + 9);
      heardAt = null;
      evictedAt = null;
      send({ type: 'armed', id: m.id });
      break;
    }
    case 'report': {
      // m.T is the revoke's return on this process's clock. Acceptances at or after T + grace are violations.
      const t = tokens.find((x) => x.id === m.id);
      tokens = tokens.filter((x) => x !== t);
      t.armed = false;
      const bound = m.T + m.graceMs;
      let late = 0;
      let firstLate;
      for (let k = 0; k < armedCount; k++) {
        if (armedTimes[k] >= bound) {
          late++;
          if (firstLate === undefined || armedTimes[k] < firstLate) firstLate = armedTimes[k];
        }
      }
      // Overflowed entries came after every recorded one: late if the last acceptance was.
      if (armedOverflow && t.lastAccept >= bound) late += armedOverflow;
      send({
        type: 'report', id: t.id, lastAccept: Number.isFinite(t.lastAccept) ? t.lastAccept : null, evicted: evictedAt, firstMiss: t.firstMiss ?? null,
        heard: heardAt, turnsToRefusal: t.firstRefusal !== undefined && t.missTurn !== undefined ? t.refusalTurn - t.missTurn : null, firstRefusal: t.firstRefusal ?? null, refusalCode: t.refusalCode ?? null, late, firstLate: firstLate ?? null, recorded: armedCount, overflow: armedOverflow, errors: t.errors, errorCount: t.errorCount,
      });
      armedCount = armedOverflow = 0;
      armedPublicId = null;
      evictedAt = null;
      break;
    }
    case 'stop': {
      running = false;
      verifier.close();
      send({ type: 'stats', calls, stats: verifier.stats, statuses, dropped, missesBeforeArm, gaps: Array.from(gaps), maxGap });
      process.disconnect();
      break;
    }
  }
});

send({ type: 'started' });
void loop();
