import { brotliCompress, constants, gzip } from 'node:zlib';
import type { FastifyInstance } from 'fastify';

/**
 * Answers below this many bytes go out as they are: compressing them saves less than the work
 * costs. Every answer on the hot paths (validate, gateway, introspection, a token's own view) is
 * well below it, so they pay one type check and one length check, nothing else.
 */
export const COMPRESS_MIN_BYTES = 2048;

/** The encoding to use for an Accept-Encoding header, brotli first; undefined when neither is acceptable. */
export function pickEncoding(accept: string | undefined): 'br' | 'gzip' | undefined {
  if (!accept) return undefined;
  let gzipOk = false;
  for (const part of accept.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q !== undefined && Number(q.slice(2)) === 0) continue;
    if (name === 'br') return 'br';
    if (name === 'gzip' || name === '*') gzipOk = true;
  }
  return gzipOk ? 'gzip' : undefined;
}

/**
 * Compresses JSON answers of COMPRESS_MIN_BYTES or more with brotli (quality 4: fast, close to
 * gzip -9's ratio) or gzip, as the client's Accept-Encoding allows, on libuv's thread pool so the
 * event loop never waits for it. A callback hook: requests whose answer is small run no promise.
 */
export function installJsonCompression(app: FastifyInstance): void {
  app.addHook('onSend', (request, reply, payload, done) => {
    if (typeof payload !== 'string' || payload.length < COMPRESS_MIN_BYTES) return done(null, payload);
    const type = reply.getHeader('content-type');
    if (typeof type !== 'string' || !type.includes('json') || reply.hasHeader('content-encoding')) return done(null, payload);
    const encoding = pickEncoding(request.headers['accept-encoding']);
    reply.header('vary', 'accept-encoding');
    if (!encoding) return done(null, payload);
    const finish = (error: Error | null, compressed: Buffer) => {
      if (error) return done(null, payload);
      reply.header('content-encoding', encoding);
      reply.removeHeader('content-length');
      done(null, compressed);
    };
    if (encoding === 'br') brotliCompress(payload, { params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(payload) } }, finish);
    else gzip(payload, { level: 6 }, finish);
  });
}
