import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { PoolStats } from '../db/database.js';
import type { CacheStats } from '../validation-cache/token-cache.js';
import type { ValidationObserver } from '../tokens/validation-service.js';
import { registerValidationMetrics } from './validation-metrics.js';
import { registerGatewayMetrics } from './gateway-metrics.js';
import type { GatewayResult } from '../tokens/gateway-decision.js';
import { registerHttpMetrics, type RequestObserver } from './http-metrics.js';
import { registerBusinessMetrics, type BusinessMetrics } from './business-metrics.js';

/** What /metrics reads when scraped (nothing here runs per request). */
export interface MetricsSources {
  engine: 'postgres' | 'pglite';
  cache: { stats: CacheStats; size: number; negativeSize: number; bytes: number; isTrusted: boolean; enabled: boolean };
  poolStats: () => PoolStats;
  listener: () => { status: string; reconnects?: number };
}

export interface Metrics {
  registry: Registry;
  /** Counts a validation by outcome and times it: two cheap calls on the hot path. */
  observeValidation: ValidationObserver;
  /** Counts a gateway answer by result. */
  observeGateway: (result: GatewayResult) => void;
  /** Counts an answered HTTP request by method, route pattern and status class, and times it (onResponse). */
  observeRequest: RequestObserver;
  /** What the token, OIDC exchange and upload services report after they commit. */
  business: BusinessMetrics;
}

const LISTENER_STATES = ['connected', 'connecting', 'down', 'stopped', 'disabled'];

/**
 * Prometheus metrics, one registry per server (no global state): HTTP requests by route and
 * status class and their latency, tokens created/revoked/rotated, OIDC exchanges and uploads by
 * result, validations by result and their latency, the token cache, the database pool, the invalidation listener, and prom-client's
 * default process metrics (CPU, memory, event-loop lag, GC). `sources` are read only when scraped.
 */
export function createMetrics(sources: MetricsSources): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const observeValidation = registerValidationMetrics(registry);
  const observeGateway = registerGatewayMetrics(registry);
  const observeRequest = registerHttpMetrics(registry);
  const business = registerBusinessMetrics(registry);

  new Counter({
    name: 'tessera_token_cache_lookups_total',
    help: 'Token cache lookups: hit, miss (not cached: read from the database, unless the string then fails the format check), negative_hit (a public id known not to exist), bypass (cache not trusted or key being changed).',
    labelNames: ['result'],
    registers: [registry],
    collect() {
      const s = sources.cache.stats;
      this.reset();
      this.inc({ result: 'hit' }, s.hits);
      this.inc({ result: 'miss' }, s.misses);
      this.inc({ result: 'negative_hit' }, s.negativeHits);
      this.inc({ result: 'bypass' }, s.bypassed);
    },
  });
  new Counter({
    name: 'tessera_token_cache_evictions_total', help: 'Cached tokens evicted by invalidations (not counting flushes or LRU).', registers: [registry],
    collect() {
      this.reset();
      this.inc(sources.cache.stats.evictions);
    },
  });
  new Counter({
    name: 'tessera_token_cache_flushes_total', help: 'Whole-cache flushes (listener reconnected, or an invalidation of everything).', registers: [registry],
    collect() {
      this.reset();
      this.inc(sources.cache.stats.flushes);
    },
  });
  new Gauge({
    name: 'tessera_token_cache_entries', help: 'Entries in the token cache: verified tokens, and public ids known to be unknown.', labelNames: ['type'], registers: [registry],
    collect() {
      this.set({ type: 'token' }, sources.cache.size);
      this.set({ type: 'unknown' }, sources.cache.negativeSize);
    },
  });
  new Gauge({
    name: 'tessera_token_cache_bytes', help: 'Estimated memory held by cached tokens.', registers: [registry],
    collect() {
      this.set(sources.cache.bytes);
    },
  });
  new Gauge({
    name: 'tessera_token_cache_trusted', help: '1 when the cache answers validations; 0 while it is bypassed (listener down, or cache off).', registers: [registry],
    collect() {
      this.set(sources.cache.isTrusted ? 1 : 0);
    },
  });
  new Gauge({
    name: 'tessera_invalidation_listener_state', help: 'State of the LISTEN connection that carries cache invalidations (1 for the current state).', labelNames: ['state'], registers: [registry],
    collect() {
      const now = sources.listener().status;
      for (const s of LISTENER_STATES) this.set({ state: s }, s === now ? 1 : 0);
    },
  });
  new Counter({
    name: 'tessera_invalidation_listener_reconnects_total', help: 'Times the invalidation listener reconnected after losing its connection.', registers: [registry],
    collect() {
      this.reset();
      this.inc(sources.listener().reconnects ?? 0);
    },
  });
  new Gauge({
    name: 'tessera_db_pool_connections', help: 'Database pool connections (PGlite: one in-process connection).', labelNames: ['state', 'engine'], registers: [registry],
    collect() {
      const p = sources.poolStats();
      this.set({ state: 'total', engine: sources.engine }, p.total);
      this.set({ state: 'idle', engine: sources.engine }, p.idle);
    },
  });
  new Gauge({
    name: 'tessera_db_pool_waiting', help: 'Queries waiting for a database connection.', labelNames: ['engine'], registers: [registry],
    collect() {
      this.set({ engine: sources.engine }, sources.poolStats().waiting);
    },
  });

  return {
    registry,
    observeValidation,
    observeGateway,
    observeRequest,
    business,
  };
}
