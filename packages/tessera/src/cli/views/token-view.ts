import type { Token } from '../client/api-types.js';
import type { Paint } from '../client/output.js';
import { formatDate, formatShortDate } from './time.js';

/** How tokens read in a table and in `token show`: the display prefix, never the secret. */
export const TOKEN_HEADERS = ['ID', 'NAME', 'KIND', 'PREFIX', 'PROJECT', 'SCOPES', 'STATUS', 'EXPIRES', 'LAST USED'];

export function statusText(status: Token['status'], paint: Paint): string {
  switch (status) {
    case 'active':
      return paint.green(status);
    case 'rotating':
      return paint.yellow(status);
    default:
      return paint.red(status);
  }
}

export function tokenRow(t: Token, paint: Paint, projectNames: Map<string, string> = new Map(), now = Date.now()): string[] {
  return [
    t.id,
    t.name,
    t.kind,
    t.display_prefix,
    t.project_id ? (projectNames.get(t.project_id) ?? t.project_id) : '-',
    t.scopes.join(','),
    statusText(t.status, paint),
    formatShortDate(t.expires_at, now),
    formatShortDate(t.last_used_at, now, '-'),
  ];
}

export function tokenFields(t: Token, paint: Paint, now = Date.now()): [string, string | undefined][] {
  const labels = Object.entries(t.labels);
  return [
    ['ID', t.id],
    ['Name', t.name],
    ['Description', t.description || undefined],
    ['Kind', t.kind],
    ['Prefix', t.display_prefix],
    ['Status', statusText(t.status, paint)],
    ['Workspace', t.workspace_id ?? 'all of its user’s workspaces'],
    ['Project', t.project_id ?? undefined],
    ['User', t.user_id ?? undefined],
    ['Scopes', t.scopes.join(', ')],
    ['Created', `${formatDate(t.created_at, now)}${t.created_by ? ` by ${t.created_by}` : ''}`],
    ['Expires', formatDate(t.expires_at, now)],
    ['Last used', t.last_used_at ? `${formatDate(t.last_used_at, now)}${t.last_used_ip ? ` from ${t.last_used_ip}` : ''}` : 'never'],
    ['Revoked', t.revoked_at ? `${formatDate(t.revoked_at, now)}${t.revoked_by ? ` by ${t.revoked_by}` : ''}${t.revoke_reason ? `: ${t.revoke_reason}` : ''}` : undefined],
    ['Grace ends', t.grace_period_ends_at ? formatDate(t.grace_period_ends_at, now) : undefined],
    ['Rotated from', t.rotated_from ?? undefined],
    ['Rotated to', t.rotated_to ?? undefined],
    ['Agent type', t.agent_type || undefined],
    ['Labels', labels.length ? labels.map(([k, v]) => `${k}=${v}`).join(', ') : undefined],
  ];
}
