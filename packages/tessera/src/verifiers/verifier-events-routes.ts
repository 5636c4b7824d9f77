import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ErrorResponse } from '../http/common-schemas.js';
import { ApiError } from '../errors/api-error.js';
import { principalOf } from '../auth/request-context.js';
import type { EventSink, VerifierEvents } from './verifier-events.js';

/** A client that lets this much of its stream pile up unread is dropped (it reconnects and resumes, or is flushed). */
const MAX_UNREAD_BYTES = 1024 * 1024;

const DESCRIPTION = `Server-Sent Events. Each event's \`data\` is JSON:
- \`ready\` \`{"epoch","workspace_id","heartbeat_ms"}\` first;
- \`invalidate\` \`{"keys":[…]}\` (id \`<epoch>:<seq>\`): evict the cached tokens the keys select — \`t:<public id>\`, \`u:<user id>\` (\`u:*\`: every personal token), \`w:<workspace id>\`, \`j:<project id>\` (\`j:*\`: every project-bound token), \`*\` (everything);
- \`flush\` (with an id): evict everything (a resume this node cannot serve, or its listener reconnected);
- \`heartbeat\`: sent every few seconds only while the node trusts its own invalidation listener;
- \`untrusted\`: the node's listener is down or silent: verify every token with the server until the next heartbeat.
Resume with \`Last-Event-ID\`: the events missed are replayed if this node still holds them, otherwise a \`flush\` comes first.`;

/**
 * `GET /v1/verifiers/events`: the invalidations this node hears, for the SDKs of resource servers
 * holding a verifier credential (verifier-events.ts). Authenticated like introspection, a verifier
 * credential only; a workspace-bound verifier hears only its workspace's keys.
 */
export const verifierEventsRoutes: FastifyPluginAsync<{ events: VerifierEvents }> = async (fastify, { events }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  // Long-lived responses would hold app.close() (Fastify waits for in-flight requests): end them first.
  // Their sockets are never reused (`connection: close`), so every one is destroyed, ended stream or not.
  const sockets = new Set<import('node:net').Socket>();
  app.addHook('preClose', (done) => {
    events.closeAll();
    for (const socket of sockets) socket.destroy();
    done();
  });

  app.get('/v1/verifiers/events', {
    config: { verifier: true },
    logLevel: 'warn',
    schema: {
      operationId: 'verifierEvents', tags: ['verifiers'],
      summary: 'Invalidation stream for SDK caches (verifier credentials only): which verified tokens to forget, as Server-Sent Events',
      description: DESCRIPTION,
      security: [{ bearer: [] }, { basic: [] }],
      headers: Type.Object({ 'last-event-id': Type.Optional(Type.String({ maxLength: 100, description: 'The id of the last event received, to resume.' })) }),
      response: {
        200: { description: 'An event stream (text/event-stream) that stays open', content: { 'text/event-stream': { schema: Type.String() } } },
        400: ErrorResponse, 401: ErrorResponse, 429: ErrorResponse,
      },
    },
  }, (request, reply) => {
    const p = principalOf(request);
    if (p.type !== 'verifier') throw new ApiError('invalid_client', 'this route needs a verifier credential');
    const res = reply.raw;
    const socket = request.raw.socket;
    const sink: EventSink = {
      begin() {
        sockets.add(socket);
        socket.once('close', () => sockets.delete(socket));
        reply.hijack();
        res.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store',
          'x-content-type-options': 'nosniff',
          'x-accel-buffering': 'no', // nginx: pass each event on at once
          'x-request-id': request.id,
          // Not reused once the stream ends (server close included): no keep-alive wait holds shutdown.
          connection: 'close',
        });
        res.flushHeaders();
      },
      write(chunk) {
        if (res.destroyed || res.writableEnded) return false;
        res.write(chunk);
        return res.writableLength <= MAX_UNREAD_BYTES;
      },
      end(now) {
        if (now) res.destroy();
        else if (!res.writableEnded) res.end(() => res.destroy());
      },
    };
    const opened = events.open(p.verifier, request.headers['last-event-id'] ?? null, sink);
    if (typeof opened === 'string') {
      const scope = opened === 'too_many_streams' ? 'this node' : 'this verifier credential';
      throw new ApiError('too_many_streams', `${scope} has as many event streams open as it may; close one, or retry later`, {}, { 'retry-after': '5' });
    }
    request.raw.on('close', () => opened.close());
    res.on('close', () => opened.close());
    return reply as never;
  });
};
