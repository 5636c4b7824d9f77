import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Command } from 'commander';
import { seg } from '../client/api-client.js';
import type { Me } from '../client/api-types.js';
import { clientAction, withClientOptions, type ClientOptions, type CommandContext } from '../client/command.js';
import { CliError, EXIT } from '../client/exit-codes.js';
import type { BuildMetadata } from '../ci-env/build-metadata.js';
import { progressBar, progressStream } from '../upload/progress.js';
import { withRetry } from '../upload/send-with-retry.js';
import { describeUpload, type UploadResult } from '../upload/upload-summary.js';
import { describeSource, idTokenSource } from '../ci-env/id-token.js';
import { exchangeIdToken } from './oidc.js';

interface UploadOptions extends ClientOptions {
  kind?: string;
  format?: string;
  project?: string;
  commit?: string;
  branch?: string;
  pr?: string;
  buildId?: string;
  retries: string;
}

const KINDS = ['coverage', 'test-results', 'analysis'];
const FORMATS = ['auto', 'lcov', 'cobertura', 'junit', 'sarif'];

/**
 * `tessera upload FILE…`: sends coverage, test results or analysis reports to a project, with
 * the commit, branch, pull request and build read from the CI system or git (and said so), gzip
 * on the wire, retries with backoff on network errors and 5xx, a progress bar on a terminal,
 * and the server's summary of each file.
 */
export function registerUpload(program: Command): void {
  withClientOptions(program.command('upload'))
    .description('Upload coverage (LCOV, Cobertura), test results (JUnit) or analysis (SARIF) to a project')
    .argument('<files...>', 'report files (gzipped files are sent as they are)')
    .option('--kind <kind>', `what the files hold: ${KINDS.join(', ')} (default: inferred by the server from the format)`)
    .option('--format <format>', `${FORMATS.join(', ')} (default auto: detected from the content)`)
    .option('--project <project>', 'workspace/project or prj_… (default: the project token’s project, else inferred from CI or the git remote)')
    .option('--commit <sha>', 'commit SHA (default: from CI or git)')
    .option('--branch <name>', 'branch (default: from CI or git)')
    .option('--pr <number>', 'pull/merge request number (default: from CI)')
    .option('--build-id <id>', 'CI build id (default: from CI)')
    .option('--retries <n>', 'attempts on network errors and 5xx answers', '4')
    .action(clientAction<UploadOptions, [string[]]>(upload));
}

