import { ApiError, NetworkError } from './api-client.js';
import { explainAuthFailure } from './auth-diagnosis.js';
import type { Credentials } from './credentials.js';
import { CliError, SilentExit, exitCodeFor } from './exit-codes.js';
import { redactTokens, type Output } from './output.js';

/**
 * Prints a failed client command's error and returns its exit code. A 401 always comes with
 * the diagnosis of the token in use and its one-line fix. With --json, the error is also one
 * JSON object, on stderr, so stdout stays empty for the script reading it.
 */
export async function reportClientError(err: unknown, out: Output, creds: Credentials | undefined, brand: string): Promise<number> {
  const exitCode = exitCodeFor(err);
  if (err instanceof SilentExit) return exitCode;
  const report = describe(err, creds, brand);
  if (!report) {
    // Something unexpected: the general description (with its stack), loaded only when needed.
    const { describeError } = await import('../report-error.js');
    out.info(describeError(err).trimEnd());
    return exitCode;
  }
  if (out.json) {
    out.info(JSON.stringify({ error: { message: redactTokens(report.rawMessage ?? report.message), ...report.json, exit_code: exitCode } }));
    return exitCode;
  }
  out.error(report.message, report.hints);
  return exitCode;
}

interface Report {
  message: string;
  /** The message without the code/status/request id suffix, for --json (which has them as fields). */
  rawMessage?: string;
  hints: string[];
  json: Record<string, unknown>;
}

function describe(err: unknown, creds: Credentials | undefined, brand: string): Report | undefined {
  if (err instanceof CliError) {
    return { message: err.message, hints: err.hint ? [`fix: ${err.hint}`] : [], json: { code: 'cli_error', ...(err.hint ? { fix: err.hint } : {}) } };
  }
  if (err instanceof ApiError) {
    const ids = [err.code, `HTTP ${err.status}`, ...(err.requestId ? [`request ${err.requestId}`] : [])].join(', ');
    const json: Record<string, unknown> = { code: err.code, status: err.status, request_id: err.requestId ?? null };
    if (err.status === 401 && creds && err.code !== 'invalid_credentials') {
      const why = explainAuthFailure(err, creds, brand);
      Object.assign(json, { problem: why.problem, fix: why.fix, ...(why.diagnosis ? { diagnosis: why.diagnosis.code } : {}) });
      return { message: `${err.message} (${ids})`, rawMessage: err.message, hints: [why.problem, `fix: ${why.fix}`], json };
    }
    return { message: `${err.message} (${ids})`, rawMessage: err.message, hints: hintFor(err, creds), json };
  }
  if (err instanceof NetworkError) {
    const where = creds ? `the server URL is ${creds.url}${creds.urlSource === 'default' ? ' (the default)' : ` (from ${urlSourceName(creds.urlSource)})`}` : undefined;
    return { message: err.message, hints: where ? [`${where}; check it, or that the server is running`] : [], json: { code: 'network_error', reason: err.reason ?? null } };
  }
  return undefined;
}

function hintFor(err: ApiError, creds: Credentials | undefined): string[] {
  if (err.code === 'insufficient_scope' || err.code === 'wrong_token_kind' || err.code === 'token_restricted') {
    const src = creds?.tokenSource === 'env' ? ' (TESSERA_TOKEN)' : creds?.tokenSource === 'flag' ? ' (--token)' : '';
    return [`fix: use a token${src} with the scope or kind this needs, or sign in (\`tessera login\`) and act as yourself`];
  }
  if (err.status >= 500) return ['the server failed; the request id above identifies it in the server log'];
  return [];
}

function urlSourceName(source: Credentials['urlSource']): string {
  return source === 'flag' ? '--url' : source === 'env' ? 'TESSERA_URL' : 'the stored login';
}
