import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import multipart from '@fastify/multipart';
import { Type } from 'typebox';
import { ErrorResponse, errorResponses } from '../http/common-schemas.js';
import { ApiError } from '../errors/api-error.js';
import { auditContextOf, principalOf } from '../auth/request-context.js';
import { cursorField, decodeCursor, encodeCursor } from '../http/cursors.js';
import { authenticate, type AuthDeps } from '../auth/authentication.js';
import { buildValidatorCompiler } from '../http/validators.js';
import { looksLikeJwt } from '../oidc/verify-id-token.js';
import type { ExchangeService } from '../oidc/exchange-service.js';
import type { UploadService, UploadTarget } from './upload-service.js';
import { attachmentHeader } from './upload-body.js';
import { readUploadRequest } from './upload-request.js';
import { ListUploadsQuery, PROJECT_PATH_PATTERN, ProjectPathParams, Upload, UploadBody, UploadMetadata, UploadPage, UploadParams } from './upload-schemas.js';

const PROJECT_PATH = new RegExp(PROJECT_PATH_PATTERN);
const validators = buildValidatorCompiler();

/**
 * CI artifact uploads. This plugin alone reads bodies other than JSON: every content type arrives
 * as a Buffer (multipart through @fastify/multipart), within the upload limit rather than the
 * JSON one.
 */
export interface UploadRouteDeps {
  uploads: UploadService;
  /** Tokenless CI: a job's OIDC ID token as the Bearer credential of an upload. */
  oidc: Pick<ExchangeService, 'principalForUpload'>;
  /** This plugin authenticates its upload route itself (it also takes an ID token). */
  auth: AuthDeps;
  limitBytes: number;
}

export const uploadRoutes: FastifyPluginAsync<UploadRouteDeps> = async (fastify, ctx) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const limit = ctx.limitBytes;
  app.addSchema(Upload);
  app.removeAllContentTypeParsers();
  await app.register(multipart, { limits: { fileSize: limit }, throwFileSizeLimit: true });
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: limit }, (_request, body, done) => done(null, body));
  const tags = ['uploads'];

  // Resolved and authorized before the body is read, so a refused upload is not read first.
  const targets = new WeakMap<object, UploadTarget>();

  app.post('/v1/projects/:project/uploads', {
    bodyLimit: limit,
    schema: {
      operationId: 'createUpload',
      tags,
      summary: 'Upload a coverage, test-results or analysis report (raw body or multipart, gzip accepted); answers with its parsed summary',
      description: 'Send the file as the body (any content type but multipart; `Content-Encoding: gzip` or a gzip file is decompressed) with metadata in the query string, or as the file part of a multipart/form-data form with metadata as fields. Needs the `upload` or `write` scope. Tokenless CI: the Bearer credential may also be the CI job\'s OIDC ID token itself (a JWT), exchanged on the spot as by POST /v1/oidc/exchange (single use).',
      params: ProjectPathParams, querystring: UploadMetadata, body: UploadBody,
      response: { 201: Type.Ref('Upload'), ...errorResponses, 413: ErrorResponse, 415: ErrorResponse, 422: ErrorResponse, 503: ErrorResponse },
    },
    // The body schema documents the route; readUploadRequest reads and checks the body itself.
    validatorCompiler: (part) => (part.httpPart === 'body' ? () => true : validators(part)),
    // Authenticated here rather than by the global hook: this route alone also takes a CI ID token as its Bearer credential.
    config: { public: true },
    onRequest: async (request) => {
      const ref = (request.params as { project?: string }).project ?? '';
      const bearer = /^Bearer +(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      if (bearer && looksLikeJwt(bearer)) {
        if (!PROJECT_PATH.test(ref)) throw new ApiError('invalid_request', 'path segment "project" must be a project id (prj_…) or "<workspace>/<project>" with the slash URL-encoded as %2F');
        request.principal = await ctx.oidc.principalForUpload(bearer, ref, auditContextOf(request));
      } else {
        request.principal = await authenticate(request, ctx.auth);
      }
      if (!PROJECT_PATH.test(ref)) throw new ApiError('invalid_request', 'path segment "project" must be a project id (prj_…) or "<workspace>/<project>" with the slash URL-encoded as %2F');
      targets.set(request, await ctx.uploads.resolveProject(principalOf(request), ref, 'upload.write'));
    },
  }, async (request, reply) => {
    const project = targets.get(request);
    if (!project) throw new ApiError('internal_error', 'upload target was not resolved');
    const input = await readUploadRequest(request, request.query, limit);
    return reply.status(201).send(await ctx.uploads.create(principalOf(request), project, input, auditContextOf(request)));
  });

  app.get('/v1/projects/:project/uploads', {
    schema: {
      operationId: 'listUploads',
      tags, summary: "A project's uploads, newest first, with filters (branch, commit, kind) and cursor pagination",
      params: ProjectPathParams, querystring: ListUploadsQuery, response: { 200: UploadPage, ...errorResponses },
    },
  }, async (request) => {
    const { cursor, ...q } = request.query;
    const c = decodeCursor(cursor, { c: cursorField.timestamp, i: cursorField.id('upload') });
    const page = await ctx.uploads.list(principalOf(request), request.params.project, { ...q, cursor: c ? { created_at: c.c, id: c.i } : undefined });
    return { items: page.items, next_cursor: page.next ? encodeCursor({ c: page.next.created_at, i: page.next.id }) : null };
  });

  app.get('/v1/projects/:project/uploads/:id', {
    schema: { operationId: 'getUpload', tags, summary: 'One upload: its metadata and parsed summary (never the file)', params: UploadParams, response: { 200: Type.Ref('Upload'), ...errorResponses } },
  }, async (request) => ctx.uploads.get(principalOf(request), request.params.project, request.params.id));

  app.get('/v1/projects/:project/uploads/:id/raw', {
    schema: {
      operationId: 'downloadUpload',
      tags, summary: 'Download the uploaded file as stored (decompressed), as an attachment',
      params: UploadParams, response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: "The file; its SHA-256 is the upload's sha256 (also the ETag)." }), ...errorResponses },
    },
  }, async (request, reply) => {
    const file = await ctx.uploads.raw(principalOf(request), request.params.project, request.params.id);
    return reply
      .type(file.contentType)
      .header('content-disposition', attachmentHeader(file.filename))
      .header('etag', `"${file.sha256}"`)
      .header('repr-digest', `sha-256=:${Buffer.from(file.sha256, 'hex').toString('base64')}:`)
      .send(file.body);
  });
};
