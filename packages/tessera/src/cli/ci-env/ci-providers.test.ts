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
