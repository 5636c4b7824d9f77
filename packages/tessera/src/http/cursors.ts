import { ApiError } from '../errors/api-error.js';
import { isStorableDateTime } from './storable-input.js';
import { isId, type IdKind } from '../crypto/ids.js';

/**
 * Opaque keyset cursors: base64url JSON of a few text fields. A cursor is not signed, so what
 * comes back is checked field by field against what this server issues (`fields` says what each
 * must be) and must re-encode to exactly the text sent; anything else is `400 invalid_request`
 * before it reaches a query. A well-formed cursor a client edits by hand only moves the page
 * boundary inside what the caller may list anyway.
 */
export function encodeCursor(value: Record<string, string>): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** What a cursor field may hold. */
export const cursorField = {
  /** A row's `created_at` as issued: `Date#toISOString()` of an instant in years 0001–9999. */
  timestamp: (v: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(v) && isStorableDateTime(v) && new Date(v).toISOString() === v,
  /** An id of this kind (`tok_…`, `upl_…`). */
  id: (kind: IdKind) => (v: string) => isId(kind, v),
  /** A positive int8 sequence number, as decimal text without leading zeros. */
  sequence: (v: string) => /^[1-9]\d{0,18}$/.test(v) && BigInt(v) <= 9_223_372_036_854_775_807n,
} as const;

export function decodeCursor<K extends string>(cursor: string | undefined, fields: Record<K, (v: string) => boolean>): Record<K, string> | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const keys = Object.keys(fields) as K[];
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const obj = v as Record<string, unknown>;
      const exact = Object.keys(obj).length === keys.length && keys.every((k) => Object.hasOwn(obj, k) && typeof obj[k] === 'string' && fields[k](obj[k]));
      if (exact && encodeCursor(obj as Record<string, string>) === cursor) return obj as Record<K, string>;
    }
  } catch {
    /* fall through */
  }
  throw new ApiError('invalid_request', 'query parameter "cursor" is not a cursor this server issued: pass next_cursor from the previous page unchanged');
}
