import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppContext } from './composition-root.js';
import { clientErrors, frameworkErrors, installErrorHandler } from './http/error-handler.js';
import { authDeps, installAuthentication } from './auth/authentication.js';
import { buildValidatorCompiler } from './http/validators.js';
import { installJsonCompression } from './http/compression.js';
import { lazyChildLoggerFactory } from './http/request-logger.js';
import { installJsonParser } from './http/json-body.js';
import { requestIdGenerator, requestIds } from './http/request-ids.js';
import { parseTraceparent, traceResponse } from './http/trace-context.js';
import { ErrorSchema } from './http/common-schemas.js';
import { identityRoutes } from './identity/identity-routes.js';
import { setupPage } from './identity/setup-page.js';
import { tokenRoutes } from './tokens/token-routes.js';
import { validationRoutes } from './tokens/validation-routes.js';
import { gatewayRoutes } from './tokens/gateway-routes.js';
import { gatewayFastPath } from './tokens/gateway-fast-path.js';
import { workspaceRoutes } from './workspaces/workspace-routes.js';
import { memberRoutes } from './workspaces/member-routes.js';
import { invitationRoutes } from './identity/invitation-routes.js';
import { auditRoutes } from './audit/audit-routes.js';
import { uploadRoutes } from './uploads/upload-routes.js';
import { healthRoutes } from './health/health-routes.js';
import { metricsRoutes } from './metrics/metrics-routes.js';
import { trustPolicyRoutes } from './oidc/trust-policy-routes.js';
import { exchangeRoutes } from './oidc/exchange-routes.js';
import { consoleRoutes } from './console/console-routes.js';
import { scopeRoutes } from './authz/scope-routes.js';
import { withInstanceScopes } from './authz/scope-schemas.js';
import { verifierRoutes } from './verifiers/verifier-routes.js';
import { introspectionRoutes } from './verifiers/introspection-routes.js';
import { verifierEventsRoutes } from './verifiers/verifier-events-routes.js';
import { webhookRoutes } from './webhooks/webhook-routes.js';
import { leakRoutes } from './tokens/leak-routes.js';

/** pino's own test; Fastify's no-op logger (logger: false) has none, and its info does nothing anyway. */
const infoEnabled = (log: FastifyBaseLogger) => (log as Partial<Pick<Logger, 'isLevelEnabled'>>).isLevelEnabled?.('info') ?? true;

export interface AppOptions {
  logger?: boolean | object;
}

