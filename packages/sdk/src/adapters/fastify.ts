import type { TokenIdentity, VerifyOptions } from '../outcome.js';
import type { Verifier } from '../verifier.js';
import { decide, type Decision } from './decide.js';

/** The parts of Fastify this plugin uses, structurally (no dependency on fastify). */
interface FastifyLikeRequest {
  headers: Record<string, string | string[] | undefined>;
  tessera?: TokenIdentity | null;
  routeOptions?: { config?: unknown };
}
interface FastifyLikeReply {
  code(status: number): FastifyLikeReply;
  headers(h: Record<string, string>): FastifyLikeReply;
  send(body: unknown): unknown;
}
interface FastifyLike {
  decorateRequest(name: string, value: unknown): unknown;
  addHook(name: 'onRequest', hook: (request: FastifyLikeRequest, reply: FastifyLikeReply) => Promise<unknown>): unknown;
}

export interface TesseraFastifyOptions {
  verifier: Verifier;
  /** The check for every route of this plugin's scope; a route's `config.tessera` overrides it (`false`: a public route). */
  verify?: VerifyOptions;
}

/**
 * Fastify plugin: `await app.register(tesseraPlugin, { verifier, verify: { scope: 'read' } })`.
 * Every route in the plugin's scope needs a valid bearer token; `request.tessera` is its identity.
 * Per route: `{ config: { tessera: { scope: 'write' } } }`, or `{ config: { tessera: false } }`.
 * Register it with fastify-plugin semantics (`skip-override` is set) so it applies to its parent scope.
 */
export function tesseraPlugin(app: FastifyLike, opts: TesseraFastifyOptions, done?: (err?: Error) => void): Promise<void> | void {
  if (!opts || typeof opts.verifier?.verify !== 'function') throw new TypeError('tesseraPlugin needs { verifier } (createVerifier())');
  app.decorateRequest('tessera', null);
  app.addHook('onRequest', async (request, reply) => {
    const config = (request.routeOptions?.config ?? {}) as { tessera?: VerifyOptions | false };
    if (config.tessera === false) return;
    const o = config.tessera ?? opts.verify;
    const header = request.headers.authorization;
    const d: Decision = await decide(opts.verifier, Array.isArray(header) ? header[0] : header, o);
    if (d.ok) {
      request.tessera = d.identity;
      return;
    }
    return reply.code(d.denial.status).headers(d.denial.headers).send(d.denial.body);
  });
  if (done) done();
}
// Applies to the scope it is registered in (what fastify-plugin does), so routes registered next to it are protected.
(tesseraPlugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;
