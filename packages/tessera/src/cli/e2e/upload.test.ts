import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBinary, type BinaryHarness } from '../../test-support/built-binary.js';
import { cliFor, signInAndRun, startInstance, type ServedInstance } from '../../test-support/served-instance.js';

/**
 * Issue 3's end-to-end story, with the real `tessera` binary against a real server process:
 * log in, create each kind of token, upload with each, see the 403 of a project token used on
 * another project, revoke a token and see the next upload fail with the diagnosis.
 */
let harness: BinaryHarness;
let instance: ServedInstance;
let cli: ReturnType<typeof cliFor>;
const fixtures = fileURLToPath(new URL('../../uploads/fixtures/', import.meta.url));
const SHA = '4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39';
const tokens: Record<string, { id: string; secret: string }> = {};
const TOKEN = /\btsr[wpucs]_[0-9A-Za-z]{46}\b/;

const create = async (args: string[]) => {
  const r = await cli.run(['token', 'create', ...args, '--json']);
  if (r.code !== 0) throw new Error(r.stderr);
  const body = JSON.parse(r.stdout);
  return { id: body.id as string, secret: body.secret as string };
};
/** Outside CI: no CI variables, so commit and branch come from flags or git. */
const upload = (token: string, args: string[], env: Record<string, string> = {}) => cli.run(['upload', ...args], { env: { TESSERA_TOKEN: token, ...env } });

beforeAll(async () => {
  harness = await buildBinary();
  instance = await startInstance(harness);
  cli = cliFor(harness, instance);
  await signInAndRun(cli, ['project', 'create', '--name', 'Web'], ['project', 'create', '--name', 'API']);
  tokens.project = await create(['--name', 'web uploads', '--kind', 'project', '--project', 'web', '--scopes', 'upload']);
  tokens.apiProject = await create(['--name', 'api uploads', '--kind', 'project', '--project', 'api', '--scopes', 'upload']);
  tokens.workspace = await create(['--name', 'org uploads', '--kind', 'workspace', '--scopes', 'upload']);
  tokens.personal = await create(['--name', 'my uploads', '--kind', 'personal', '--scopes', 'upload,read']);
  tokens.readOnly = await create(['--name', 'read only', '--kind', 'workspace', '--scopes', 'read']);
}, 240_000);
afterAll(async () => {
  await instance?.stop();
  await harness?.cleanup();
});

