import type { IncomingMessage, ServerResponse } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';
import type { RequestObserver } from '../metrics/http-metrics.js';
import { parseTraceparent, traceResponse } from '../http/trace-context.js';
import type { RefResolver, ResolvedRef } from '../workspaces/ref-resolver.js';
import { BEARER, combine, decide, defaultScopeFor, headerValue, SCOPE_PATTERN, type GatewayResult, type IdentityHeaders } from './gateway-decision.js';
import type { WarmValidation } from './validation-service.js';

export interface GatewayFastPathDeps {
  validation: WarmValidation;
  refs: RefResolver;
  /** The route's counter of gateway results (metrics). */
  observe: (result: GatewayResult) => void;
  /** The app's HTTP request metrics (its onResponse hook's). */
  observeRequest: RequestObserver;
  /** The app's request id generator (Fastify's genReqId): the same ids, from the same counter. */
  requestId: (req: IncomingMessage) => string;
  /** config.trust_proxy, as given to Fastify: the client IP is then the first X-Forwarded-For entry. */
  trustProxy: boolean;
}

/** Answers the request and returns true, or returns false having changed nothing. */
export type FastPath = (req: IncomingMessage, res: ServerResponse) => boolean;

const PATH = '/v1/auth/gateway';
const QUESTION_MARK = 0x3f;
/** The methods the route accepts (gateway-routes.ts). */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const SCOPE = new RegExp(SCOPE_PATTERN);
/** Query values taken as they are: no percent-encoding or `+` to decode, nothing the schema could read differently. */
const PLAIN = /^[A-Za-z0-9_.:/-]+$/;
const NONE: Query = Object.freeze({});
const trustAll = () => true;

type Query = { scope?: string; project?: string; workspace?: string };

/**
 * An optimisation of `/v1/auth/gateway` (tokens/gateway-routes.ts, the schema-first route that
 * OpenAPI documents), in front of Fastify's routing: the one answer a proxy asks for on nearly
 * every request — a token this process has already verified, warm in a trusted cache, allowed —
 * is sent from node:http directly, with the same status, headers and (empty) body the route
 * sends, and the same records: the token's last use from the same client IP, the validation and
 * gateway metrics, the HTTP request metric, no log line (the route logs at `warn` only). It
 * costs the route's answer without Fastify's per-request plumbing (request and reply objects,
 * hooks, schema checks), which is most of the check's time behind nginx `auth_request`.
 *
 * Anything else returns false before a single record is made, and Fastify answers it as if this
 * did not exist: a cold, unknown, revoked, expired or malformed token, a denial (403), a body, a
 * query string that is not plainly one of the route's own parameters, a project or workspace
 * not resolved yet, a path under `/v1/auth/gateway/`, a closing server. The decision is judged
 * by the route's own functions (decide, the cache's trust rules through peekWarm), so the two
 * cannot disagree on who passes; gateway-fast-path.test.ts compares their answers.
 */
export function gatewayFastPath(deps: GatewayFastPathDeps): FastPath {
  const { validation, refs, observe, observeRequest, requestId } = deps;
  // Fastify's request.ip: with trustProxy true, its own proxy-addr with a trust-everything rule.
  const clientIp = deps.trustProxy
    ? (req: IncomingMessage) => {
      const all = proxyAddr.all(req, trustAll);
      return all[all.length - 1];
    }
    : (req: IncomingMessage) => req.socket.remoteAddress;

  return (req, res) => {
    const url = req.url;
    if (url === undefined || !url.startsWith(PATH)) return false;
    const method = req.method;
    if (method === undefined || !METHODS.has(method)) return false;
    let q = NONE;
    if (url.length !== PATH.length) {
      if (url.charCodeAt(PATH.length) !== QUESTION_MARK) return false;
      if (url.length > PATH.length + 1) {
        const parsed = parseQuery(url.slice(PATH.length + 1));
        if (parsed === undefined) return false;
        q = parsed;
      }
    }
    const h = req.headers;
    // A body: the route answers with Connection: close, and it is none of the hot path's business.
    if (h['content-length'] !== undefined ? h['content-length'] !== '0' : h['transfer-encoding'] !== undefined) return false;
    const auth = h.authorization;
    if (auth === undefined) return false;
    const m = BEARER.exec(auth);
    if (m === null) return false;
    const started = performance.now();
    const warm = validation.peekWarm(m[1]!);
    if (warm === undefined) return false;

    const scope = q.scope ?? defaultScopeFor(headerValue(h['x-original-method']) ?? headerValue(h['x-forwarded-method']) ?? method);
    let target: ResolvedRef | null | undefined;
    let label = '';
    if (q.project !== undefined || q.workspace !== undefined) {
      // Asked only for a valid token, as the route does (a stranger cannot fill the resolver).
      const p = q.project !== undefined ? refs.project(q.project) : undefined;
      const w = q.workspace !== undefined ? refs.workspace(q.workspace) : undefined;
      if (p instanceof Promise || w instanceof Promise) {
        // Not resolved yet: the route resolves it (and this load fills the resolver for the next request).
        for (const pending of [p, w]) if (pending instanceof Promise) pending.then(undefined, () => {});
        return false;
      }
      target = combine(p, w);
      label = q.project ?? q.workspace!;
    }
    const d = decide(warm.token, scope, target, label);
    if (!d.allowed) return false;

    // Answered here: the same records as the route, once.
    validation.recordWarm(warm, clientIp(req) ?? null);
    observe('allowed');
    const headers = allowedHeaders(d.headers).slice();
    headers.push('x-request-id', requestId(req));
    const traceparent = h.traceparent;
    if (traceparent !== undefined) {
      const parent = parseTraceparent(traceparent);
      if (parent) headers.push('traceresponse', traceResponse(parent));
    }
    // Fastify sends no length for HEAD (a HEAD answer describes the GET's).
    if (method !== 'HEAD') headers.push('content-length', '0');
    res.writeHead(200, headers);
    res.end();
    observeRequest(method, PATH, 200, performance.now() - started);
    return true;
  };
}

/**
 * The route's query string when it is plainly its own: each of `scope`, `project`, `workspace` at
 * most once, with a value the route's schema accepts as it is. Anything else (another parameter,
 * a repeat, an encoded character, a value the schema refuses, a project named neither way the
 * route accepts) is undefined: the route answers it, with its own error where there is one.
 */
function parseQuery(query: string): Query | undefined {
  const q: Query = {};
  for (const part of query.split('&')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return undefined;
    const key = part.slice(0, eq);
    const value = part.slice(eq + 1);
    if (!PLAIN.test(value)) return undefined;
    if (key === 'scope' && q.scope === undefined && SCOPE.test(value)) q.scope = value;
    else if (key === 'project' && q.project === undefined && value.length <= 200 && (value.includes('/') || value.startsWith('prj_'))) q.project = value;
    else if (key === 'workspace' && q.workspace === undefined && value.length <= 100) q.workspace = value;
    else return undefined;
  }
  return q;
}

/** Per identity headers object (kept by gateway-decision.ts per cached identity): the route's headers before the per-request ones, as writeHead's flat list. */
const prefixes = new WeakMap<IdentityHeaders, string[]>();

function allowedHeaders(identity: IdentityHeaders): string[] {
  let flat = prefixes.get(identity);
  if (flat === undefined) {
    flat = [];
    for (const [name, value] of Object.entries(identity)) flat.push(name, value);
    // app.ts's onSend hook, in its order.
    flat.push('cache-control', 'no-store', 'x-content-type-options', 'nosniff');
    prefixes.set(identity, flat);
  }
  return flat;
}
