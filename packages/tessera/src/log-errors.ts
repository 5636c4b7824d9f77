/**
 * How an error appears in a log line: an allow-list of fields, never the error object's own
 * enumerable properties. PGlite attaches the statement's `params` (user data, token hashes) to
 * its errors, and PostgreSQL's `message`, `detail` and `where` quote the offending value
 * (`invalid input syntax for type bigint: "…"`, `Key (name)=(…) already exists`); pino's standard
 * serializer would copy all of them into the log. A database error is logged by its SQLSTATE
 * code, the schema objects it names and its message cut before the first quoted value.
 */

/** Fields of a database error that name schema objects or classify the failure, never a value. */
const DATABASE_FIELDS = ['code', 'severity', 'routine', 'constraint', 'table', 'column', 'schema', 'dataType'] as const;
/** Fields of other errors worth keeping (system errors: ECONNREFUSED and its address). */
const ERROR_FIELDS = ['code', 'statusCode', 'errno', 'syscall', 'address', 'port'] as const;

type Loggable = Record<string, unknown>;

/** pg's DatabaseError and PGlite's error: a SQLSTATE and a severity, or the statement attached. */
export function isDatabaseError(err: object): boolean {
  const e = err as Loggable;
  return (typeof e.severity === 'string' && typeof e.code === 'string') || 'params' in e || 'query' in e;
}

/** A database message up to its first quoted value: `invalid input syntax for type bigint: …`. */
export function redactDatabaseMessage(message: string): string {
  const cut = message.search(/["'(]/);
  return cut < 0 ? message : `${message.slice(0, cut).trimEnd()} …`;
}

const pick = (e: Loggable, keys: readonly string[]) => Object.fromEntries(keys.filter((k) => typeof e[k] === 'string' || typeof e[k] === 'number').map((k) => [k, e[k]]));

/** The `err` serializer of every logger (server.ts `loggerOptions`). */
export function serializeError(err: unknown, depth = 0): unknown {
  if (typeof err !== 'object' || err === null) return err;
  const e = err as Loggable & Partial<Error>;
  if (isDatabaseError(e)) {
    return { type: 'DatabaseError', message: redactDatabaseMessage(String(e.message ?? '')), ...pick(e, DATABASE_FIELDS) };
  }
  const out: Loggable = { type: e.constructor?.name ?? 'Object', message: String(e.message ?? ''), ...pick(e, ERROR_FIELDS) };
  if (typeof e.stack === 'string') out.stack = e.stack;
  if (e.cause !== undefined && depth < 3) out.cause = serializeError(e.cause, depth + 1);
  if (Array.isArray(e.errors) && depth < 3) out.errors = (e.errors as unknown[]).slice(0, 5).map((x) => serializeError(x, depth + 1));
  return out;
}
