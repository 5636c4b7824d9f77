import { describe, expect, it } from 'vitest';
import { ApiError, NetworkError } from './api-client.js';
import { CliError, EXIT, exitCodeFor } from './exit-codes.js';

const apiError = (status: number) => new ApiError({ status, code: 'x', message: 'x', method: 'GET', path: '/' });

describe('exit codes', () => {
  it('map 401 to 2, 403 and 404 to 3, 5xx and network failures to 4, other 4xx to 1', () => {
    expect(exitCodeFor(apiError(401))).toBe(EXIT.auth);
    expect(exitCodeFor(apiError(403))).toBe(3);
    expect(exitCodeFor(apiError(404))).toBe(3);
    expect(exitCodeFor(apiError(500))).toBe(4);
    expect(exitCodeFor(apiError(503))).toBe(4);
    expect(exitCodeFor(apiError(400))).toBe(1);
    expect(exitCodeFor(apiError(409))).toBe(1);
    expect(exitCodeFor(apiError(422))).toBe(1);
    expect(exitCodeFor(new NetworkError('http://x', 'ECONNREFUSED', 'x'))).toBe(4);
    expect(exitCodeFor(new CliError('x'))).toBe(1);
    expect(exitCodeFor(new CliError('x', EXIT.auth))).toBe(2);
  });
});