describe('tessera upload', () => {
  it('uploads coverage with a project token to its own project, and prints the summary and URL', async () => {
    const r = await upload(tokens.project!.secret, [join(fixtures, 'coverage.lcov'), '--commit', SHA, '--branch', 'main']);
    expect(r.stderr + r.stdout).not.toMatch(TOKEN);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Uploaded coverage\.lcov to prj_\w+: coverage, lcov/);
    expect(r.stdout).toMatch(/lines \d+(\.\d+)?% \(\d+\/\d+ in \d+ files\)/);
    expect(r.stdout).toContain(`commit ${SHA.slice(0, 12)} on main`);
    expect(r.stdout).toMatch(/http:\/\/127\.0\.0\.1:\d+\/v1\/projects\/prj_\w+\/uploads\/upl_\w+/);
  });

  it('uploads with a workspace token and a personal token to a named project, each format summarized', async () => {
    const ws = await upload(tokens.workspace!.secret, ['--project', 'acme/web', join(fixtures, 'junit.xml'), '--json']);
    expect(ws.code, ws.stderr).toBe(0);
    expect(JSON.parse(ws.stdout)).toMatchObject({ kind: 'test-results', format: 'junit', parse_status: 'parsed', summary: { tests: expect.any(Number) } });
    const personal = await upload(tokens.personal!.secret, ['--project', 'acme/api', join(fixtures, 'cobertura.xml'), join(fixtures, 'results.sarif'), '--json']);
    expect(personal.code, personal.stderr).toBe(0);
    const [cob, sarif] = JSON.parse(personal.stdout);
    expect(cob).toMatchObject({ kind: 'coverage', format: 'cobertura', summary: { percent: expect.any(Number) } });
    expect(sarif).toMatchObject({ kind: 'analysis', format: 'sarif', summary: { results: expect.any(Number) } });
    expect(cob.user_id).toBe(instance.userId);
  });

  it('reads commit, branch, PR and build from GitHub Actions variables and infers the project, saying so', async () => {
    const env = { GITHUB_ACTIONS: 'true', GITHUB_SHA: SHA, GITHUB_REF: 'refs/pull/7/merge', GITHUB_HEAD_REF: 'feature/x', GITHUB_RUN_ID: '4242', GITHUB_REPOSITORY: 'acme/web' };
    const r = await upload(tokens.workspace!.secret, [join(fixtures, 'coverage.lcov'), '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ commit: SHA, branch: 'feature/x', pull_request: '7', build_id: '4242', ci_provider: 'github-actions' });
    expect(r.stderr).toContain('project acme/web, inferred from github-actions (acme/web)');
  });

  it('infers the project from the git remote outside CI', async () => {
    const dir = harness.tempDir('tessera-upload-git-');
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } });
    git('init', '-q', '-b', 'main');
    git('commit', '-q', '--allow-empty', '-m', 'x');
    git('remote', 'add', 'origin', 'git@github.com:acme/web.git');
    copyFileSync(join(fixtures, 'coverage.lcov'), join(dir, 'lcov.info'));
    const r = await harness.runToEnd(['upload', 'lcov.info', '--json'], { ...cli.env, TESSERA_TOKEN: tokens.workspace!.secret }, { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).branch).toBe('main');
    expect(r.stderr).toContain('inferred from git remote (acme/web)');
  });

  it('a project token used on another project gets 403 and exit 3', async () => {
    const r = await upload(tokens.apiProject!.secret, ['--project', 'acme/web', join(fixtures, 'coverage.lcov')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/own project/);
    expect(r.stderr + r.stdout).not.toContain(tokens.apiProject!.secret);
  });

  it('a token without the upload scope gets exit 3 naming the scope', async () => {
    const r = await upload(tokens.readOnly!.secret, ['--project', 'acme/web', join(fixtures, 'coverage.lcov')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('upload');
  });

  it('after revoking a token, the next upload fails with exit 2 and the diagnosis', async () => {
    const revoke = await cli.run(['token', 'revoke', tokens.project!.id, '--yes']);
    expect(revoke.code, revoke.stderr).toBe(0);
    const r = await upload(tokens.project!.secret, ['--project', 'acme/web', join(fixtures, 'coverage.lcov')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('revoked');
    expect(r.stderr).toContain(tokens.project!.secret.slice(0, 13));
    expect(r.stderr).not.toContain(tokens.project!.secret);
  });

  it('a token pasted with a trailing newline is diagnosed before any request', async () => {
    const r = await upload(`${tokens.workspace!.secret}\n`, ['--project', 'acme/web', join(fixtures, 'coverage.lcov')]);
    expect(r.stderr).toMatch(/line break|newline/);
  });

  it('says which file is missing, with exit 1', async () => {
    const r = await upload(tokens.workspace!.secret, ['--project', 'acme/web', 'nope.lcov']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot read nope.lcov: no such file');
  });

  it('issue 16: a file stored but unreadable as a report exits 5 and says so (it exited 0)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-unreadable-'));
    writeFileSync(join(dir, 'coverage.lcov'), 'this is not lcov at all\n');
    const r = await upload(tokens.workspace!.secret, ['--project', 'acme/web', '--format', 'lcov', join(dir, 'coverage.lcov')]);
    expect(r.stdout).toMatch(/Uploaded coverage\.lcov/);
    expect(r.stderr).toMatch(/coverage\.lcov: stored, but not readable as a report \(exit 5\)/);
    expect(r.code, r.stderr).toBe(5);
  });

  it('issue 16: the project lookup of a project token is retried too (it exited 4 at once despite --retries)', async () => {
    const r = await cli.run(['upload', '--retries', '2', join(fixtures, 'coverage.lcov')], { env: { TESSERA_TOKEN: tokens.project!.secret, TESSERA_URL: 'http://127.0.0.1:9' } });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/reading the token's project \(GET \/v1\/me\) failed .*retrying in [\d.]+s \(attempt 2 of 2\)/);
  });

  it('issue 16: waits as long as the server\'s Retry-After asks, not its own shorter backoff', async () => {
    // A stand-in server on loopback: the first upload gets 503 with Retry-After: 1, the second is stored.
    let calls = 0;
    const stub = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        calls++;
        if (calls === 1) {
          res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
          res.end(JSON.stringify({ error: { code: 'database_unavailable', message: 'the database is unavailable; retry shortly', request_id: 'req_1' } }));
          return;
        }
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: 'upl_1', filename: 'coverage.lcov', kind: 'coverage', format: 'lcov', size_bytes: 10, parse_status: 'parsed', summary: { lines_found: 1, lines_hit: 1, percent: 100, files: 1 }, url: 'http://x/upl_1' }));
      });
    });
    await new Promise<void>((r) => stub.listen(0, '127.0.0.1', r));
    try {
      const port = (stub.address() as AddressInfo).port;
      const r = await cli.run(['upload', '--project', 'acme/web', '--retries', '3', join(fixtures, 'coverage.lcov')], { env: { TESSERA_TOKEN: tokens.workspace!.secret, TESSERA_URL: `http://127.0.0.1:${port}` } });
      expect(r.code, r.stderr).toBe(0);
      expect(calls).toBe(2);
      // The backoff alone would be 0.4–0.6 s.
      expect(r.stderr).toMatch(/retrying in 1\.0s \(attempt 2 of 3\)/);
    } finally {
      stub.close();
    }
  });

  it('retries when the server cannot be reached, then exits 4', async () => {
    const r = await cli.run(['upload', '--project', 'acme/web', '--retries', '2', join(fixtures, 'coverage.lcov')], { env: { TESSERA_TOKEN: tokens.workspace!.secret, TESSERA_URL: 'http://127.0.0.1:9' } });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('retrying');
  });
});
