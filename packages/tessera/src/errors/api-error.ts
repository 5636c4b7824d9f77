import { ERROR_CODES, type ErrorCode } from './error-codes.js';

/** The one error type: services throw it, the HTTP edge answers with it. A stable code, its status, and a message for humans. */
export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = ERROR_CODES[code].status;
  }
}

export const notFound = (what: string) => new ApiError('not_found', `${what} not found`);
