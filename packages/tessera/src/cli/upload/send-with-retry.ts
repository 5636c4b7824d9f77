import { ApiError, NetworkError } from '../client/api-client.js';

export interface RetryOptions {
  attempts: number;
  /** First wait; each retry doubles it, with ±25 % jitter. */
  baseDelayMs: number;
  onRetry?: (attempt: number, waitMs: number, err: Error) => void;
  sleep?: (ms: number) => Promise<void>;
}

/** Network failures, 5xx and 429 are worth another try; any other answer is final. */
export function isRetryable(err: unknown): boolean {
  if (err instanceof NetworkError) return true;
  return err instanceof ApiError && (err.status >= 500 || err.status === 429) && err.code !== 'unexpected_response';
}

export async function withRetry<T>(send: (attempt: number) => Promise<T>, opts: RetryOptions): Promise<T> {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await send(attempt);
    } catch (err) {
      if (attempt >= opts.attempts || !isRetryable(err)) throw err;
      const wait = Math.round(opts.baseDelayMs * 2 ** (attempt - 1) * (0.75 + Math.random() * 0.5));
      opts.onRetry?.(attempt, wait, err as Error);
      await sleep(wait);
    }
  }
}
