import { detectCi, type CiInfo } from './ci-providers.js';
import { readGit } from './git-info.js';

export interface BuildMetadata {
  commit?: string;
  branch?: string;
  pullRequest?: string;
  buildId?: string;
  ciProvider?: string;
  /** `<workspace>/<project>` inferred from the CI repository or the git remote. */
  project?: string;
  /** Where each inferred value came from, so the CLI can say so. */
  sources: Partial<Record<'commit' | 'branch' | 'project', string>>;
}

/**
 * CI variables first, then the local git checkout (like Qlty). The project is the repository's
 * last two path segments (`acme/web` → workspace `acme`, project `web`); GitLab subgroups keep the
 * top group as workspace and the repository name as project.
 */
export async function inferBuildMetadata(env: Record<string, string | undefined>, cwd: string): Promise<BuildMetadata> {
  const ci: CiInfo | undefined = detectCi(env, { cwd });
  const needGit = !ci?.commit || !ci.branch || !ci.repository;
  const local = needGit ? await readGit(cwd) : {};
  const sources: BuildMetadata['sources'] = {};
  const pick = <K extends 'commit' | 'branch'>(key: K) => {
    if (ci?.[key]) {
      sources[key] = ci.provider;
      return ci[key];
    }
    if (local[key]) {
      sources[key] = 'git';
      return local[key];
    }
    return undefined;
  };
  const meta: BuildMetadata = { sources };
  const commit = pick('commit');
  const branch = pick('branch');
  if (commit) meta.commit = commit;
  if (branch) meta.branch = branch;
  if (ci?.pullRequest) meta.pullRequest = ci.pullRequest;
  if (ci?.buildId) meta.buildId = ci.buildId;
  if (ci) meta.ciProvider = ci.provider;
  const repo = ci?.repository ?? local.repository;
  if (repo) {
    const parts = repo.split('/').filter(Boolean);
    if (parts.length >= 2) {
      meta.project = `${parts[0]!.toLowerCase()}/${parts.at(-1)!.toLowerCase()}`;
      sources.project = ci?.repository ? `${ci.provider} (${repo})` : `git remote (${repo})`;
    }
  }
  return meta;
}
