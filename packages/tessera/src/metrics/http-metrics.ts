import type { Registry } from 'prom-client';
import { registerPlainMetric } from './plain-metric.js';

/**
 * HTTP request counts and durations by method, route pattern and status class, kept as plain
 * numbers on the request path (no label hashing per request, like validation-metrics.ts) and
 * turned into Prometheus series when scraped. The route is the pattern Fastify matched
 * (`/v1/tokens/:id`), never the URL: a request no route matched counts as `unmatched`, so the
 * number of series is bounded by the routes the app registers.
 */
export type RequestObserver = (method: string, route: string | undefined, status: number, elapsedMs: number) => void;

/** Seconds: from a cached validation (well under a millisecond) to a large upload. */
export const HTTP_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const BOUNDS_MS = HTTP_BUCKETS.map((s) => s * 1000);
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'];
export const UNMATCHED_ROUTE = 'unmatched';

interface Series {
  method: string;
  route: string;
  statusClass: string;
  count: number;
  sumMs: number;
  buckets: Float64Array;
}

export function registerHttpMetrics(registry: Registry): RequestObserver {
  // route → method → status class index → series: no string is built per request.
  const byRoute = new Map<string, Map<string, (Series | undefined)[]>>();
  const all: Series[] = [];

  const seriesFor = (method: string, route: string, cls: number): Series => {
    let byMethod = byRoute.get(route);
    if (!byMethod) byRoute.set(route, (byMethod = new Map()));
    let classes = byMethod.get(method);
    if (!classes) byMethod.set(method, (classes = []));
    let s = classes[cls];
    if (!s) {
      s = { method, route, statusClass: CLASSES[cls]!, count: 0, sumMs: 0, buckets: new Float64Array(BOUNDS_MS.length + 1) };
      classes[cls] = s;
      all.push(s);
    }
    return s;
  };

  const labels = (s: Series) => ({ method: s.method, route: s.route, status_class: s.statusClass });
  registerPlainMetric(registry, 'tessera_http_requests_total', 'HTTP requests answered, by method, route pattern (`unmatched` when no route matched) and status class (`2xx`, `4xx`, `5xx`, …).', 'counter',
    () => all.map((s) => ({ labels: labels(s), value: s.count })));
  registerPlainMetric(registry, 'tessera_http_request_duration_seconds', 'Time from receiving a request to sending its answer, by method, route pattern and status class.', 'histogram', () => {
    const values: object[] = [];
    for (const s of all) {
      let cumulative = 0;
      HTTP_BUCKETS.forEach((le, i) => {
        cumulative += s.buckets[i]!;
        values.push({ metricName: 'tessera_http_request_duration_seconds_bucket', labels: { ...labels(s), le }, value: cumulative });
      });
      cumulative += s.buckets[BOUNDS_MS.length]!;
      values.push({ metricName: 'tessera_http_request_duration_seconds_bucket', labels: { ...labels(s), le: '+Inf' }, value: cumulative });
      values.push({ metricName: 'tessera_http_request_duration_seconds_sum', labels: labels(s), value: s.sumMs / 1000 });
      values.push({ metricName: 'tessera_http_request_duration_seconds_count', labels: labels(s), value: cumulative });
    }
    return values;
  });

  return (method, route, status, elapsedMs) => {
    const cls = Math.min(Math.max(Math.floor(status / 100), 1), 5) - 1;
    const s = seriesFor(METHODS.has(method) ? method : 'OTHER', route ?? UNMATCHED_ROUTE, cls);
    s.count++;
    s.sumMs += elapsedMs;
    let i = 0;
    while (i < BOUNDS_MS.length && elapsedMs > BOUNDS_MS[i]!) i++;
    s.buckets[i]!++;
  };
}
