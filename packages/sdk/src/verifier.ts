import { VerificationCache } from './cache.js';
import { createEventStream, type EventStream, type StreamStatus } from './event-stream.js';
import { applyOptions, fromValidateAnswer, type Invalid, type VerifyOptions, type VerifyResult } from './outcome.js';
import { createKeyedDigest } from './blake2s.js';
import { parseToken, tokenLength } from './token-format.js';

export interface VerifierOptions {
  /** The Tessera server, e.g. `https://tokens.example.com` (http only for localhost-style hosts you trust). */
  url: string;
  /** A verifier credential (`tsrv_…`, docs/verifiers.md): it subscribes to invalidations. */
  credential: string;
  /** The deployment's token brand (TESSERA_TOKEN_BRAND; default `tsr`). */
  brand?: string;
  cache?: {
    /** Most valid answers kept (default 10,000; 0: no cache, every verify asks the server). */
    maxEntries?: number;
    /** A valid answer is asked again after this long even when nothing evicted it (default 5 min). */
    maxAgeMs?: number;
    /** Most refusals kept (unknown, expired, revoked: they never become valid; default 10,000). */
    negativeMaxEntries?: number;
    /** Default 60 s. */
    negativeMaxAgeMs?: number;
    /** After an eviction, answers it selects are not cached for this long (default 1 s; see cache.ts). */
    settleMs?: number;
  };
  /**
   * The workspace a workspace-bound credential is bound to. Default: learned from the stream's first
   * event (verify waits for it, up to `timeoutMs`). With `stream: false` and no `workspace`, answers
   * are not limited to a workspace: pass `verify(token, { workspace })` yourself.
   */
  workspace?: string | null;
  /** Subscribe to the invalidation stream (default true). Without it nothing is ever cached. */
  stream?: boolean;
  /** Stop trusting the cache this long after the last heartbeat (default: three of the server's heartbeat intervals). */
  staleAfterMs?: number;
  /** Reconnect delays, doubling with jitter (defaults 250 ms … 10 s). */
  reconnect?: { minMs?: number; maxMs?: number };
  /** Abort a validate request after this long (default 5 s): the answer is `unavailable`. */
  timeoutMs?: number;
  /** Inject fetch (tests, instrumented clients). */
  fetch?: typeof fetch;
  /** Monotonic milliseconds (tests). */
  now?: () => number;
  /** Wall-clock milliseconds, for expiry (tests). */
  wallNow?: () => number;
  /** Stream status changes (for logs): `refused` means the credential is wrong or revoked. */
  onStatus?: (status: StreamStatus, detail?: string) => void;
  /**
   * Called once per invalidation the stream delivers, right after the cache dropped what it names
   * (in the same event-loop turn): for metrics and logs, e.g. how long revocations take to reach this
   * process. Synchronous; what it throws is ignored (the eviction is already done, and the stream must go on).
   */
  onInvalidate?: (event: InvalidationEvent) => void;
}

/** What one invalidation did to the cache (see `onInvalidate`). */
export interface InvalidationEvent {
  /**
   * `invalidate`: the server named keys — `t:<public id>`, `u:<user id>` (`u:*`), `w:<workspace id>`,
   * `j:<project id>` (`j:*`), `*`; keys of a kind the SDK does not know, or that are not strings
   * (reported as `['*']`), drop everything too. `flush`: everything was dropped (a new or resumed
   * stream the node could not replay, its listener reconnected); keys is `['*']`.
   */
  type: 'invalidate' | 'flush';
  keys: readonly string[];
  /** Valid answers dropped from the cache (refusals are never dropped: they cannot become valid). */
  evicted: number;
}

export interface Verifier {
  /**
   * Verifies a token: the server's answer (from the cache while the invalidation stream vouches for
   * it), with the check asked for applied. Never throws for a bad token; `valid:false` with a code.
   */
  verify(token: string, options?: VerifyOptions): VerifyResult | Promise<VerifyResult>;
  /** The cache may be used now (the stream is connected, synchronised and heard recently). */
  trusted(): boolean;
  /** The verifier credential's workspace once the stream has said (null: instance-wide; undefined: not yet known). */
  readonly workspaceId: string | null | undefined;
  readonly stats: { hits: number; misses: number; requests: number; offlineRejections: number; evictions: number; flushes: number };
  /** Stops the stream; verify still works (without the cache). */
  close(): void;
}

const positiveInt = (v: unknown, name: string, fallback: number, min = 0) => {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new TypeError(`${name} must be an integer ≥ ${min}`);
  return v;
};

