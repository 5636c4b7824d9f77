/**
 * A small client for the Tessera HTTP API over Node's global fetch: one base URL, one bearer
 * token, JSON in and out. A refusal by the server is an `ApiError` carrying the server's stable
 * `code`, its message and request id; failing to reach the server at all is a `NetworkError`.
 * The token is only ever written to the Authorization header: no error or message holds it.
 */

export type QueryValue = string | number | boolean | undefined | null;

export interface ApiClientOptions {
  /** e.g. http://127.0.0.1:7420 (a trailing slash is ignored). */
  baseUrl: string;
  /** The bearer token; requests are sent without credentials when absent. */
  token?: string | undefined;
  /** Per-request time limit (default 30 s); 0 for none. */
  timeoutMs?: number;
  userAgent?: string;
  fetch?: typeof fetch;
}

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  /** A JSON body. */
  body?: unknown;
  /** A body sent as is (a file, a stream, multipart form data) instead of JSON. */
  rawBody?: { data: NonNullable<RequestInit['body']>; contentType?: string };
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** The server answered with an error: `{"error": {"code", "message", "request_id", …}}`. */
export class ApiError extends Error {
  readonly status: number;
  /** The server's stable machine code (docs/errors.md), or `unexpected_response` when the body is not Tessera's error shape. */
  readonly code: string;
  readonly requestId: string | undefined;
  /** Any further fields of the error object (e.g. `reason` of an invalid_token, `limit`). */
  readonly details: Record<string, unknown>;
  readonly method: string;
  readonly path: string;
  /** The server's `Retry-After` (429, 503), in milliseconds; undefined when it sent none or an unreadable one. */
  readonly retryAfterMs: number | undefined;

  constructor(init: { status: number; code: string; message: string; requestId?: string | undefined; details?: Record<string, unknown>; method: string; path: string; retryAfterMs?: number | undefined }) {
    super(init.message);
    this.retryAfterMs = init.retryAfterMs;
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.details = init.details ?? {};
    this.method = init.method;
    this.path = init.path;
  }
}

/** The request never got an HTTP answer: connection refused, unknown host, timeout, TLS failure. */
export class NetworkError extends Error {
  readonly url: string;
  /** The system error code when there is one (ECONNREFUSED, ENOTFOUND, …), or `timeout`. */
  readonly reason: string | undefined;
  constructor(url: string, reason: string | undefined, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NetworkError';
    this.url = url;
    this.reason = reason;
  }
}

export interface ApiClient {
  readonly baseUrl: string;
  readonly hasToken: boolean;
  /** Sends a request and returns the parsed JSON answer (undefined for 204). Throws ApiError or NetworkError. */
  request<T = unknown>(method: string, path: string, options?: RequestOptions): Promise<T>;
  /** Like request, but hands back the successful Response itself (downloads, streams). */
  requestRaw(method: string, path: string, options?: RequestOptions): Promise<Response>;
  get<T = unknown>(path: string, query?: Record<string, QueryValue>): Promise<T>;
  post<T = unknown>(path: string, body?: unknown): Promise<T>;
  patch<T = unknown>(path: string, body: unknown): Promise<T>;
  delete<T = unknown>(path: string, query?: Record<string, QueryValue>): Promise<T>;
}

const SYSTEM_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused (is the server running?)',
  ENOTFOUND: 'unknown host',
  EAI_AGAIN: 'the host name could not be resolved',
  ECONNRESET: 'the connection was reset',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  UND_ERR_SOCKET: 'the connection was closed',
};

export function createApiClient(options: ApiClientOptions): ApiClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 30_000;

  async function requestRaw(method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
    const url = new URL(baseUrl + path);
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined && v !== null) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { accept: 'application/json', ...(options.userAgent ? { 'user-agent': options.userAgent } : {}), ...opts.headers };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    let body: RequestInit['body'];
    if (opts.rawBody) {
      body = opts.rawBody.data;
      if (opts.rawBody.contentType) headers['content-type'] = opts.rawBody.contentType;
    } else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] = 'application/json';
    }
    const signals = [opts.signal, timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined].filter((s): s is AbortSignal => s !== undefined);
    const init: RequestInit & { duplex?: 'half' } = { method, headers, body, signal: signals.length ? AbortSignal.any(signals) : null };
    if (body instanceof ReadableStream || isNodeStream(body)) init.duplex = 'half';

    let response: Response;
    try {
      response = await doFetch(url, init);
    } catch (err) {
      throw toNetworkError(err, baseUrl, opts.signal);
    }
    if (!response.ok) throw await toApiError(response, method, path);
    return response;
  }

  async function request<T>(method: string, path: string, opts?: RequestOptions): Promise<T> {
    const response = await requestRaw(method, path, opts);
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    if (!text) return undefined as T;
    if (!(response.headers.get('content-type') ?? '').includes('json')) return text as T;
    return JSON.parse(text) as T;
  }

  return {
    baseUrl,
    hasToken: options.token !== undefined,
    request,
    requestRaw,
    get: (path, query) => request('GET', path, { query }),
    post: (path, body) => request('POST', path, { body }),
    patch: (path, body) => request('PATCH', path, { body }),
    delete: (path, query) => request('DELETE', path, { query }),
  };
}

/** Encodes one path segment (an id or a slug given on the command line). */
export const seg = (value: string): string => encodeURIComponent(value);

function isNodeStream(body: unknown): boolean {
  return typeof body === 'object' && body !== null && typeof (body as { pipe?: unknown }).pipe === 'function';
}

/** `Retry-After` as delay-seconds or an HTTP date (RFC 9110 §10.2.3), in milliseconds from `now`. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = /[a-z]/i.test(v) ? Date.parse(v) : NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

async function toApiError(response: Response, method: string, path: string): Promise<ApiError> {
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
  const text = await response.text().catch(() => '');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const e = (parsed as { error?: Record<string, unknown> } | undefined)?.error;
  if (e && typeof e.code === 'string' && typeof e.message === 'string') {
    const { code, message, request_id, ...details } = e;
    return new ApiError({ status: response.status, code, message, requestId: typeof request_id === 'string' ? request_id : undefined, details, method, path, retryAfterMs });
  }
  // Not Tessera's error shape: a proxy, a load balancer, or not a Tessera server at all.
  const what = response.statusText ? `${response.status} ${response.statusText}` : String(response.status);
  return new ApiError({ status: response.status, code: 'unexpected_response', message: `the server answered HTTP ${what} without a Tessera error; is this URL a Tessera server?`, method, path, retryAfterMs });
}

function toNetworkError(err: unknown, baseUrl: string, callerSignal: AbortSignal | undefined): Error {
  if (callerSignal?.aborted) return err instanceof Error ? err : new Error(String(err)); // the caller cancelled: not a network failure
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return new NetworkError(baseUrl, 'timeout', `cannot reach ${baseUrl}: the request timed out`, { cause: err });
  const code = e?.cause?.code;
  const why = (code && SYSTEM_REASONS[code]) ?? e?.cause?.message ?? e?.message ?? 'unknown error';
  return new NetworkError(baseUrl, code, `cannot reach ${baseUrl}: ${why}${code && SYSTEM_REASONS[code] ? ` [${code}]` : ''}`, { cause: err });
}
