import { createMetrics } from '../metrics/metrics.js';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/**
 * The metrics table of docs/operations.md, from the registry a server builds: every `tessera_`
 * metric with its type, labels and help text (prom-client's process metrics in one row).
 */
export async function renderMetricsTable(): Promise<string> {
  const stats = { hits: 0, misses: 0, negativeHits: 0, bypassed: 0, evictions: 0, flushes: 0 };
  const metrics = createMetrics({
    engine: 'postgres',
    cache: { stats, size: 0, negativeSize: 0, bytes: 0, isTrusted: true, enabled: true },
    poolStats: () => ({ total: 0, idle: 0, waiting: 0 }),
    listener: () => ({ status: 'connected' }),
  });
  // One request, so the request metrics show their labels.
  metrics.observeRequest('GET', '/healthz', 200, 1);
  const all = await metrics.registry.getMetricsAsJSON();
  const rows = all.filter((m) => m.name.startsWith('tessera_')).map((m) => {
    const labels = [...new Set(m.values.flatMap((v) => Object.keys(v.labels)).filter((l) => l !== 'le'))];
    return `| \`${m.name}${labels.length ? `{${labels.join(',')}}` : ''}\` | ${m.type} | ${cell(m.help)} |`;
  });
  rows.push("| `process_*`, `nodejs_*` | | prom-client's default process metrics: CPU, memory, event-loop lag, GC, handles |");
  return ['| Metric | Type | Meaning |', '| --- | --- | --- |', ...rows].join('\n');
}
