import { describe, expect, it } from 'vitest';
import { ApiError, NetworkError } from '../client/api-client.js';
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
});
