/**
 * The console's only way to the server: the same public /v1 API the CLI uses. The session lives
 * in an HttpOnly cookie the script never sees; the CSRF token it sends with every change is held
 * in memory only, by the client object (never localStorage, never a URL, never a module variable).
 */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

export interface ApiClient {
  /** One request; a non-2xx answer (or no answer) rejects with an ApiError. */
  request<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  /** The token sent as x-csrf-token with every change; null once signed out. */
  setCsrfToken(token: string | null): void;
  /** Called when a request outside sign-in and setup answers 401 (the session ended). */
  whenSignedOut(fn: (() => void) | null): void;
}

/** A client with its own CSRF token; the console makes one and hands it down (api/api-context). */
export function createApiClient(fetchFn: typeof fetch = (input, init) => fetch(input, init)): ApiClient {
  let csrfToken: string | null = null;
  let onSignedOut: (() => void) | null = null;

  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
    let response: Response;
    try {
      response = await fetchFn(path, { method, headers, credentials: 'same-origin', body: body === undefined ? null : JSON.stringify(body) });
    } catch {
      throw new ApiError(0, 'network_error', 'The server could not be reached. Check your connection and try again.');
    }
    const text = await response.text();
    const data: unknown = text ? safeJson(text) : undefined;
    if (!response.ok) {
      const err = (data as { error?: { code?: string; message?: string } } | undefined)?.error;
      const e = new ApiError(response.status, err?.code ?? 'http_error', err?.message ?? `${response.status} ${response.statusText}`);
      if (response.status === 401 && !path.startsWith('/v1/sessions') && !path.startsWith('/v1/setup')) onSignedOut?.();
      throw e;
    }
    return data as T;
  }

  return {
    request,
    setCsrfToken: (token) => {
      csrfToken = token;
    },
    whenSignedOut: (fn) => {
      onSignedOut = fn;
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const enc = encodeURIComponent;

/** A query string from the defined, non-empty values. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