async function upload(ctx: CommandContext, opts: UploadOptions, files: string[]): Promise<number> {
  if (opts.kind && !KINDS.includes(opts.kind)) throw new CliError(`--kind must be one of ${KINDS.join(', ')}`);
  if (opts.format && !FORMATS.includes(opts.format)) throw new CliError(`--format must be one of ${FORMATS.join(', ')}`);
  const attempts = Number(opts.retries);
  if (!Number.isInteger(attempts) || attempts < 1 || attempts > 10) throw new CliError('--retries must be a whole number from 1 to 10');

  // Every request of an upload is retried the same way: network errors, 5xx and 429, with
  // backoff, waiting at least as long as the server's Retry-After.
  const retrying = <T>(what: string, send: () => Promise<T>, onRetry?: () => void) =>
    withRetry(send, {
      attempts,
      baseDelayMs: 500,
      onRetry: (attempt, wait, err) => {
        onRetry?.();
        ctx.out.warn(`${what} failed (${err.message}); retrying in ${(wait / 1000).toFixed(1)}s (attempt ${attempt + 1} of ${attempts})`);
      },
    });

  // Loaded here, not at startup: env-ci and its process helpers are ~60 modules every other command would pay for.
  const { inferBuildMetadata } = await import('../ci-env/build-metadata.js');
  const meta = await inferBuildMetadata(ctx.env, process.cwd());
  // Credentials: --token or TESSERA_TOKEN win (with a warning when an OIDC ID token is there too);
  // otherwise, in a CI job that can give an ID token, it is exchanged for a short-lived ci token
  // (even over a stored login); otherwise the stored login.
  const source = idTokenSource(ctx.env);
  // An empty TESSERA_TOKEN (a secret a fork's pull request does not get) counts as none.
  const explicit = (ctx.creds.tokenSource === 'flag' || ctx.creds.tokenSource === 'env') && Boolean(ctx.creds.token?.trim());
  const oidcReady = source.kind === 'github' || source.kind === 'env';
  let client = ctx.client;
  let project: string;
  if (explicit && oidcReady) {
    ctx.out.warn(`using the token from ${ctx.creds.tokenSource === 'flag' ? '--token' : 'TESSERA_TOKEN'}; the OIDC ID token from ${describeSource(source)} is ignored (unset TESSERA_TOKEN to upload tokenless)`);
  }
  if (!explicit && (oidcReady || (!ctx.client.hasToken && source.kind !== 'none'))) {
    const ex = await retrying('the OIDC exchange', () => exchangeIdToken(ctx, source, { project: opts.project, fallbackProject: meta.project }));
    ctx.out.info(`tokenless: exchanged the OIDC ID token from ${describeSource(source)} for ci token ${ex.display_prefix} (project ${ex.project_id}, valid until ${ex.expires_at})`);
    client = ctx.clientWith(ex.token);
    project = opts.project ?? ex.project_id;
  } else {
    if (!ctx.client.hasToken) throw new CliError('no credentials: set TESSERA_TOKEN (a project, workspace or personal token with the upload scope), run tessera login, or upload tokenless from GitHub Actions or GitLab CI (docs/ci.md)', EXIT.auth);
    project = await chooseProject(ctx, opts, meta, retrying);
  }
  const query = {
    kind: opts.kind,
    format: opts.format,
    commit: opts.commit ?? meta.commit,
    branch: opts.branch ?? meta.branch,
    pull_request: opts.pr ?? meta.pullRequest,
    build_id: opts.buildId ?? meta.buildId,
    ci_provider: meta.ciProvider,
  };
  if (!opts.commit && meta.commit) ctx.out.info(`commit ${meta.commit.slice(0, 12)} and branch ${query.branch ?? '(none)'} from ${meta.sources.commit}`);

  const results: UploadResult[] = [];
  for (const file of files) {
    let data: Buffer;
    try {
      data = await readFile(file);
    } catch (err) {
      throw new CliError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
    }
    const gzipped = data[0] === 0x1f && data[1] === 0x8b;
    const body = gzipped ? data : gzipSync(data);
    const filename = basename(file).replace(/\.gz$/, '');
    const bar = ctx.out.json || !process.stderr.isTTY ? null : progressBar((s) => process.stderr.write(s), filename);
    const result = await retrying(
      `upload of ${filename}`,
      () =>
        client.request<UploadResult>('POST', `/v1/projects/${seg(project)}/uploads`, {
          query: { ...query, filename },
          headers: gzipped ? {} : { 'content-encoding': 'gzip' },
          rawBody: { data: progressStream(body, (sent, total) => bar?.update(sent, total)), contentType: 'application/octet-stream' },
        }),
      () => bar?.done(),
    ).finally(() => bar?.done());
    results.push(result);
    if (!ctx.out.json) ctx.out.print(describeUpload(result, project, ctx.out.paint));
  }
  if (ctx.out.json) ctx.out.printJson(results.length === 1 ? results[0] : results);
  const unreadable = results.filter((r) => r.parse_status === 'unparsable');
  if (unreadable.length) {
    ctx.out.warn(`${unreadable.map((r) => r.filename).join(', ')}: stored, but not readable as a report (exit ${EXIT.unreadableUpload}); check --format and the file`);
    return EXIT.unreadableUpload;
  }
  return 0;
}

/** --project, else the project a project/ci token belongs to, else what CI or git says. */
async function chooseProject(ctx: CommandContext, opts: UploadOptions, meta: BuildMetadata, retrying: <T>(what: string, send: () => Promise<T>) => Promise<T>): Promise<string> {
  if (opts.project) return opts.project;
  const token = ctx.creds.token?.trim() ?? '';
  if (token.startsWith(`${ctx.brand}p_`) || token.startsWith(`${ctx.brand}c_`)) {
    const me = await retrying('reading the token\'s project (GET /v1/me)', () => ctx.client.get<Me>('/v1/me'));
    if (me.token?.project_id) {
      if (meta.project) ctx.out.info(`project ${me.token.project_id} from the project token (CI/git suggested ${meta.project}; --project overrides)`);
      return me.token.project_id;
    }
  }
  if (meta.project) {
    ctx.out.info(`project ${meta.project}, inferred from ${meta.sources.project}; use --project to choose another`);
    return meta.project;
  }
  throw new CliError('cannot tell which project to upload to', EXIT.usage, 'pass --project <workspace>/<project>, or run inside a git checkout or a CI job');
}
