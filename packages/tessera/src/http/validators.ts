import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';
import { findUnstorableText, isStorableDateTime } from './storable-input.js';

/**
 * Two validators: query strings and path parameters arrive as text and are coerced to the
 * schema's types ("limit=2" → 2); JSON bodies are taken as sent, so `{"token": 42}` is a 400, not
 * the string "42". Unknown body fields are refused (schemas say additionalProperties: false),
 * never silently dropped.
 *
 * Both refuse, for every route at once, what the database cannot store: `date-time` is redefined
 * as an instant PostgreSQL and JavaScript both hold (years 0001–9999, a real calendar date, no
 * leap second), and no string or object key anywhere in the input may hold NUL or a lone
 * surrogate (see storable-input.ts).
 *
 * Installed through the `schemaController.compilersFactory` server option, not
 * `setValidatorCompiler`: Fastify rebuilds the validator of every plugin that adds shared schemas
 * from the root's original factory, which would silently bring back the default Ajv there.
 */
export function buildValidatorCompiler(): FastifySchemaCompiler<unknown> {
  // verbose: a failure carries its schema, so the error message can explain a pattern by the schema's description.
  const base: Options = { removeAdditional: false, useDefaults: true, allErrors: false, strict: false, verbose: true };
  const make = (coerceTypes: Options['coerceTypes']) => {
    const ajv = addFormats.default(new Ajv({ ...base, coerceTypes }));
    ajv.addFormat('date-time', { type: 'string', validate: isStorableDateTime });
    return ajv;
  };
  const strict = make(false);
  const coercing = make('array');
  return ({ schema, httpPart }) => compiledOnFirstUse(schema as object, () => storableTextOnly((httpPart === 'body' ? strict : coercing).compile(schema as object)));
}

/**
 * A route's validator is compiled the first time a request needs it, not when the app starts:
 * compiling every route's schemas was about a second of each start (paid by every test app, and
 * by a node before it can answer), while a request compiles only its own (milliseconds, once).
 */
function compiledOnFirstUse(schema: object, compile: () => ValidateFunction): ValidateFunction {
  let compiled: ValidateFunction | undefined;
  const validate = ((data: unknown) => {
    compiled ??= compile();
    const ok = compiled(data);
    validate.errors = compiled.errors;
    return ok;
  }) as ValidateFunction;
  // schemaEnv as Ajv's own functions have one: Fastify then calls with the parent data (which is ignored here, as before).
  return Object.assign(validate, { schema, schemaEnv: {} as ValidateFunction['schemaEnv'] });
}

const UNSTORABLE_TEXT = 'must not contain NUL (U+0000) or an unpaired surrogate (U+D800–U+DFFF)';

/** The schema's validator, then the text check over whatever it accepted (errors in Ajv's shape, so the error handler names the field). */
function storableTextOnly(validate: ValidateFunction): ValidateFunction {
  const check = ((data: unknown) => {
    if (!validate(data)) {
      check.errors = validate.errors;
      return false;
    }
    const at = findUnstorableText(data);
    if (at === null) {
      check.errors = null;
      return true;
    }
    const error: ErrorObject = { keyword: 'storableText', instancePath: at, schemaPath: '#', params: {}, message: UNSTORABLE_TEXT };
    check.errors = [error];
    return false;
  }) as ValidateFunction;
  return Object.assign(check, { schema: validate.schema, schemaEnv: validate.schemaEnv });
}
