import { sql, type SelectQueryBuilder } from 'kysely';
import type { Db } from '../db/database.js';
import type { Database, NewTokenRow, TokenKind, TokenRow } from '../db/schema.js';
import { PUBLIC_ID_LENGTH } from './token-format.js';
import type { TokenSort, TokenStatus } from './token-kinds.js';

/** Only this file touches the api_tokens table. Every function takes the executor to run on. */

export type { TokenSort, TokenStatus } from './token-kinds.js';

export interface ValidationRow {
  id: string;
  kind: TokenKind;
  name: string;
  scopes: string[];
  workspace_id: string | null;
  project_id: string | null;
  user_id: string | null;
  display_prefix: string;
  pepper_id: string;
  secret_hash: Uint8Array;
  expires_at: Date | null;
  revoked_at: Date | null;
  created_at: Date;
  user_disabled_at: Date | null;
  member_role: string | null;
  /** The display prefix of the token that replaced this one by rotation, if any. */
  replaced_by: string | null;
  canary: boolean;
}

/** The one query on the validation path: the token, its user's state, its user's role where it is restricted. */
export function findForValidation(db: Db, publicId: string): Promise<ValidationRow | undefined> {
  return db
    .selectFrom('api_tokens as t')
    .leftJoin('users as u', 'u.id', 't.user_id')
    .leftJoin('memberships as m', (j) => j.onRef('m.user_id', '=', 't.user_id').onRef('m.workspace_id', '=', 't.workspace_id'))
    .leftJoin('api_tokens as n', 'n.id', 't.rotated_to')
    .select([
      't.id', 't.kind', 't.name', 't.scopes', 't.workspace_id', 't.project_id', 't.user_id', 't.display_prefix',
      't.pepper_id', 't.secret_hash', 't.expires_at', 't.revoked_at', 't.created_at', 'u.disabled_at as user_disabled_at', 'm.role as member_role',
      'n.display_prefix as replaced_by', 't.canary',
    ])
    .where('t.public_id', '=', publicId)
    .executeTakeFirst();
}

export async function insertToken(db: Db, row: NewTokenRow): Promise<TokenRow> {
  return db.insertInto('api_tokens').values(row).returningAll().executeTakeFirstOrThrow();
}

/**
 * A token by its id (`tok_…`) or by its display prefix (`tsrp_Ab3dE5fG`, what logs and lists
 * show): unique too, as it ends with the token's public id (found through its unique index).
 */
export function findTokenById(db: Db, ref: string): Promise<TokenRow | undefined> {
  return byRef(db.selectFrom('api_tokens').selectAll(), ref).executeTakeFirst();
}

export function lockTokenById(db: Db, ref: string): Promise<TokenRow | undefined> {
  return byRef(db.selectFrom('api_tokens').selectAll(), ref).forUpdate().executeTakeFirst();
}

function byRef<Q extends SelectQueryBuilder<Database, 'api_tokens', TokenRow>>(q: Q, ref: string): Q {
  if (ref.startsWith('tok_')) return q.where('id', '=', ref) as Q;
  return q.where('public_id', '=', ref.slice(-PUBLIC_ID_LENGTH)).where('display_prefix', '=', ref) as Q;
}

/** A token that can still authenticate: not revoked (or revoked only in the future) and not expired. */
const live = (now: Date) => sql<boolean>`(revoked_at is null or revoked_at > ${now}) and (expires_at is null or expires_at > ${now})`;

/** Live tokens for the project and workspace limits. ci tokens are not counted: minted per CI job by the OIDC exchange, they expire within the hour. */
export async function countLive(db: Db, where: { projectId?: string; workspaceId?: string }, now: Date): Promise<number> {
  let q = db.selectFrom('api_tokens').select((eb) => eb.fn.countAll<string>().as('n')).where(live(now)).where('kind', '!=', 'ci');
  if (where.projectId) q = q.where('project_id', '=', where.projectId);
  if (where.workspaceId) q = q.where('workspace_id', '=', where.workspaceId);
  const { n } = await q.executeTakeFirstOrThrow();
  return Number(n);
}

