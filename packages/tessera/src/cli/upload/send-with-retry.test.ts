import { describe, expect, it } from 'vitest';
import { ApiError, NetworkError, parseRetryAfter } from '../client/api-client.js';
import { isRetryable, withRetry } from './send-with-retry.js';

const apiError = (status: number, code = 'internal_error') => new ApiError({ status, code, message: 'm', method: 'POST', path: '/p' });
const noSleep = { sleep: async () => {} };

describe('upload retries', () => {
  it('retries network errors, 5xx and 429, never other 4xx', () => {
    expect(isRetryable(new NetworkError('http://x', 'ECONNREFUSED', 'refused'))).toBe(true);
    expect(isRetryable(apiError(503))).toBe(true);
    expect(isRetryable(apiError(429, 'rate_limited'))).toBe(true);
    expect(isRetryable(apiError(401, 'invalid_token'))).toBe(false);
    expect(isRetryable(apiError(403, 'insufficient_scope'))).toBe(false);
    expect(isRetryable(apiError(413, 'payload_too_large'))).toBe(false);
    expect(isRetryable(apiError(502, 'unexpected_response'))).toBe(false);
  });

  it('succeeds after transient failures, waiting twice as long each time', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await withRetry(async () => {
      calls++;
      if (calls < 3) throw apiError(503);
      return 'ok';
    }, { attempts: 4, baseDelayMs: 100, onRetry: (_a, w) => waits.push(w), ...noSleep });
    expect(result).toBe('ok');
    expect(calls).toBe(3);
    expect(waits[0]).toBeGreaterThanOrEqual(75);
    expect(waits[0]).toBeLessThanOrEqual(125);
    expect(waits[1]).toBeGreaterThanOrEqual(150);
    expect(waits[1]).toBeLessThanOrEqual(250);
  });

  it('gives up after the last attempt with the last error', async () => {
    let calls = 0;
    await expect(withRetry(async () => {
      calls++;
      throw new NetworkError('http://x', 'ECONNREFUSED', `refused ${calls}`);
    }, { attempts: 3, baseDelayMs: 1, ...noSleep })).rejects.toThrow('refused 3');
    expect(calls).toBe(3);
  });

  it('stops at once on a final answer', async () => {
    let calls = 0;
    await expect(withRetry(async () => {
      calls++;
      throw apiError(403, 'forbidden');
    }, { attempts: 4, baseDelayMs: 1, ...noSleep })).rejects.toThrow();
    expect(calls).toBe(1);
  });

  it('issue 16: waits at least the server\'s Retry-After, and gives up at once on an unreasonable one', async () => {
    const waits: number[] = [];
    const limited = (ms: number) => new ApiError({ status: 429, code: 'rate_limited', message: 'm', method: 'POST', path: '/p', retryAfterMs: ms });
    let calls = 0;
    await withRetry(async () => {
      if (++calls < 3) throw limited(calls === 1 ? 7_000 : 10);
      return 'ok';
    }, { attempts: 4, baseDelayMs: 100, onRetry: (_a, w) => waits.push(w), ...noSleep });
    expect(waits[0]).toBe(7_000); // longer than the backoff: the server wins
    expect(waits[1]).toBeGreaterThanOrEqual(150); // shorter: the backoff wins
    calls = 0;
    await expect(withRetry(async () => {
      calls++;
      throw limited(3_600_000);
    }, { attempts: 4, baseDelayMs: 100, ...noSleep })).rejects.toMatchObject({ status: 429 });
    expect(calls).toBe(1);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-11-30T12:00:00Z');
    expect(parseRetryAfter('5', now)).toBe(5000);
    expect(parseRetryAfter('Mon, 30 Nov 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Mon, 30 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-1', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
