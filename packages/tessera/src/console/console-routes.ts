import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { ApiError } from '../errors/api-error.js';
import { consoleHeaders } from './security-headers.js';

/** Where `npm run build` puts the console (packages/console builds into packages/tessera/dist/web). */
export const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../web/', import.meta.url));
/** Vite writes this placeholder (html.cspNonce) wherever the page needs its nonce. */
const NONCE_PLACEHOLDER = '__CSP_NONCE__';
/**
 * Paths that belong to an API, never to the console's client-side routes: Tessera's own, and
 * the prefixes other services use (`/api/v1/me`, `/v2/…`, `/.well-known/…`), so that a client
 * pointed at the wrong base URL gets a JSON 404 instead of a 200 HTML page it cannot parse.
 */
const API_PATHS = /^\/(v\d+|api|docs|openapi\.json|\.well-known|oauth|graphql)(\/|$)/i;

/** A client that asks for JSON and not for HTML (a browser's navigation always names text/html). */
const wantsJsonOnly = (accept: string | undefined) => accept !== undefined && /\bjson\b/i.test(accept) && !/text\/html/i.test(accept);

/**
 * Serves the built web console: hashed assets under /assets/ (cached for good, sent as the .br or .gz
 * twin the build wrote when the browser accepts it), and index.html (never stored: it carries a per-page nonce) for
 * every other GET, so the console's own router handles /, /setup, /w/acme/tokens… Answers false,
 * registering nothing, when no built console is found.
 */
export async function consoleRoutes(app: FastifyInstance, opts: { consoleDir: string | undefined; publicUrl: string }): Promise<boolean> {
  const dir = opts.consoleDir ?? DEFAULT_CONSOLE_DIR;
  const indexPath = join(dir, 'index.html');
  if (!existsSync(indexPath)) return false;
  const template = readFileSync(indexPath, 'utf8');
  const https = opts.publicUrl.startsWith('https:');

  await app.register(async (scope) => {
    scope.addHook('onRoute', (route) => {
      route.config = { ...(route.config ?? {}), public: true };
    });
    scope.addHook('onSend', async (request, reply) => {
      reply.headers(consoleHeaders({ https }));
      if (request.url.startsWith('/assets/') && reply.statusCode === 200) {
        reply.header('cache-control', 'public, max-age=31536000, immutable');
        // The same URL answers br, gzip or identity bytes: a shared cache must key on Accept-Encoding.
        reply.header('vary', 'accept-encoding');
      }
    });
    if (existsSync(join(dir, 'assets'))) {
      await scope.register(fastifyStatic, { root: join(dir, 'assets'), prefix: '/assets/', schemaHide: true, index: false, wildcard: true, preCompressed: true });
    }
  });

  app.get('/*', { config: { public: true }, schema: { hide: true } }, (request, reply) => {
    const path = request.url.split('?')[0]!;
    if (API_PATHS.test(path) || path.startsWith('/assets/') || wantsJsonOnly(request.headers.accept)) throw new ApiError('not_found_route', `no route GET ${path}`);
    const nonce = randomBytes(16).toString('base64');
    return reply.headers(consoleHeaders({ nonce, https })).type('text/html; charset=utf-8').send(template.replaceAll(NONCE_PLACEHOLDER, nonce));
  });
  return true;
}
