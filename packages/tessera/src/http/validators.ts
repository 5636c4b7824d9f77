import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

/**
 * Two validators: query strings and path parameters arrive as text and are coerced to the
 * schema's types ("limit=2" → 2); JSON bodies are taken as sent, so `{"token": 42}` is a 400, not
 * the string "42". Unknown body fields are refused (schemas say additionalProperties: false),
 * never silently dropped.
 *
 * Installed through the `schemaController.compilersFactory` server option, not
 * `setValidatorCompiler`: Fastify rebuilds the validator of every plugin that adds shared schemas
 * from the root's original factory, which would silently bring back the default Ajv there.
 */
export function buildValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const base: Options = { removeAdditional: false, useDefaults: true, allErrors: false, strict: false };
  const strict = addFormats.default(new Ajv({ ...base, coerceTypes: false }));
  const coercing = addFormats.default(new Ajv({ ...base, coerceTypes: 'array' }));
  return ({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema as object);
}
