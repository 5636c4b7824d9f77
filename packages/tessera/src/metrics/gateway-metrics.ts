import type { Registry } from 'prom-client';
import type { GatewayResult } from '../tokens/gateway-decision.js';

const RESULTS: readonly GatewayResult[] = ['allowed', 'unauthenticated', 'invalid_token', 'insufficient_scope', 'wrong_project', 'bad_request', 'unavailable'];

/**
 * Gateway answers (`/v1/auth/gateway`) by result, kept as plain numbers on the hot path like the
 * validation counts (validation-metrics.ts) and turned into a Prometheus counter when scraped.
 * The token checks behind them are also counted in `tessera_validations_total`.
 */
export function registerGatewayMetrics(registry: Registry): (result: GatewayResult) => void {
  const counts = Object.fromEntries(RESULTS.map((r) => [r, 0])) as Record<GatewayResult, number>;
  const name = 'tessera_gateway_requests_total';
  const help = 'Gateway (auth_request / forward_auth / ext_authz) answers by result: allowed (200), unauthenticated and invalid_token (401), insufficient_scope and wrong_project (403), bad_request (400), unavailable (503 database_unavailable, or any other 5xx).';
  registry.registerMetric({
    name, help, type: 'counter', aggregator: 'sum',
    get: async () => ({ name, help, type: 'counter', aggregator: 'sum', values: RESULTS.map((r) => ({ labels: { result: r }, value: counts[r] })) }),
    reset() {},
  } as unknown as Parameters<Registry['registerMetric']>[0]);
  return (result) => {
    counts[result]++;
  };
}
