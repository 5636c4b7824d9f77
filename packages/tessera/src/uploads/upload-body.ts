import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { ApiError } from '../errors/api-error.js';

const gunzipAsync = promisify(gunzip);

export const isGzip = (data: Uint8Array) => data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b;

export const tooLarge = (limit: number, what = 'the upload') =>
  new ApiError('payload_too_large', `${what} is larger than the upload limit of ${limit} bytes`, { limit_bytes: limit });

/**
 * The artifact as it will be stored: gzip data (announced by `Content-Encoding: gzip`, or a `.gz`
 * file recognized by its magic bytes) is decompressed, and never past `limit` bytes — zlib stops
 * as soon as the output would exceed it, so a gzip bomb costs at most the limit in memory.
 */
export async function decodeUploadBody(data: Buffer, opts: { contentEncoding?: string | undefined; limit: number }): Promise<{ data: Buffer; gzipped: boolean }> {
  const encoding = (opts.contentEncoding ?? '').trim().toLowerCase();
  if (encoding && encoding !== 'identity' && encoding !== 'gzip' && encoding !== 'x-gzip') {
    throw new ApiError('unsupported_media_type', `Content-Encoding "${encoding.slice(0, 40)}" is not supported: send the file as is or gzip-compressed`);
  }
  const declaredGzip = encoding === 'gzip' || encoding === 'x-gzip';
  if (declaredGzip && !isGzip(data)) throw new ApiError('invalid_request', 'Content-Encoding is gzip but the body is not gzip data');
  if (!isGzip(data)) return { data, gzipped: false };
  try {
    return { data: await gunzipAsync(data, { maxOutputLength: opts.limit }), gzipped: true };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(opts.limit, 'the decompressed upload');
    throw new ApiError('invalid_request', `the gzip data is corrupt or truncated (${code ?? 'unreadable'})`);
  }
}

/** Media types served back as they were declared; any other becomes the format's own type. */
const KEPT_TYPES = new Set(['text/plain', 'text/xml', 'application/xml', 'application/json', 'application/sarif+json']);
const FORMAT_TYPES: Record<string, string> = { lcov: 'text/plain', cobertura: 'application/xml', junit: 'application/xml', sarif: 'application/sarif+json' };

/** The stored content type: the declared one if it describes a report, else the format's (octet-stream when unknown). */
export function storedContentType(declared: string | undefined, format: string, gzipped: boolean): string {
  const media = (declared ?? '').split(';')[0]!.trim().toLowerCase();
  if (!gzipped && KEPT_TYPES.has(media)) return media;
  return FORMAT_TYPES[format] ?? 'application/octet-stream';
}

const DEFAULT_NAMES: Record<string, string> = { lcov: 'lcov.info', cobertura: 'cobertura.xml', junit: 'junit.xml', sarif: 'results.sarif' };

/** A file name without any directory part, control character or the .gz of a decompressed file. */
export function storedFilename(given: string | undefined, format: string, gzipped: boolean): string {
  // eslint-disable-next-line no-control-regex
  let name = (given ?? '').split(/[/\\]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 255);
  if (gzipped) name = name.replace(/\.gz$/i, '');
  if (!name || name === '.' || name === '..') return DEFAULT_NAMES[format] ?? 'upload.bin';
  return name;
}

/** `Content-Disposition: attachment` with an ASCII fallback and the exact name in RFC 5987 form. */
export function attachmentHeader(filename: string): string {
  const ascii = filename.replace(/[^A-Za-z0-9._-]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
