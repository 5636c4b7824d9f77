import { readFileSync } from 'node:fs';
import envCi from 'env-ci';

/**
 * What a CI job's environment says about the build: commit, branch, pull request, build id and
 * repository. The five CI systems the seeds' users run are read here, each tested with the
 * variables it really sets; every other one (Travis, Azure Pipelines, Bitbucket, Drone,
 * CodeBuild, TeamCity, Woodpecker… about 30) through `env-ci`, the library semantic-release
 * keeps. Not env-ci for all: for a pull request it reports the *target* branch and, on GitHub,
 * the merge commit, where an upload wants the branch and the commit that were pushed.
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

type ReadFile = (path: string) => string;

/** The head of the pull request a GitHub event payload describes; undefined when it cannot be read. */
function pullRequestEvent(path: string | undefined, readFile: ReadFile): { number?: string; headSha?: string; headRef?: string } | undefined {
  if (!path) return undefined;
  try {
    const pr = (JSON.parse(readFile(path)) as { pull_request?: { number?: unknown; head?: { sha?: unknown; ref?: unknown } } }).pull_request;
    if (!pr) return undefined;
    const str = (x: unknown) => (typeof x === 'string' && x.trim() ? x.trim() : typeof x === 'number' ? String(x) : undefined);
    const sha = str(pr.head?.sha);
    return { number: str(pr.number), headSha: sha && /^[0-9a-f]{40,64}$/i.test(sha) ? sha : undefined, headRef: str(pr.head?.ref) };
  } catch {
    return undefined;
  }
}

const PROVIDERS: { name: string; detect: (env: Env) => boolean; read: (env: Env, readFile: ReadFile) => Omit<CiInfo, 'provider'> }[] = [
  {
    name: 'github-actions',
    detect: (env) => env.GITHUB_ACTIONS === 'true',
    read: (env, readFile) => {
      // On pull_request events GITHUB_SHA is a merge commit GitHub made; the commit that was
      // pushed is the pull request's head, in the event payload (pull_request_target runs on the
      // base branch, whose GITHUB_REF names no pull request at all).
      const event = /^pull_request/.test(env.GITHUB_EVENT_NAME ?? '') ? pullRequestEvent(env.GITHUB_EVENT_PATH, readFile) : undefined;
      const pr = event?.number ?? /^refs\/pull\/(\d+)\//.exec(env.GITHUB_REF ?? '')?.[1];
      return {
        commit: event?.headSha ?? v(env, 'GITHUB_SHA'),
        branch: v(env, 'GITHUB_HEAD_REF') ?? event?.headRef ?? v(env, 'GITHUB_REF_NAME'),
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

const str = (x: string | number | undefined) => (x === undefined || x === '' ? undefined : String(x).trim() || undefined);

/**
 * The CI system this process runs in, and what it says; undefined outside CI. `readFile` reads
 * GitHub's event payload (a test passes its own).
 */
export function detectCi(env: Env, options: { cwd?: string; readFile?: ReadFile } = {}): CiInfo | undefined {
  const p = PROVIDERS.find((x) => x.detect(env));
  if (p) return defined({ provider: p.name, ...p.read(env, options.readFile ?? ((path) => readFileSync(path, 'utf8'))) });
  const ci = envCi({ env, ...(options.cwd ? { cwd: options.cwd } : {}) });
  // Outside CI env-ci reads git (service "git"); a bare CI=true names no system: git is read by the caller.
  if (!ci.isCi || !ci.service || ci.service === 'git') return undefined;
  return defined({
    // env-ci names some services in camelCase (azurePipelines); upload records use kebab-case.
    provider: ci.service.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`),
    commit: str(ci.commit),
    branch: str(ci.isPr ? (ci.prBranch ?? ci.branch) : ci.branch),
    pullRequest: ci.isPr || ci.pr ? str(ci.pr) : undefined,
    buildId: str(ci.build),
    // Some services build the slug from two variables and give "undefined/undefined" when unset.
    repository: ci.slug && !/(^|\/)(undefined|null)(\/|$)/.test(ci.slug) ? str(ci.slug) : undefined,
  });
}
