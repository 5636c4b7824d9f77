import { ApiError, NetworkError } from '../client/api-client.js';

export interface RetryOptions {
  attempts: number;
  /** First wait; each retry doubles it, with ±25 % jitter. A server's Retry-After, when longer, wins. */
  baseDelayMs: number;
  /** The longest Retry-After honoured (default 2 minutes): a server asking for more fails the command at once. */
  maxRetryAfterMs?: number;
  onRetry?: (attempt: number, waitMs: number, err: Error) => void;
  sleep?: (ms: number) => Promise<void>;
}

/** Network failures, 5xx and 429 are worth another try; any other answer is final. */
export function isRetryable(err: unknown): boolean {
  if (err instanceof NetworkError) return true;
  return err instanceof ApiError && (err.status >= 500 || err.status === 429) && err.code !== 'unexpected_response';
}

const MAX_RETRY_AFTER_MS = 120_000;

export async function withRetry<T>(send: (attempt: number) => Promise<T>, opts: RetryOptions): Promise<T> {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await send(attempt);
    } catch (err) {
      if (attempt >= opts.attempts || !isRetryable(err)) throw err;
      const asked = err instanceof ApiError ? err.retryAfterMs : undefined;
      if (asked !== undefined && asked > (opts.maxRetryAfterMs ?? MAX_RETRY_AFTER_MS)) throw err;
      const backoff = Math.round(opts.baseDelayMs * 2 ** (attempt - 1) * (0.75 + Math.random() * 0.5));
      const wait = Math.max(backoff, asked ?? 0);
      opts.onRetry?.(attempt, wait, err as Error);
      await sleep(wait);
    }
  }
}
