import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { repositoryFromUrl } from './ci-providers.js';

const run = promisify(execFile);

async function git(args: string[], cwd: string): Promise<string | undefined> {
  try {
    const { stdout } = await run('git', args, { cwd, timeout: 5000 });
    return stdout.trim() || undefined;
  } catch {
    return undefined; // not a repository, or git missing: nothing to infer
  }
}

/** What the local git checkout says: the fallback when no CI variable tells. */
export async function readGit(cwd: string): Promise<{ commit?: string; branch?: string; repository?: string }> {
  const [commit, branch, remote] = await Promise.all([
    git(['rev-parse', 'HEAD'], cwd),
    git(['rev-parse', '--abbrev-ref', 'HEAD'], cwd),
    git(['remote', 'get-url', 'origin'], cwd),
  ]);
  const out: { commit?: string; branch?: string; repository?: string } = {};
  if (commit) out.commit = commit;
  if (branch && branch !== 'HEAD') out.branch = branch;
  const repository = repositoryFromUrl(remote);
  if (repository) out.repository = repository;
  return out;
}
