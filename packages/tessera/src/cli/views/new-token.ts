import type { TokenWithSecret } from '../client/api-types.js';
import type { Output } from '../client/output.js';
import { formatDate } from './time.js';

/**
 * The one message that ever shows a token in full (after `token create` and `token rotate`):
 * the token, the warning that it will not be shown again, and snippets to paste into a shell
 * or a CI secret store. `--quiet` prints the token alone (to pipe into a secret manager).
 */
export function printNewToken(out: Output, t: TokenWithSecret, opts: { quiet?: boolean | undefined; verb: string; /** The server it was made on: the snippets name it, so a CI job with no stored login reaches it. */ url: string; notes?: string[] }): void {
  if (opts.quiet) return out.print(t.secret);
  if (out.json) return out.printJson(t);
  const p = out.paint;
  const scope = t.project_id ? ` for project ${t.project_id}` : t.workspace_id ? ` in workspace ${t.workspace_id}` : ' (all your workspaces)';
  out.print(
    [
      `${p.green('✓')} ${opts.verb} ${t.kind} token ${p.bold(`"${t.name}"`)}${scope}`,
      `  id ${t.id}, prefix ${t.display_prefix}, scopes ${t.scopes.join(', ')}, expires ${formatDate(t.expires_at)}`,
      ...(opts.notes ?? []).map((n) => `  ${p.dim(n)}`),
      '',
      `  ${p.bold(t.secret)}`,
      '',
      `${p.yellow('! Copy this token now: it will not be shown again.')} Only its prefix (${t.display_prefix}) appears from now on.`,
      '',
      'As environment variables:',
      `  export TESSERA_URL=${opts.url}`,
      `  export TESSERA_TOKEN=${t.secret}`,
      '',
      'GitHub Actions: add a repository secret named TESSERA_TOKEN (Settings → Secrets and variables → Actions), then in the workflow:',
      '  env:',
      `    TESSERA_URL: ${opts.url}`,
      '    TESSERA_TOKEN: ${{ secrets.TESSERA_TOKEN }}',
      '',
      `GitLab CI: add a CI/CD variable named TESSERA_TOKEN (Settings → CI/CD → Variables) with "Mask variable" and "Protect variable" checked, and set TESSERA_URL: ${opts.url} in the job's variables.`,
    ].join('\n'),
  );
}
