import type { Registry } from 'prom-client';
import type { ValidationObserver, ValidationOutcome } from '../tokens/validation-service.js';
import { registerPlainMetric } from './plain-metric.js';

/**
 * Validation counts and latency, kept as plain numbers on the hot path (a validation costs a
 * couple of microseconds; prom-client's label hashing per call would add a sixth) and turned
 * into Prometheus metrics when scraped.
 */
const OUTCOMES: readonly ValidationOutcome[] = ['valid', 'invalid', 'expired', 'revoked', 'malformed'];
/** Seconds. A cache hit is a few µs, a database read about a millisecond. */
export const LATENCY_BUCKETS = [0.000005, 0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5];
const BOUNDS_MS = LATENCY_BUCKETS.map((s) => s * 1000);

export function registerValidationMetrics(registry: Registry): ValidationObserver {
  const counts: Record<ValidationOutcome, number> = { valid: 0, invalid: 0, expired: 0, revoked: 0, malformed: 0 };
  const buckets = new Float64Array(BOUNDS_MS.length + 1); // the last one: above every bound
  let sumMs = 0;

  registerPlainMetric(registry, 'tessera_validations_total', 'Token validations by result.', 'counter', () => OUTCOMES.map((o) => ({ labels: { result: o }, value: counts[o] })));
  registerPlainMetric(registry, 'tessera_validation_duration_seconds', 'Time to validate a token in-process (cache hit or database read), without HTTP.', 'histogram', () => {
    const values: object[] = [];
    let cumulative = 0;
    LATENCY_BUCKETS.forEach((le, i) => {
      cumulative += buckets[i]!;
      values.push({ metricName: 'tessera_validation_duration_seconds_bucket', labels: { le }, value: cumulative });
    });
    cumulative += buckets[BOUNDS_MS.length]!;
    values.push({ metricName: 'tessera_validation_duration_seconds_bucket', labels: { le: '+Inf' }, value: cumulative });
    values.push({ metricName: 'tessera_validation_duration_seconds_sum', labels: {}, value: sumMs / 1000 });
    values.push({ metricName: 'tessera_validation_duration_seconds_count', labels: {}, value: cumulative });
    return values;
  });

  return (outcome, startedAt) => {
    counts[outcome]++;
    const ms = performance.now() - startedAt;
    sumMs += ms;
    let i = 0;
    while (i < BOUNDS_MS.length && ms > BOUNDS_MS[i]!) i++;
    buckets[i]!++;
  };
}