export interface TokenListFilter {
  workspaceId?: string;
  userId?: string;
  /** Personal tokens of this user in this workspace: restricted to it, or usable everywhere. */
  personalOfUserInWorkspace?: { userId: string; workspaceId: string };
  kind?: TokenKind;
  projectId?: string;
  status?: TokenStatus;
  expiringBefore?: Date;
  /** A piece of the name (any case) or of the display prefix. */
  search?: string;
  createdBy?: string;
  sort?: TokenSort;
  /** The last row of the previous page: its sort key as sortKeyOf gives it, and its id. */
  after?: { value: string; id: string };
  limit: number;
}

/**
 * The expression each sort orders by. A token that never expires sorts as expiring at infinity
 * (last when ascending), one never used as used at -infinity (last when most recent first), so
 * every row has a key and a keyset cursor can point past it.
 */
const SORT_KEYS = {
  created_at: { expr: sql`created_at`, param: (v: string) => sql`${v}::timestamptz` },
  name: { expr: sql`name`, param: (v: string) => sql`${v}::text` },
  expires_at: { expr: sql`coalesce(expires_at, 'infinity'::timestamptz)`, param: (v: string) => sql`${v}::timestamptz` },
  last_used_at: { expr: sql`coalesce(last_used_at, '-infinity'::timestamptz)`, param: (v: string) => sql`${v}::timestamptz` },
} as const;

/** A row's sort key as text, what a cursor carries: an ISO instant, `infinity`/`-infinity` for a missing one, or the name. */
export function sortKeyOf(row: Pick<TokenRow, 'created_at' | 'name' | 'expires_at' | 'last_used_at'>, sort: TokenSort): string {
  switch (sort.replace(/^-/, '') as keyof typeof SORT_KEYS) {
    case 'name': return row.name;
    case 'expires_at': return row.expires_at?.toISOString() ?? 'infinity';
    case 'last_used_at': return row.last_used_at?.toISOString() ?? '-infinity';
    default: return row.created_at.toISOString();
  }
}

/** LIKE's wildcards and escape character, taken literally. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export function listTokens(db: Db, f: TokenListFilter, now: Date): Promise<TokenRow[]> {
  let q = db.selectFrom('api_tokens').selectAll();
  if (f.workspaceId) q = q.where('workspace_id', '=', f.workspaceId);
  if (f.userId) q = q.where('user_id', '=', f.userId);
  if (f.personalOfUserInWorkspace) {
    const { userId, workspaceId } = f.personalOfUserInWorkspace;
    q = q.where('user_id', '=', userId).where('kind', '=', 'personal').where((eb) => eb.or([eb('workspace_id', '=', workspaceId), eb('workspace_id', 'is', null)]));
  }
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.projectId) q = q.where('project_id', '=', f.projectId);
  if (f.expiringBefore) q = q.where('expires_at', '<', f.expiringBefore);
  if (f.status === 'revoked') q = q.where('revoked_at', '<=', now);
  if (f.status === 'expired') q = q.where('expires_at', '<=', now).where(sql<boolean>`(revoked_at is null or revoked_at > ${now})`);
  if (f.status === 'rotating') q = q.where('revoked_at', '>', now).where(sql<boolean>`(expires_at is null or expires_at > ${now})`);
  if (f.status === 'active') q = q.where('revoked_at', 'is', null).where(sql<boolean>`(expires_at is null or expires_at > ${now})`);
  if (f.createdBy) q = q.where('created_by', '=', f.createdBy);
  if (f.search) {
    const pattern = `%${likeLiteral(f.search)}%`;
    q = q.where((eb) => eb.or([eb('name', 'ilike', pattern), eb('display_prefix', 'ilike', pattern)]));
  }
  const sort = f.sort ?? '-created_at';
  const desc = sort.startsWith('-');
  const key = SORT_KEYS[sort.replace(/^-/, '') as keyof typeof SORT_KEYS];
  if (f.after) {
    const v = key.param(f.after.value);
    const id = f.after.id;
    q = q.where(desc
      ? sql<boolean>`(${key.expr} < ${v} or (${key.expr} = ${v} and id < ${id}))`
      : sql<boolean>`(${key.expr} > ${v} or (${key.expr} = ${v} and id > ${id}))`);
  }
  const dir = desc ? sql`desc` : sql`asc`;
  return q.orderBy(sql`${key.expr} ${dir}`).orderBy('id', desc ? 'desc' : 'asc').limit(f.limit).execute();
}

export function updateTokenFields(db: Db, id: string, fields: { name?: string; description?: string; agent_type?: string; labels?: string }): Promise<TokenRow> {
  return db.updateTable('api_tokens').set(fields).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** Revokes at `at`: now, or the end of a rotation grace period. */
