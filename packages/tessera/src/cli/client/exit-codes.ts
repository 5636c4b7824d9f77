import { ApiError, NetworkError } from './api-client.js';

/**
 * The exit codes of every client command (docs/cli.md), so scripts and CI can tell a mistake in
 * the command from a credential problem from a missing resource from an outage:
 *
 * | code | meaning |
 * | --- | --- |
 * | 0 | success |
 * | 1 | usage: a bad flag or argument, or a request the server refused as invalid (other 4xx) |
 * | 2 | authentication: no credentials, or a token or session that is malformed, unknown, expired or revoked (401) |
 * | 3 | not found or not permitted: 403 (role, scope, token kind) and 404 |
 * | 4 | server or network: the server could not be reached, or failed (5xx) |
 * | 5 | `upload`: every file was stored, but the server could not read one of them as a report |
 */
export const EXIT = {
  ok: 0,
  usage: 1,
  auth: 2,
  notFoundOrForbidden: 3,
  serverOrNetwork: 4,
  unreadableUpload: 5,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A failure the CLI itself detects (a missing flag, a bad value, an unusable token), with its exit code and an optional one-line fix. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.usage,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Ends the command with this code; whatever needed saying has already been printed. */
export class SilentExit extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
    this.name = 'SilentExit';
  }
}

export function exitCodeForStatus(status: number): ExitCode {
  if (status === 401) return EXIT.auth;
  if (status === 403 || status === 404) return EXIT.notFoundOrForbidden;
  if (status >= 500) return EXIT.serverOrNetwork;
  return EXIT.usage;
}

export function exitCodeFor(err: unknown): number {
  if (err instanceof SilentExit || err instanceof CliError) return err.exitCode;
  if (err instanceof ApiError) return exitCodeForStatus(err.status);
  if (err instanceof NetworkError) return EXIT.serverOrNetwork;
  return EXIT.usage;
}
