import type { FastifyPluginAsync } from 'fastify';
import type { Readiness } from './readiness.js';

/**
 * `GET /healthz`: liveness — the process answers HTTP; touches nothing else, so a database
 * outage never gets a healthy node restarted. `GET /readyz`: readiness — 200 when the database
 * answers and the invalidation listener is connected, else 503 naming the failing check.
 * Both are public and outside the API reference (docs/operations.md documents them).
 */
export const healthRoutes: FastifyPluginAsync<{ readiness: Readiness }> = async (app, { readiness }) => {
  app.get('/healthz', { schema: { hide: true }, config: { public: true }, logLevel: 'warn' }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true }, config: { public: true }, logLevel: 'warn' }, async (_request, reply) => {
    const r = await readiness.check();
    const failing = Object.entries(r.checks).filter(([, c]) => !c.ok).map(([name]) => name);
    reply.code(r.ready ? 200 : 503);
    return { status: r.ready ? 'ready' : 'not_ready', ...(failing.length ? { failing } : {}), checks: r.checks };
  });
};