function checkUrl(url: unknown): string {
  if (typeof url !== 'string') throw new TypeError('url must be a string (the Tessera server, e.g. https://tokens.example.com)');
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new TypeError('url must be an absolute http(s) URL');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new TypeError('url must be an absolute http(s) URL');
  if (u.search || u.hash) throw new TypeError('url must not have a query or fragment');
  return u.href.replace(/\/+$/, '');
}

export function createVerifier(options: VerifierOptions): Verifier {
  if (typeof options !== 'object' || options === null) throw new TypeError('createVerifier needs an options object');
  const url = checkUrl(options.url);
  const brand = options.brand ?? 'tsr';
  if (typeof brand !== 'string' || !/^[a-z]{2,8}$/.test(brand)) throw new TypeError('brand must be 2–8 lowercase letters');
  if (typeof options.credential !== 'string' || !options.credential.startsWith(`${brand}v_`)) {
    throw new TypeError(`credential must be a verifier credential (${brand}v_…), not an API token or a session`);
  }
  const c = options.cache ?? {};
  const maxEntries = positiveInt(c.maxEntries, 'cache.maxEntries', 10_000);
  const maxAgeMs = positiveInt(c.maxAgeMs, 'cache.maxAgeMs', 5 * 60_000, 1);
  const negativeMaxEntries = positiveInt(c.negativeMaxEntries, 'cache.negativeMaxEntries', 10_000);
  const negativeMaxAgeMs = positiveInt(c.negativeMaxAgeMs, 'cache.negativeMaxAgeMs', 60_000, 1);
  const settleMs = positiveInt(c.settleMs, 'cache.settleMs', 1_000);
  const timeoutMs = positiveInt(options.timeoutMs, 'timeoutMs', 5_000, 1);
  const staleAfterMs = options.staleAfterMs === undefined ? null : positiveInt(options.staleAfterMs, 'staleAfterMs', 0, 1);
  const minMs = positiveInt(options.reconnect?.minMs, 'reconnect.minMs', 250, 1);
  const maxMs = positiveInt(options.reconnect?.maxMs, 'reconnect.maxMs', 10_000, minMs);
  const doFetch = options.fetch ?? globalThis.fetch;
  if (typeof doFetch !== 'function') throw new TypeError('no fetch: pass options.fetch');
  const now = options.now ?? (() => performance.now());
  const wallNow = options.wallNow ?? (() => Date.now());
  if (typeof now !== 'function' || typeof wallNow !== 'function') throw new TypeError('now and wallNow must be functions');

  const cache = new VerificationCache({ maxEntries, maxAgeMs, negativeMaxEntries, negativeMaxAgeMs, settleMs, now });
  // A fresh random key per verifier (32 bytes) for keyed BLAKE2s (blake2s.ts says why): the cache
  // key of a token is meaningless outside this process, and unpredictable without the key.
  const digestKey = new Uint8Array(32);
  globalThis.crypto.getRandomValues(digestKey);
  const digest = createKeyedDigest(digestKey);
  const wellFormedLength = tokenLength(brand);
  const inFlight = new Map<string, Promise<VerifyResult>>();
  const stats = { hits: 0, misses: 0, requests: 0, offlineRejections: 0, evictions: 0, flushes: 0 };
  if (options.workspace !== undefined && options.workspace !== null && typeof options.workspace !== 'string') throw new TypeError('workspace must be a workspace id or null');
  let workspaceId: string | null | undefined = options.workspace;
  let announce: (() => void) | null = null;
  const announced = new Promise<void>((resolve) => (announce = resolve));

  if (options.onInvalidate !== undefined && typeof options.onInvalidate !== 'function') throw new TypeError('onInvalidate must be a function');
  const onInvalidate = options.onInvalidate;
  const told = (e: InvalidationEvent) => {
    if (!onInvalidate) return;
    try {
      onInvalidate(e);
    } catch {
      // A hook for metrics must not end the stream (a throw here would reach its reader and reconnect it).
    }
  };

  let stream: EventStream | null = null;
  if (options.stream !== false && maxEntries > 0) {
    stream = createEventStream({
      url, credential: options.credential, fetch: doFetch, now, staleAfterMs, minBackoffMs: minMs, maxBackoffMs: maxMs,
      handlers: {
        evict: (keys) => {
          const n = cache.evict(keys);
          stats.evictions += n;
          told({ type: 'invalidate', keys, evicted: n });
        },
        flush: () => {
          const n = cache.flush();
          stats.evictions += n;
          stats.flushes++;
          told({ type: 'flush', keys: ['*'], evicted: n });
        },
        ready: (info) => {
          if (workspaceId !== undefined && workspaceId !== info.workspaceId) options.onStatus?.('refused', 'the credential is bound to another workspace than options.workspace');
          workspaceId = info.workspaceId;
          announce?.();
        },
        ...(options.onStatus ? { onStatus: options.onStatus } : {}),
      },
    });
    stream.start();
  }
  const trusted = () => stream !== null && stream.trusted();

  async function ask(token: string, key: string, publicId: string): Promise<VerifyResult> {
    const generation = cache.generation;
    const wasTrusted = trusted();
    stats.requests++;
    let body: Record<string, unknown>;
    try {
      const res = await doFetch(`${url}/v1/auth/validate`, {
        method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ token }), signal: AbortSignal.timeout(timeoutMs),
      });
      if (res.status !== 200) {
        await res.body?.cancel().catch(() => {});
        return { valid: false, code: 'unavailable', message: `the server answered HTTP ${res.status}` };
      }
      body = (await res.json()) as Record<string, unknown>;
    } catch {
      return { valid: false, code: 'unavailable', message: 'the server could not be reached' };
    }
    const r = fromValidateAnswer(body);
    if (r.valid) {
      // Only while the stream vouched for the whole request, and nothing was evicted meanwhile.
      if (wasTrusted && trusted()) cache.set(key, publicId, r, generation);
    } else if (r.code !== 'malformed') {
      cache.setNegative(key, r);
    }
    return r;
  }

  /** `{ workspace }` for a workspace-bound credential, made once (not per hit). */
  let boundOnly: VerifyOptions | undefined;
  function scoped(r: VerifyResult, o: VerifyOptions | undefined): VerifyResult {
    if (!r.valid) return r;
    // A workspace-bound verifier answers for its workspace only (as introspection does).
    if (workspaceId && o?.workspace !== undefined && o.workspace !== workspaceId) return { valid: false, code: 'wrong_workspace', message: 'this verifier credential is bound to another workspace' };
    if (workspaceId && (!o || o.workspace === undefined)) {
      if (o) return applyOptions(r, { ...o, workspace: workspaceId });
      if (boundOnly?.workspace !== workspaceId) boundOnly = Object.freeze({ workspace: workspaceId });
      return applyOptions(r, boundOnly);
    }
    return applyOptions(r, o);
  }

  function refuse(problem: string): Invalid {
    stats.offlineRejections++;
    return { valid: false, code: 'malformed', reason: problem, message: `not a well-formed ${brand} token (${problem.replace(/_/g, ' ')})` };
  }

  return {
    verify(token, o) {
      if (typeof token !== 'string') throw new TypeError('verify(token): token must be a string');
      if (o !== undefined && (typeof o !== 'object' || o === null)) throw new TypeError('verify(token, options): options must be an object');
      if (o) for (const k of ['scope', 'project', 'workspace'] as const) if (o[k] !== undefined && typeof o[k] !== 'string') throw new TypeError(`options.${k} must be a string`);
      // The digest first: either cache holds only answers the server gave for a token that passed
      // the offline check below (nothing else is ever asked), and a digest names one token, so a
      // hit needs no second check. A token of another length, or not ASCII, is never well-formed.
      const key = token.length === wellFormedLength ? digest(token) : undefined;
      if (key !== undefined) {
        const negative = cache.getNegative(key);
        if (negative) {
          stats.hits++;
          return negative;
        }
        const at = now();
        if (stream !== null && stream.trusted(at)) {
          const hit = cache.get(key, wallNow, at);
          if (hit) {
            stats.hits++;
            return scoped(hit, o);
          }
        }
      }
      const parsed = parseToken(token, brand);
      if ('problem' in parsed) return refuse(parsed.problem);
      // parseToken accepts only ASCII tokens of wellFormedLength: the digest exists.
      if (key === undefined) return refuse('bad_characters');
      stats.misses++;
      let p = inFlight.get(key);
      if (!p) {
        p = ask(token, key, parsed.publicId).finally(() => inFlight.delete(key));
        inFlight.set(key, p);
      }
      // A workspace-bound credential limits every answer to its workspace: know which before answering.
      if (workspaceId === undefined && stream !== null) {
        const known = Promise.race([announced.then(() => true), new Promise<boolean>((resolve) => setTimeout(resolve, timeoutMs, false))]);
        return Promise.all([p, known]).then(([r, ok]) => (ok ? scoped(r, o) : { valid: false, code: 'unavailable', message: "the verifier credential's workspace is not known yet (no event stream)" }));
      }
      return p.then((r) => scoped(r, o));
    },
    trusted,
    get workspaceId() {
      return workspaceId;
    },
    get stats() {
      return { ...stats, evictions: cache.stats.evictions, flushes: cache.stats.flushes };
    },
    close() {
      stream?.close();
    },
  };
}
