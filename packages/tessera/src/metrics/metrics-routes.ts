import { timingSafeEqual, hash } from 'node:crypto';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { ApiError } from '../errors/api-error.js';
import { bearerChallenge } from '../errors/bearer-challenge.js';
import type { Metrics } from './metrics.js';

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;
const FORWARDING_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip'];

/**
 * Who may read /metrics: with TESSERA_METRICS_TOKEN set, whoever sends it as a bearer token
 * (compared in constant time); without it, only a direct request from this machine — loopback
 * peer address and no forwarding header, so a reverse proxy on the same host does not open it to
 * the world. Metrics hold no secrets, but counts of denied validations are nobody else's business.
 */
export function metricsAccess(request: FastifyRequest, token: string | undefined): void {
  if (token) {
    const m = /^Bearer +(.+)$/i.exec(request.headers.authorization ?? '');
    const digest = (s: string) => hash('sha256', s, 'buffer') as unknown as Buffer;
    if (!m || !timingSafeEqual(digest(m[1]!.trim()), digest(token))) {
      throw new ApiError('unauthenticated', 'send the metrics token: "Authorization: Bearer $TESSERA_METRICS_TOKEN"', {}, bearerChallenge(m ? 'invalid_token' : undefined));
    }
    return;
  }
  const peer = request.socket.remoteAddress ?? '';
  const proxied = FORWARDING_HEADERS.some((h) => request.headers[h] !== undefined);
  if (!LOOPBACK.test(peer) || proxied) {
    throw new ApiError('forbidden', '/metrics answers only direct requests from this machine; set TESSERA_METRICS_TOKEN to scrape it from elsewhere');
  }
}

/** `GET /metrics`: Prometheus text format. Public route (no API credentials); its own access rule above. */
export const metricsRoutes: FastifyPluginAsync<{ metrics: Metrics; token: string | undefined }> = async (app, { metrics, token }) => {
  app.get('/metrics', { schema: { hide: true }, config: { public: true }, logLevel: 'warn' }, async (request, reply) => {
    metricsAccess(request, token);
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });
};
