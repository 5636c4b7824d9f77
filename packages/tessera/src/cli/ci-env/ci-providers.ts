/**
 * What a CI job's environment says about the build: commit, branch, pull request, build id and
 * repository, for the CI systems the seeds' users run. Pure functions of the environment, so each
 * provider is tested with the variables it really sets.
 */
export interface CiInfo {
  provider: string;
  commit?: string;
  branch?: string;
  pullRequest?: string;
  buildId?: string;
  /** `owner/name` as the CI system names the repository, when it does. */
  repository?: string;
}

type Env = Record<string, string | undefined>;
const v = (env: Env, name: string) => (env[name] && env[name]!.trim() ? env[name]!.trim() : undefined);

const defined = (info: CiInfo): CiInfo =>
  Object.fromEntries(Object.entries(info).filter(([, value]) => value !== undefined)) as unknown as CiInfo;

/** `https://github.com/acme/web.git`, `git@gitlab.com:acme/group/web.git` → `acme/web`, `acme/group/web`. */
export function repositoryFromUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const m = /^(?:[a-z+]+:\/\/)?(?:[^@/]+@)?[^:/]+(?::\d+)?[:/](.+?)(?:\.git)?\/?$/i.exec(url.trim());
  return m?.[1]?.replace(/^\/+/, '');
}

const PROVIDERS: { name: string; detect: (env: Env) => boolean; read: (env: Env) => Omit<CiInfo, 'provider'> }[] = [
  {
    name: 'github-actions',
    detect: (env) => env.GITHUB_ACTIONS === 'true',
    read: (env) => {
      const pr = /^refs\/pull\/(\d+)\//.exec(env.GITHUB_REF ?? '')?.[1];
      return {
        // On pull_request events GITHUB_SHA is the merge commit; the head commit is in the event payload, read by the caller if wanted.
        commit: v(env, 'GITHUB_SHA'),
        branch: v(env, 'GITHUB_HEAD_REF') ?? v(env, 'GITHUB_REF_NAME'),
        pullRequest: pr,
        buildId: v(env, 'GITHUB_RUN_ID'),
        repository: v(env, 'GITHUB_REPOSITORY'),
      };
    },
  },
  {
    name: 'gitlab-ci',
    detect: (env) => env.GITLAB_CI === 'true',
    read: (env) => ({
      commit: v(env, 'CI_COMMIT_SHA'),
      branch: v(env, 'CI_MERGE_REQUEST_SOURCE_BRANCH_NAME') ?? v(env, 'CI_COMMIT_BRANCH') ?? v(env, 'CI_COMMIT_REF_NAME'),
      pullRequest: v(env, 'CI_MERGE_REQUEST_IID'),
      buildId: v(env, 'CI_PIPELINE_ID'),
      repository: v(env, 'CI_PROJECT_PATH'),
    }),
  },
  {
    name: 'circleci',
    detect: (env) => env.CIRCLECI === 'true',
    read: (env) => ({
      commit: v(env, 'CIRCLE_SHA1'),
      branch: v(env, 'CIRCLE_BRANCH'),
      pullRequest: /\/pull\/(\d+)/.exec(env.CIRCLE_PULL_REQUEST ?? '')?.[1],
      buildId: v(env, 'CIRCLE_BUILD_NUM'),
      repository: env.CIRCLE_PROJECT_USERNAME && env.CIRCLE_PROJECT_REPONAME ? `${env.CIRCLE_PROJECT_USERNAME}/${env.CIRCLE_PROJECT_REPONAME}` : repositoryFromUrl(env.CIRCLE_REPOSITORY_URL),
    }),
  },
  {
    name: 'buildkite',
    detect: (env) => env.BUILDKITE === 'true',
    read: (env) => ({
      commit: v(env, 'BUILDKITE_COMMIT'),
      branch: v(env, 'BUILDKITE_BRANCH'),
      pullRequest: env.BUILDKITE_PULL_REQUEST && env.BUILDKITE_PULL_REQUEST !== 'false' ? env.BUILDKITE_PULL_REQUEST : undefined,
      buildId: v(env, 'BUILDKITE_BUILD_NUMBER'),
      repository: repositoryFromUrl(env.BUILDKITE_REPO),
    }),
  },
  {
    name: 'jenkins',
    detect: (env) => Boolean(env.JENKINS_URL && env.BUILD_NUMBER),
    read: (env) => ({
      commit: v(env, 'GIT_COMMIT'),
      branch: v(env, 'CHANGE_BRANCH') ?? v(env, 'BRANCH_NAME') ?? v(env, 'GIT_BRANCH')?.replace(/^origin\//, ''),
      pullRequest: v(env, 'CHANGE_ID'),
      buildId: v(env, 'BUILD_NUMBER'),
      repository: repositoryFromUrl(env.GIT_URL),
    }),
  },
];

/** The CI system this process runs in, and what it says; undefined outside CI. */
export function detectCi(env: Env): CiInfo | undefined {
  const p = PROVIDERS.find((x) => x.detect(env));
  return p ? defined({ provider: p.name, ...p.read(env) }) : undefined;
}
