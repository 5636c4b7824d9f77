import type { ErrorObject } from 'ajv';

/**
 * A schema validation failure in plain words, naming the field the way a caller wrote it:
 * `body.scopes[1]`, `query parameter "limit"`, `path segment "id"`. Patterns are explained by
 * the schema's own description (an id's prefix, a slug's characters), never shown as a regex.
 * Never quotes the value that failed (it may be a secret).
 */
export function describeValidationFailure(error: ErrorObject | undefined, where: string): string {
  if (!error) return `${where} is invalid`;
  const path = error.instancePath.split('/').filter(Boolean).map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`)).join('');
  const params = error.params as Record<string, unknown>;
  const field = fieldName(where, path);
  switch (error.keyword) {
    case 'additionalProperties':
      return `${fieldName(where, path, true)}: unknown field "${String(params.additionalProperty)}"`;
    case 'required':
      return `${fieldName(where, `${path}.${String(params.missingProperty)}`)} is required`;
    case 'type':
      return `${field} must be ${article(String(params.type))}`;
    case 'enum':
      return `${field} must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `${field} must be ${JSON.stringify(params.allowedValue)}`;
    case 'minLength':
      return Number(params.limit) === 1 ? `${field} must not be empty` : `${field} must be at least ${String(params.limit)} characters long`;
    case 'maxLength':
      return `${field} must be at most ${String(params.limit)} characters long`;
    case 'minItems':
      return Number(params.limit) === 1 ? `${field} must not be empty` : `${field} must hold at least ${String(params.limit)} items`;
    case 'maxItems':
      return `${field} must hold at most ${String(params.limit)} items`;
    case 'uniqueItems':
      return `${field} must not repeat an item`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `${field} must be ${String(params.comparison) === '>=' ? 'at least' : String(params.comparison) === '<=' ? 'at most' : String(params.comparison) === '>' ? 'more than' : 'less than'} ${String(params.limit)}`;
    case 'format':
      return params.format === 'date-time'
        ? `${field} must be a date-time like 2026-11-30T09:00:00Z (ISO 8601, with a time zone)`
        : `${field} must be ${article(String(params.format))}`;
    case 'pattern': {
      const description = (error.parentSchema as { description?: unknown } | undefined)?.description;
      return typeof description === 'string' && description
        ? `${field} is not valid: expected ${description.replace(/\.$/, '').replace(/^[A-Z](?=[a-z ])/, (c) => c.toLowerCase())}`
        : `${field} is not in the expected format`;
    }
    default:
      return `${field} ${error.message ?? 'is invalid'}`;
  }
}

function fieldName(where: string, path: string, container = false): string {
  const name = path.replace(/^\./, '');
  if (where === 'querystring') return name ? `query parameter "${name}"` : 'the query string';
  if (where === 'params') return name ? `path segment "${name}"` : 'the path';
  if (where === 'headers') return name ? `header "${name}"` : 'the headers';
  if (!name) return container ? where : `the ${where}`;
  return `${where}${path.startsWith('[') ? '' : '.'}${name}`;
}

const article = (noun: string) => (/^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`);
