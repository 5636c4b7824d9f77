import type { FastifyInstance } from 'fastify';
import { ApiError } from '../errors/api-error.js';

/**
 * Fastify's JSON parser (prototype-poisoning checks included), with a failure that says what is
 * wrong: Fastify 5 reports every malformed body as "Body is not valid JSON", an empty one and a
 * truncated one alike. The body is parsed a second time only when it has already failed, to
 * read the reason; the reason never quotes the body (it may hold a token).
 */
export function installJsonParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string; // parseAs: 'string'
    parse(request, text, (err, value) => {
      if (err) done(new ApiError('malformed_json', `request body is not valid JSON: ${jsonFailure(text)}`), undefined);
      else done(null, value);
    });
  });
}

/** Why a body that failed to parse failed, in words and a position, never the body's own text. */
export function jsonFailure(body: string): string {
  if (body.length === 0) return 'the body is empty (send a JSON object, or no Content-Type: application/json)';
  try {
    JSON.parse(body);
  } catch (e) {
    const message = (e as Error).message;
    // V8 quotes the start of the input after the token ('Unexpected token 'a', "abc…" is not valid JSON'): drop the quote.
    const reason = (/^(Unexpected token '.{1,2}'), ".*" is not valid JSON$/s.exec(message)?.[1] ?? message).replace(/ in JSON/, '');
    return reason.charAt(0).toLowerCase() + reason.slice(1);
  }
  // It is JSON, so the secure parser refused a key.
  return 'it holds a "__proto__" or "constructor.prototype" key, which is refused';
}
