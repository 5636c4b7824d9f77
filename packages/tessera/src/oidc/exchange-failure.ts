import { ApiError } from '../errors/api-error.js';
import type { ErrorCode } from '../errors/error-codes.js';

/**
 * Why an ID token was not exchanged: data, not an exception (unkey's habit), so the exchange can
 * audit it and the HTTP edge can answer with its stable code. `reason` is the finer check that
 * failed (bad_signature, alg_not_allowed, …), stable too, and carried in the answer's details.
 */
export type ExchangeFailureCode = Extract<ErrorCode, `oidc_${string}`>;

export interface ExchangeFailure {
  code: ExchangeFailureCode;
  reason: string;
  message: string;
  details?: Record<string, unknown>;
  issuer?: string;
  /** The workspace of the closest policy, so its admins see the refused attempt in their audit trail. */
  workspaceId?: string | null;
}

export class ExchangeRefused extends Error {
  constructor(readonly failure: ExchangeFailure) {
    super(failure.message);
    this.name = 'ExchangeRefused';
  }
}

export const refuse = (code: ExchangeFailureCode, reason: string, message: string, extra: Omit<ExchangeFailure, 'code' | 'reason' | 'message'> = {}): ExchangeRefused =>
  new ExchangeRefused({ code, reason, message, ...extra });

export function toApiError(f: ExchangeFailure): ApiError {
  return new ApiError(f.code, f.message, { reason: f.reason, ...(f.details ?? {}) });
}