export function setRevocation(db: Db, id: string, at: Date, by: string, reason: string): Promise<TokenRow> {
  return db
    .updateTable('api_tokens')
    .set({ revoked_at: at, revoked_by: by, revoke_reason: reason })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Marks a token reported leaked (the first report's time is kept). */
export async function setLeaked(db: Db, id: string, at: Date): Promise<void> {
  await db.updateTable('api_tokens').set({ leaked_at: at }).where('id', '=', id).where('leaked_at', 'is', null).execute();
}

/** Records which token replaced a rotated one. */
export async function setRotatedTo(db: Db, id: string, replacementId: string): Promise<void> {
  await db.updateTable('api_tokens').set({ rotated_to: replacementId }).where('id', '=', id).execute();
}

export interface BulkRevokeFilter {
  workspaceId?: string;
  userId?: string;
  ids?: string[];
  withoutExpiration?: boolean;
  kinds?: TokenKind[];
  projectId?: string;
}

/** Revokes every live token matching the filter; returns what was revoked. */
export function revokeMatching(db: Db, f: BulkRevokeFilter, now: Date, by: string, reason: string): Promise<Pick<TokenRow, 'id' | 'public_id' | 'display_prefix' | 'name' | 'workspace_id' | 'kind'>[]> {
  let q = db
    .updateTable('api_tokens')
    .set({ revoked_at: now, revoked_by: by, revoke_reason: reason })
    .where((eb) => eb.or([eb('revoked_at', 'is', null), eb('revoked_at', '>', now)]));
  if (f.workspaceId) q = q.where('workspace_id', '=', f.workspaceId);
  if (f.userId) q = q.where('user_id', '=', f.userId);
  if (f.ids) q = q.where('id', 'in', f.ids.length ? f.ids : ['']);
  if (f.withoutExpiration) q = q.where('expires_at', 'is', null);
  if (f.kinds) q = q.where('kind', 'in', f.kinds);
  if (f.projectId) q = q.where('project_id', '=', f.projectId);
  return q.returning(['id', 'public_id', 'display_prefix', 'name', 'workspace_id', 'kind']).execute();
}

export interface UsageEntry {
  tokenId: string;
  at: Date;
  ip: string | null;
}

/** One statement for a whole batch of last-used times; an older time never overwrites a newer one. */
export async function recordUsage(db: Db, entries: UsageEntry[]): Promise<void> {
  if (!entries.length) return;
  const rows = sql.join(entries.map((e) => sql`(${e.tokenId}::text, ${e.at.toISOString()}::timestamptz, ${e.ip}::text)`));
  await sql`
    update api_tokens set last_used_at = v.at, last_used_ip = v.ip
    from (values ${rows}) as v(id, at, ip)
    where api_tokens.id = v.id and (api_tokens.last_used_at is null or api_tokens.last_used_at < v.at)
  `.execute(db);
}

export function tokenStatus(row: { revoked_at: Date | null; expires_at: Date | null }, now: Date): TokenStatus {
  if (row.revoked_at && row.revoked_at <= now) return 'revoked';
  if (row.expires_at && row.expires_at <= now) return 'expired';
  if (row.revoked_at) return 'rotating';
  return 'active';
}
