import { diagnoseToken, type Diagnosis } from '../../tokens/token-diagnosis.js';
import { TOKEN_KIND_LETTERS } from '../../tokens/token-format.js';
import type { ApiError } from './api-client.js';
import { describeTokenSource, type Credentials } from './credentials.js';

/**
 * What the CLI says when the server answers 401: the offline diagnosis of the token in use
 * (the same checks as `tessera token check`), else what the server said about it (revoked,
 * expired, unknown), each with a one-line fix. Only the token's display prefix is ever shown.
 */
export const DEFAULT_BRAND = 'tsr';

/** The token brand the CLI expects: TESSERA_TOKEN_BRAND (as on the server) or `tsr`. */
export function tokenBrand(env: NodeJS.ProcessEnv = process.env): string {
  const b = env.TESSERA_TOKEN_BRAND;
  return b && /^[a-z]{2,8}$/.test(b) ? b : DEFAULT_BRAND;
}

/**
 * The part of a (possibly damaged) token that is safe to show: brand + kind + `_` + the 8
 * characters of its public id, found after any quotes, whitespace or "Bearer ". Never more.
 */
export function displayPrefixOf(raw: string): string | undefined {
  const cleaned = raw.trim().replace(/^bearer\s+/i, '').replace(/^["'`]/, '');
  const m = /^[a-z]{2,8}[a-z]_[0-9A-Za-z]{0,8}/.exec(cleaned);
  return m ? m[0] : undefined;
}

/** "tsrp_Ab3dE5fG", or a description that reveals nothing when no prefix can be found. */
export function nameToken(raw: string): string {
  const prefix = displayPrefixOf(raw);
  return prefix ? `${prefix}…` : `a ${raw.length}-character value`;
}

export function isSessionToken(raw: string, brand: string): boolean {
  return raw.trim().startsWith(`${brand}${TOKEN_KIND_LETTERS.session}_`);
}

export interface AuthExplanation {
  /** One line naming the credential and what is wrong with it. */
  problem: string;
  /** One line: what to do. */
  fix: string;
  diagnosis: Diagnosis | null;
}

export function explainAuthFailure(err: ApiError, creds: Pick<Credentials, 'token' | 'tokenSource' | 'url'>, brand: string): AuthExplanation {
  if (creds.token === undefined) {
    return {
      problem: `not signed in to ${creds.url}`,
      fix: 'run `tessera login`, or set TESSERA_TOKEN (or pass --token)',
      diagnosis: null,
    };
  }
  const source = describeTokenSource(creds.tokenSource);
  const diagnosis = diagnoseToken(creds.token, brand);
  if (diagnosis) {
    const what = diagnosis.code === 'empty' ? `${source} is set but empty` : `the token from ${source} (${nameToken(creds.token)}) is malformed: ${diagnosis.message}`;
    return { problem: what, fix: diagnosis.fix, diagnosis };
  }
  const name = displayPrefixOf(creds.token) ?? 'the token';
  if (isSessionToken(creds.token, brand)) {
    return { problem: `the session from ${source} (${name}) has expired or was signed out`, fix: 'sign in again: `tessera login`', diagnosis: null };
  }
  const reason = typeof err.details.reason === 'string' ? err.details.reason : undefined;
  switch (reason) {
    case 'rotated': {
      const next = typeof err.details.replaced_by === 'string' ? err.details.replaced_by : 'its replacement';
      return { problem: `the token from ${source} (${name}) was rotated and its grace period is over`, fix: `use its replacement, ${next}…, wherever this one is stored (\`tessera token show ${next}\` shows it; its secret was shown once, at the rotation)`, diagnosis: null };
    }
    case 'revoked':
      return { problem: `the token from ${source} (${name}) has been revoked`, fix: 'create a new token (`tessera token create`) and replace the old one wherever it is stored', diagnosis: null };
    case 'expired':
      return { problem: `the token from ${source} (${name}) has expired`, fix: 'create a new token (`tessera token create`), or rotate tokens before they expire (`tessera token rotate`)', diagnosis: null };
    default:
      return {
        problem: `${creds.url} does not recognise the token from ${source} (${name})`,
        fix: `check that ${creds.url} is the server that issued it (--url, TESSERA_URL), or copy the token again`,
        diagnosis: null,
      };
  }
}
