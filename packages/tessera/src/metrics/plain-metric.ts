import type { Registry } from 'prom-client';

/**
 * A metric whose values are plain numbers the caller keeps and hands over when scraped: nothing
 * of prom-client runs on the path that counts.
 */
export function registerPlainMetric(registry: Registry, name: string, help: string, type: 'counter' | 'histogram', values: () => object[]): void {
  const metric = {
    name, help, type, aggregator: 'sum',
    get: async () => ({ name, help, type, aggregator: 'sum', values: values() }),
    reset() {},
  };
  registry.registerMetric(metric as unknown as Parameters<Registry['registerMetric']>[0]);
}