/** The HTTP app: no listen here (server.ts owns that), so tests drive it with inject(). */
export async function buildApp(ctx: AppContext, options: AppOptions = {}): Promise<FastifyInstance> {
  const ids = requestIds();
  const genReqId = requestIdGenerator(ctx.config.trust_proxy, ids);
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: ctx.config.body_limit_bytes,
    trustProxy: ctx.config.trust_proxy,
    genReqId,
    // The per-request child logger is made only when the request writes a line.
    ...(options.logger ? { childLoggerFactory: lazyChildLoggerFactory } : {}),
    // 160: room for an upload path's `<workspace>%2F<project>` (39 + 3 + 100 characters).
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 160 },
    frameworkErrors,
    // Requests Node's HTTP parser refuses (431, malformed), in the same error shape.
    clientErrorHandler: clientErrors(ids),
    // Fastify's own request logs print the raw URL (a setup or invitation link carries its code in
    // the query) in two lines per request; the onResponse hook below writes one line, without it.
    logController: new LogController({ disableRequestLogging: true }),
    // Fastify types this factory as Ajv-shaped; ours returns a plain FastifySchemaCompiler, which is what it calls.
    schemaController: { compilersFactory: { buildValidator: buildValidatorCompiler as never } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // The API speaks JSON: anything else is a 415, not a string that fails validation later.
  app.removeContentTypeParser('text/plain');
  installJsonParser(app);
  app.addSchema(ErrorSchema);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Tessera API', version: '1', description: 'API tokens for developer platforms: issue, scope, rotate, revoke and validate.', license: { name: 'Apache-2.0', identifier: 'Apache-2.0' } },
      servers: [{ url: ctx.config.public_url }],
      components: { securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'A session token (tsrs_…) or an API token; on introspection, a verifier credential (tsrv_…).' },
        basic: { type: 'http', scheme: 'basic', description: 'Introspection only: any client id, a verifier credential (tsrv_…) as the password.' },
      } },
      security: [{ bearer: [] }],
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
    // Scope enums list this instance's scopes, platform-defined ones included.
    transformObject: (doc) => withInstanceScopes('openapiObject' in doc ? doc.openapiObject : doc.swaggerObject, ctx.scopes),
  });
  await app.register(async (docs) => {
    docs.addHook('onRoute', (route) => {
      route.config = { ...(route.config ?? {}), public: true };
    });
    await docs.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list' } });
  });
  app.get('/openapi.json', { schema: { hide: true }, config: { public: true } }, () => app.swagger());

  installErrorHandler(app, ctx.config.body_limit_bytes);
  const auth = authDeps(ctx);
  installAuthentication(app, auth);

  // Callback hooks, not async ones: every request runs them, so no promise and no microtask.
  const observeRequest = ctx.metrics.observeRequest;
  app.addHook('onResponse', (request, reply, done) => {
    observeRequest(request.method, request.routeOptions.url, reply.statusCode, reply.elapsedTime);
    if (infoEnabled(request.log)) {
      request.log.info({ method: request.method, route: request.routeOptions.url ?? null, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10, ip: request.ip }, 'request');
    }
    done();
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('cache-control', 'no-store');
    reply.header('x-content-type-options', 'nosniff');
    // The id this request is logged under, and the caller's trace (W3C Trace Context) answered.
    reply.header('x-request-id', request.id);
    const traceparent = request.headers.traceparent;
    if (traceparent !== undefined) {
      const parent = parseTraceparent(traceparent);
      if (parent) reply.header('traceresponse', traceResponse(parent));
    }
    done(null, payload);
  });

  // JSON answers of a few KB or more (lists, audit pages, the OpenAPI document) go out compressed.
  installJsonCompression(app);

  // Each plugin gets the few services it uses, never the whole context or the database.
  const publicUrl = ctx.config.public_url;
  await app.register(identityRoutes, { setup: ctx.setup, sessions: ctx.sessions, profiles: ctx.profiles, keyring: ctx.keyring, publicUrl });
  // The console serves /setup when it is built; otherwise the plain form does.
  const consoleServed = await consoleRoutes(app, { consoleDir: ctx.config.console_dir, publicUrl });
  if (!consoleServed) await app.register(setupPage);
  await app.register(validationRoutes, { validation: ctx.validation });
  await app.register(workspaceRoutes, { workspaces: ctx.workspaces, projects: ctx.projects });
  await app.register(memberRoutes, { members: ctx.members });
  await app.register(invitationRoutes, { invitations: ctx.invitations, keyring: ctx.keyring, publicUrl });
  await app.register(tokenRoutes, { tokens: ctx.tokens });
  await app.register(auditRoutes, { audit: ctx.audit });
  await app.register(uploadRoutes, { uploads: ctx.uploads, oidc: ctx.oidc, auth, limitBytes: ctx.config.upload_limit_bytes });
  await app.register(healthRoutes, { readiness: ctx.readiness });
  await app.register(metricsRoutes, { metrics: ctx.metrics, token: ctx.config.metrics_token });
  await app.register(trustPolicyRoutes, { trustPolicies: ctx.trustPolicies });
  await app.register(exchangeRoutes, { oidc: ctx.oidc });
  await app.register(gatewayRoutes, { validation: ctx.validation, refs: ctx.refs, observe: ctx.metrics.observeGateway });
  await app.register(scopeRoutes, { scopes: ctx.scopes });
  await app.register(verifierRoutes, { verifiers: ctx.verifiers, instanceAdmins: ctx.instanceAdmins });
  await app.register(introspectionRoutes, { validation: ctx.validation, issuer: publicUrl });
  await app.register(verifierEventsRoutes, { events: ctx.verifierEvents });
  await app.register(webhookRoutes, { webhooks: ctx.webhooks });
  await app.register(leakRoutes, { leaks: ctx.leaks, githubKeys: ctx.githubKeys });

  // The gateway check's warm, allowed answer, in front of Fastify's routing (tokens/gateway-fast-path.ts):
  // everything it does not answer goes to Fastify's own request handler, untouched. inject() is
  // Fastify's handler, so tests that inject see the route itself.
  const fast = gatewayFastPath({ validation: ctx.validation, refs: ctx.refs, observe: ctx.metrics.observeGateway, observeRequest, requestId: genReqId, trustProxy: ctx.config.trust_proxy });
  let closing = false;
  // Closing: Fastify answers 503 to new requests; so does it for this one.
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  const routing = app.routing;
  app.server.removeListener('request', routing);
  app.server.on('request', (req, res) => {
    if (closing || !fast(req, res)) routing(req, res);
  });
  return app;
}
