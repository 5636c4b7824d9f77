import { mkdtempSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectCi, repositoryFromUrl } from './ci-providers.js';
import { inferBuildMetadata } from './build-metadata.js';

const SHA = '4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39';

describe('CI detection', () => {
  it('reads GitHub Actions, push and pull_request', () => {
    expect(detectCi({ GITHUB_ACTIONS: 'true', GITHUB_SHA: SHA, GITHUB_REF: 'refs/heads/main', GITHUB_REF_NAME: 'main', GITHUB_HEAD_REF: '', GITHUB_RUN_ID: '9001', GITHUB_REPOSITORY: 'acme/web' }))
      .toEqual({ provider: 'github-actions', commit: SHA, branch: 'main', buildId: '9001', repository: 'acme/web' });
    expect(detectCi({ GITHUB_ACTIONS: 'true', GITHUB_SHA: SHA, GITHUB_REF: 'refs/pull/42/merge', GITHUB_REF_NAME: '42/merge', GITHUB_HEAD_REF: 'feature/x', GITHUB_RUN_ID: '9002', GITHUB_REPOSITORY: 'acme/web' }))
      .toMatchObject({ branch: 'feature/x', pullRequest: '42' });
  });

  it('reads GitLab CI, including merge requests and subgroups', () => {
    expect(detectCi({ GITLAB_CI: 'true', CI_COMMIT_SHA: SHA, CI_COMMIT_REF_NAME: 'main', CI_COMMIT_BRANCH: 'main', CI_PIPELINE_ID: '77', CI_PROJECT_PATH: 'acme/platform/web' }))
      .toEqual({ provider: 'gitlab-ci', commit: SHA, branch: 'main', buildId: '77', repository: 'acme/platform/web' });
    expect(detectCi({ GITLAB_CI: 'true', CI_COMMIT_SHA: SHA, CI_MERGE_REQUEST_IID: '5', CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: 'fix', CI_PROJECT_PATH: 'a/b' }))
      .toMatchObject({ branch: 'fix', pullRequest: '5' });
  });

  it('reads CircleCI, Buildkite and Jenkins', () => {
    expect(detectCi({ CIRCLECI: 'true', CIRCLE_SHA1: SHA, CIRCLE_BRANCH: 'dev', CIRCLE_PULL_REQUEST: 'https://github.com/acme/web/pull/12', CIRCLE_BUILD_NUM: '3', CIRCLE_PROJECT_USERNAME: 'acme', CIRCLE_PROJECT_REPONAME: 'web' }))
      .toEqual({ provider: 'circleci', commit: SHA, branch: 'dev', pullRequest: '12', buildId: '3', repository: 'acme/web' });
    expect(detectCi({ BUILDKITE: 'true', BUILDKITE_COMMIT: SHA, BUILDKITE_BRANCH: 'main', BUILDKITE_PULL_REQUEST: 'false', BUILDKITE_BUILD_NUMBER: '8', BUILDKITE_REPO: 'git@github.com:acme/web.git' }))
      .toEqual({ provider: 'buildkite', commit: SHA, branch: 'main', buildId: '8', repository: 'acme/web' });
    expect(detectCi({ JENKINS_URL: 'https://ci.example.com/', BUILD_NUMBER: '15', GIT_COMMIT: SHA, GIT_BRANCH: 'origin/main', GIT_URL: 'https://github.com/acme/web.git' }))
      .toEqual({ provider: 'jenkins', commit: SHA, branch: 'main', buildId: '15', repository: 'acme/web' });
  });

  it('is undefined outside CI', () => expect(detectCi({ HOME: '/root' })).toBeUndefined());

  const HEAD = 'a'.repeat(40);
  const payload = (pr: object) => () => JSON.stringify({ pull_request: pr });
  it('issue 16: on a GitHub pull_request event the commit is the head commit from the event payload, not the merge commit', () => {
    const env = { GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: '/event.json', GITHUB_SHA: SHA, GITHUB_REF: 'refs/pull/42/merge', GITHUB_HEAD_REF: 'feature/x', GITHUB_RUN_ID: '9', GITHUB_REPOSITORY: 'acme/web' };
    expect(detectCi(env, { readFile: payload({ number: 42, head: { sha: HEAD, ref: 'feature/x' } }) })).toEqual({ provider: 'github-actions', commit: HEAD, branch: 'feature/x', pullRequest: '42', buildId: '9', repository: 'acme/web' });
    // pull_request_target runs on the base branch: the pull request is only in the payload.
    expect(detectCi({ ...env, GITHUB_EVENT_NAME: 'pull_request_target', GITHUB_REF: 'refs/heads/main', GITHUB_HEAD_REF: '' }, { readFile: payload({ number: 7, head: { sha: HEAD, ref: 'fork-fix' } }) }))
      .toMatchObject({ commit: HEAD, branch: 'fork-fix', pullRequest: '7' });
    // An unreadable or odd payload falls back to the variables.
    const unreadable = () => { throw new Error('ENOENT'); };
    expect(detectCi(env, { readFile: unreadable })).toMatchObject({ commit: SHA, pullRequest: '42' });
    expect(detectCi(env, { readFile: payload({ number: 42, head: { sha: 'not-a-sha' } }) })).toMatchObject({ commit: SHA });
    // A push event never reads the payload.
    expect(detectCi({ ...env, GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/heads/main', GITHUB_HEAD_REF: '', GITHUB_REF_NAME: 'main' }, { readFile: unreadable })).toMatchObject({ commit: SHA, branch: 'main' });
  });

  it('issue 16: reads the other CI systems through env-ci (Travis, Azure Pipelines, Bitbucket, Drone)', () => {
    expect(detectCi({ TRAVIS: 'true', TRAVIS_COMMIT: SHA, TRAVIS_BRANCH: 'main', TRAVIS_PULL_REQUEST: '12', TRAVIS_PULL_REQUEST_BRANCH: 'fix', TRAVIS_BUILD_NUMBER: '5', TRAVIS_REPO_SLUG: 'acme/web' }))
      .toEqual({ provider: 'travis', commit: SHA, branch: 'fix', pullRequest: '12', buildId: '5', repository: 'acme/web' });
    expect(detectCi({ BUILD_BUILDURI: 'vstfs:///Build/Build/1', BUILD_SOURCEVERSION: SHA, BUILD_SOURCEBRANCH: 'refs/heads/main', BUILD_BUILDNUMBER: '20261130.1' }))
      .toMatchObject({ provider: 'azure-pipelines', commit: SHA, branch: 'main', buildId: '20261130.1' });
    expect(detectCi({ BITBUCKET_BUILD_NUMBER: '3', BITBUCKET_COMMIT: SHA, BITBUCKET_BRANCH: 'dev', BITBUCKET_REPO_FULL_NAME: 'acme/web', BITBUCKET_PR_ID: '9' }))
      .toMatchObject({ provider: 'bitbucket', commit: SHA, branch: 'dev', repository: 'acme/web' }); // env-ci reads no pull request id for Bitbucket
    expect(detectCi({ DRONE: 'true', DRONE_COMMIT_SHA: SHA, DRONE_BRANCH: 'main', DRONE_BUILD_NUMBER: '4', DRONE_REPO_OWNER: 'acme', DRONE_REPO_NAME: 'web', DRONE_BUILD_EVENT: 'push' }))
      .toMatchObject({ provider: 'drone', commit: SHA, branch: 'main', buildId: '4', repository: 'acme/web' });
    expect(detectCi({ DRONE: 'true', DRONE_COMMIT_SHA: SHA, DRONE_BRANCH: 'main' })?.repository).toBeUndefined();
    // A bare CI=true names no system: the caller reads git.
    expect(detectCi({ CI: 'true' }, { cwd: tmpdir() })).toBeUndefined();
  });

  it('parses repository URLs of every usual shape', () => {
    expect(repositoryFromUrl('https://github.com/acme/web.git')).toBe('acme/web');
    expect(repositoryFromUrl('git@github.com:acme/web.git')).toBe('acme/web');
    expect(repositoryFromUrl('ssh://git@gitlab.example.com:2222/acme/group/web.git')).toBe('acme/group/web');
    expect(repositoryFromUrl('https://user:pass@gitlab.com/acme/web')).toBe('acme/web');
  });
});

describe('build metadata', () => {
  it('prefers CI variables and says where the project came from', async () => {
    const meta = await inferBuildMetadata({ GITHUB_ACTIONS: 'true', GITHUB_SHA: SHA, GITHUB_REF_NAME: 'main', GITHUB_REPOSITORY: 'Acme/Web', GITHUB_RUN_ID: '1' }, tmpdir());
    expect(meta).toMatchObject({ commit: SHA, branch: 'main', ciProvider: 'github-actions', buildId: '1', project: 'acme/web' });
    expect(meta.sources.project).toContain('github-actions');
  });

  it('falls back to the local git checkout outside CI', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-git-'));
    const g = (...args: string[]) => execFileSync('git', args, { cwd: dir, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } }).toString().trim();
    g('init', '-q', '-b', 'trunk');
    g('commit', '-q', '--allow-empty', '-m', 'x');
    g('remote', 'add', 'origin', 'git@github.com:acme/api.git');
    const meta = await inferBuildMetadata({}, dir);
    expect(meta).toMatchObject({ commit: g('rev-parse', 'HEAD'), branch: 'trunk', project: 'acme/api', sources: { commit: 'git', branch: 'git' } });
    expect(meta.ciProvider).toBeUndefined();
  });

  it('infers nothing where there is nothing to infer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-nogit-'));
    expect(await inferBuildMetadata({}, dir)).toEqual({ sources: {} });
  });
});
