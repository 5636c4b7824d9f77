import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ErrorResponse } from '../http/common-schemas.js';
import { auditContextOf } from '../auth/request-context.js';
import { ApiError } from '../errors/api-error.js';
import type { LeakReport, LeakService } from './leak-service.js';
import { MAX_MATCHES } from './leak-service.js';
import type { GitHubScanningKeys } from './github-scanning-keys.js';
import { LeakFeedbackList, ReportLeakBody, ReportLeakResponse } from './leak-schemas.js';

/** GitHub sends a few matches per request; a body past this is refused before anything is parsed or verified. */
export const GITHUB_BODY_LIMIT = 64 * 1024;

/**
 * Leaked-token reports, both anonymous: GitHub's secret-scanning partner endpoint (the signature
 * is the credential; verified over the raw body before the body is even parsed) and report-leak
 * (the token is the proof). Each costs at most one signature check, or one token lookup per match.
 */
export const leakRoutes: FastifyPluginAsync<{ leaks: LeakService; githubKeys: GitHubScanningKeys }> = async (fastify, { leaks, githubKeys }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post('/v1/tokens/report-leak', {
    config: { public: true },
    schema: {
      operationId: 'reportLeakedToken', tags: ['tokens'], security: [],
      summary: 'Report a Tessera token found where it should not be (any scanner, or a person). The token is the proof: a live one is revoked or flagged per its workspace\'s leak_response',
      body: ReportLeakBody, response: { 202: ReportLeakResponse, 400: ErrorResponse },
    },
  }, async (request, reply) => {
    await leaks.report([request.body], 'report_leak', auditContextOf(request));
    return reply.status(202).send({ received: true });
  });

  // The signature covers the raw bytes: this plugin keeps JSON bodies as a Buffer.
  await app.register(async (raw) => {
    raw.removeContentTypeParser('application/json');
    raw.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: GITHUB_BODY_LIMIT }, (_request, body, done) => done(null, body));
    raw.post('/v1/secret-scanning/github', {
      config: { public: true },
      bodyLimit: GITHUB_BODY_LIMIT,
      schema: {
        operationId: 'githubSecretScanning', tags: ['tokens'], security: [],
        summary: 'GitHub secret-scanning partner endpoint: a signed JSON array of `{token, type, url, source}` matches (at most 100); answers the feedback list',
        description: 'Verifies `Github-Public-Key-Signature` (base64 DER ECDSA P-256 SHA-256 over the raw body) with the key `Github-Public-Key-Identifier` names, from TESSERA_GITHUB_SCANNING_KEYS_URL; a bad or missing signature is `401 invalid_signature` and nothing is read.',
        response: { 200: LeakFeedbackList, 400: ErrorResponse, 401: ErrorResponse, 413: ErrorResponse, 415: ErrorResponse },
      },
    }, async (request) => {
      const body = request.body as Buffer | undefined;
      const keyId = request.headers['github-public-key-identifier'];
      const signature = request.headers['github-public-key-signature'];
      if (!Buffer.isBuffer(body) || typeof keyId !== 'string' || typeof signature !== 'string' || !(await githubKeys.verify(keyId, signature, body))) {
        throw new ApiError('invalid_signature', 'the Github-Public-Key-Signature does not verify over this body with the key Github-Public-Key-Identifier names');
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        throw new ApiError('malformed_json', 'request body is not valid JSON');
      }
      if (!Array.isArray(parsed) || parsed.length > MAX_MATCHES) throw new ApiError('invalid_request', `the body must be a JSON array of at most ${MAX_MATCHES} matches`);
      const matches: LeakReport[] = [];
      for (const m of parsed as Record<string, unknown>[]) {
        if (typeof m?.token !== 'string' || m.token.length > 200) throw new ApiError('invalid_request', 'each match needs a string token (at most 200 characters)');
        const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
        matches.push({ token: m.token, type: str(m.type), url: str(m.url), source: str(m.source) });
      }
      return leaks.report(matches, 'github_secret_scanning', auditContextOf(request));
    });
  });
};
