import type { FastifyRequest } from 'fastify';
import { buildValidatorCompiler } from '../http/validators.js';
import { ApiError } from '../errors/api-error.js';
import { decodeUploadBody, tooLarge } from './upload-body.js';
import type { NewUpload, UploadMetadataInput } from './upload-service.js';
import { UploadMetadata } from './upload-schemas.js';

/** Validates multipart form fields against the same schema (and messages) as the query string. */
const validateFields = buildValidatorCompiler()({ schema: UploadMetadata, httpPart: 'querystring', method: 'POST', url: '' }) as ((v: unknown) => boolean) & { errors?: unknown[] };

const MULTIPART_LIMITS = { fieldSize: 1024, fields: 16, parts: 20, files: 1, headerPairs: 100 };

interface FilePart {
  data: Buffer;
  filename: string | undefined;
  mimetype: string | undefined;
}

/** A multipart/form-data body: metadata fields and exactly one file part. */
async function readMultipart(request: FastifyRequest, limit: number): Promise<{ fields: Record<string, string>; file: FilePart }> {
  const fields: Record<string, string> = Object.create(null);
  let file: FilePart | undefined;
  try {
    for await (const part of request.parts({ limits: { ...MULTIPART_LIMITS, fileSize: limit } })) {
      if (part.type === 'file') {
        file = { data: await part.toBuffer(), filename: part.filename || undefined, mimetype: part.mimetype || undefined };
        continue;
      }
      if (part.valueTruncated) throw new ApiError('invalid_request', `form field "${part.fieldname}" is longer than ${MULTIPART_LIMITS.fieldSize} bytes`);
      if (part.fieldname in fields) throw new ApiError('invalid_request', `form field "${part.fieldname}" is given twice`);
      fields[part.fieldname] = String(part.value);
    }
  } catch (err) {
    throw multipartError(err, limit);
  }
  if (!file) throw new ApiError('invalid_request', 'the multipart form has no file part: send the report as a file field (e.g. -F file=@coverage.lcov)');
  return { fields: { ...fields }, file };
}

/** @fastify/multipart and busboy errors, as the API's own: every one is the sender's mistake. */
function multipartError(err: unknown, limit: number): Error {
  if (err instanceof ApiError) return err;
  const code = (err as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge(limit);
  if (code === 'FST_FILES_LIMIT') return new ApiError('invalid_request', 'send one file per upload');
  if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT') return new ApiError('invalid_request', `the multipart form has too many fields (at most ${MULTIPART_LIMITS.fields})`);
  if (code === 'FST_PROTO_VIOLATION') return new ApiError('invalid_request', 'a form field name is not allowed');
  return new ApiError('invalid_request', `malformed multipart/form-data body: ${(err as Error)?.message ?? 'unreadable'}`);
}

/** Query-string metadata plus form fields, each named once, validated as one. */
function mergeMetadata(query: UploadMetadataInput, fields: Record<string, string>): UploadMetadataInput {
  for (const key of Object.keys(fields)) {
    if (key in query) throw new ApiError('invalid_request', `"${key}" is given both in the query string and as a form field`);
  }
  const merged = { ...query, ...fields };
  if (!validateFields(merged)) {
    throw Object.assign(new Error('invalid form fields'), { validation: validateFields.errors, validationContext: 'body', statusCode: 400 });
  }
  return merged as UploadMetadataInput;
}

/**
 * What a POST …/uploads request carries, whichever way it was sent: the raw file as the body
 * (metadata in the query string) or a multipart form (metadata as fields or in the query), either
 * possibly gzip-compressed, decompressed within the upload limit.
 */
export async function readUploadRequest(request: FastifyRequest, query: UploadMetadataInput, limit: number): Promise<NewUpload> {
  if (request.isMultipart()) {
    const { fields, file } = await readMultipart(request, limit);
    const meta = mergeMetadata(query, fields);
    const { data, gzipped } = await decodeUploadBody(file.data, { limit });
    return { meta, data, gzipped, declaredType: file.mimetype, partFilename: file.filename };
  }
  const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  const { data, gzipped } = await decodeUploadBody(raw, { contentEncoding: request.headers['content-encoding'], limit });
  return { meta: query, data, gzipped, declaredType: request.headers['content-type'] };
}
