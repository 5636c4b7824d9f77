/** True when `err` is PostgreSQL's unique_violation (same SQLSTATE from pg and PGlite), optionally on one constraint. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as { code?: string; constraint?: string; message?: string } | null;
  if (!e || e.code !== '23505') return false;
  return !constraint || e.constraint === constraint || (e.message ?? '').includes(constraint);
}

/**
 * SQLSTATE classes and codes that mean "the database cannot serve this now", not "this request is
 * wrong": connection exceptions (08), operator intervention (57P01 admin shutdown, 57P02 crash
 * shutdown, 57P03 cannot connect now, 57014 statement timeout / query canceled), insufficient
 * resources (53: too many connections, out of memory or disk) and a read-only standby (25006).
 */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[1-5]|57014|53...|25006)$/;
/** Socket errors (Node's `code`). */
const UNAVAILABLE_SOCKET = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);
/** What pg and pg-pool throw, in their own words, when a connection is lost or too slow. */
const UNAVAILABLE_MESSAGE = /^(Connection terminated|Query read timeout|timeout exceeded when trying to connect|Client has encountered a connection error and is not queryable|Client was closed and is not queryable|Connection terminated due to connection timeout)/;

/**
 * True when `err` says the database is unreachable, restarting, overloaded or too slow (a
 * timeout): the request may succeed if retried, and the answer is 503, not 500. Anything else
 * (a constraint, a bad query) is false.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_SOCKET.has(code))) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message)) return true;
    // AggregateError: a host name that resolves to several addresses, each refused.
    if (e instanceof AggregateError && e.errors.some((x) => isDatabaseUnavailable(x))) return true;
  }
  return false;
}

/**
 * A database error as a log line may show it: its code and which kind of failure it is, never its
 * message (a socket error names the host and port; a query error may quote parameters).
 */
export function describeDatabaseError(err: unknown): { code: string | null; kind: string } {
  const code = (err as { code?: unknown } | null)?.code;
  const message = (err as { message?: unknown } | null)?.message;
  const m = typeof message === 'string' ? UNAVAILABLE_MESSAGE.exec(message) : null;
  return {
    code: typeof code === 'string' ? code : null,
    kind: m ? m[1]!.toLowerCase() : isDatabaseUnavailable(err) ? 'unavailable' : 'error',
  };
}
